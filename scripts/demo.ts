/**
 * `npm run demo`: fills a running `npm start` with demo work, so the consoles, the follow-up page
 * and /public are not empty and every role has something to do. It talks to the server over HTTP
 * only — the public API, the staff JSON API with tokens from `POST /local/token`, and the SMS
 * simulator's `POST /local/sms/inbound` — exactly as citizens and staff would, so the stream
 * consumer routes, notifies, opens rewards and keeps the public page for real.
 *
 * Safe to run again: every report is filed with a fixed Idempotency-Key (a re-run gets the same
 * case and access key back), every staged step is taken only if the case has not got there yet,
 * and the texts carry fixed inbound message ids. A second run therefore creates nothing new; it
 * finishes whatever a first, interrupted run left undone. A case someone moved on by hand in a
 * console is left alone and named in the output.
 *
 *   npm run demo                      against http://localhost:3000
 *   npm run demo -- --url http://localhost:3399
 *
 * It prints case numbers and access keys of the reporter-side demo cases (they are made-up demo
 * data); it never prints request bodies.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DemoError, ServerUnreachableError } from './demo/client.ts';
import { runDemo } from './demo/run.ts';
import { summary } from './demo/summary.ts';

// The command's parts live in scripts/demo/: the HTTP client, the demo staff, the story texts, the
// scenarios and the summary. What the integration test and other callers use is exported here.
export { DemoError, ServerUnreachableError } from './demo/client.ts';
export { type DemoOptions, type DemoResult, runDemo } from './demo/run.ts';
export type { DemoCase } from './demo/session.ts';
export { DEMO_SMS_NUMBER, PUBLIC_NAME } from './demo/stories.ts';
export { summary } from './demo/summary.ts';

const USAGE = 'usage: npm run demo [-- --url http://localhost:3000]';

function parseArgs(argv: readonly string[]): { url: string } {
  let url = 'http://localhost:3000';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (arg === '--url' && argv[i + 1]) url = argv[++i]!;
    else if (arg.startsWith('--url=')) url = arg.slice('--url='.length);
    else {
      process.stderr.write(`unknown argument ${arg}\n${USAGE}\n`);
      process.exit(2);
    }
  }
  return { url: url.replace(/\/+$/, '') };
}

async function main() {
  const { url } = parseArgs(process.argv.slice(2));
  try {
    const result = await runDemo({ baseUrl: url, log: (line) => process.stderr.write(`  ${line}\n`) });
    process.stdout.write(`${summary(result, url)}\n`);
  } catch (err) {
    if (err instanceof ServerUnreachableError) {
      process.stderr.write(
        `No Chuishao server at ${url}: ${err.message}.\nStart it first with \`npm start\` (in another terminal), then run \`npm run demo\` again.\n`,
      );
    } else if (err instanceof DemoError) {
      process.stderr.write(`demo failed: ${err.message}\n`);
    } else throw err;
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
