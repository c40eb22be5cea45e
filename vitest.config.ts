import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import FileTimesReporter from './test/support/file-times-reporter.ts';

// Node 20 here; the SDK's upgrade notice is known and only adds noise to test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const fileTimes = process.env.VITEST_FILE_TIMES;

export default defineConfig({
  test: {
    // In CI each run also writes a JSON summary, which .ci/run adds up into one closing line.
    // VITEST_FILE_TIMES=<file.json> also writes each file's import and test time, slowest first.
    reporters: [
      'default',
      ...(process.env.CI
        ? [['json', { outputFile: `.ci-results/vitest-${process.pid}.json` }] satisfies ['json', object]]
        : []),
      ...(fileTimes ? [new FileTimesReporter(fileTimes)] : []),
    ],
    // Much of the test time is waiting (on DynamoDB Local, Chromium, child processes): 2 cores run 2
    // files at once well, where vitest's default (cores - 1) runs one at a time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.{ts,tsx}'],
          globalSetup: ['test/support/dynamo-global-setup.ts'],
          // Each file builds its own harness (own tables, clock, logs) and none mocks a module or
          // changes the environment, so files share a worker's loaded modules: importing the whole
          // local stack again for every file cost seconds each.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.{ts,tsx}'],
          globalSetup: ['test/support/dynamo-global-setup.ts', 'test/e2e/browser-global-setup.ts'],
          // As in integration: each file starts its own stack (its own port and tables) and nothing
          // is mocked, so a worker loads the stack's modules once for all its files. Browser files
          // run in the same pool as the others, two at a time like them: run one at a time after
          // the rest, they left one core idle for about a third of the run.
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'durability',
          include: ['test/durability/**/*.test.{ts,tsx}'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.{ts,tsx}'],
          // Files share a worker's loaded aws-cdk-lib and its one plain synth (sharedTestApp): no
          // file changes what another reads, and each import of the CDK costs seconds.
          isolate: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
