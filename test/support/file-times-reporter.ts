/**
 * Per-file cost of a test run, for finding where `npm test` spends its time: a reporter that, at the
 * end, writes each file's import (collect), setup and test-plus-hook time and its wall span to JSON,
 * slowest first. Turned on by `VITEST_FILE_TIMES=<file.json>` (vitest.config.ts); off by default.
 */
import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class FileTimesReporter implements Reporter {
  constructor(private readonly outFile: string) {}

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const rows = modules.map((m) => {
      const d = m.diagnostic();
      const total =
        d.environmentSetupDuration + d.prepareDuration + d.collectDuration + d.setupDuration + d.duration;
      return {
        file: m.moduleId.replace(`${process.cwd()}/`, ''),
        project: m.project.name,
        tests: [...m.children.allTests()].length,
        state: m.state(),
        totalMs: Math.round(total),
        importMs: Math.round(d.collectDuration),
        testsAndHooksMs: Math.round(d.duration),
      };
    });
    rows.sort((a, b) => b.totalMs - a.totalMs);
    writeFileSync(this.outFile, `${JSON.stringify(rows, null, 1)}\n`);
  }
}
