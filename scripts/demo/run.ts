/**
 * One demo run against a running server: checks it is a local Chuishao server, files the web
 * reports as citizens do, then runs the case-work, reward and SMS scenarios. This is what the
 * command and the integration test call; the scenarios themselves live beside it.
 */
import { solve } from '#shared/domain/proof-of-work.ts';
import { caseworkFlows } from './casework.ts';
import { cast } from './cast.ts';
import { Client, DemoError, describeFailure, ServerUnreachableError } from './client.ts';
import { rewardFlows } from './rewards.ts';
import { type DemoCase, DemoSession, waiter } from './session.ts';
import { type SmsOutcome, smsConversation } from './sms.ts';
import { KEY_PREFIX, PUBLIC_NAME, REPORTS, type ReportName } from './stories.ts';

export interface DemoOptions {
  /** Where `npm start` listens, e.g. http://localhost:3000. */
  baseUrl: string;
  /**
   * Called before each look at something the stream consumer does (routing, rewards, the public
   * page). Live it waits a moment for the poller; tests pass the harness's `drainStream` (calls
   * are never concurrent).
   */
  waitForStream?: () => Promise<unknown>;
  /** How long to wait for the stream consumer before giving up (default 30 s). */
  timeoutMs?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface DemoResult {
  cases: Record<ReportName, DemoCase>;
  sms: SmsOutcome;
  /** Cases someone had moved on by hand: the demo left them as they were. */
  skipped: string[];
  publicName: string;
  seconds: number;
}

/** Files every demo report (a re-run replays them by Idempotency-Key) and returns their cases. */
async function fileReports(api: Client): Promise<Record<ReportName, DemoCase>> {
  const cases = {} as Record<ReportName, DemoCase>;
  for (const name of Object.keys(REPORTS) as ReportName[]) {
    // npm start counts new reports per address: with a solved proof-of-work (as the page's script
    // does) the demo's reports fit the full hourly budget, not the tighter one for scripts.
    const challenge = await api.request('GET', '/api/v1/challenge');
    const proof: Record<string, string> =
      challenge.status === 200
        ? {
            'x-proof-of-work': `${challenge.body.challenge}:${solve(challenge.body.challenge, challenge.body.difficulty)}`,
          }
        : {};
    const res = await api.request('POST', '/api/v1/reports', {
      body: REPORTS[name],
      headers: { 'idempotency-key': `${KEY_PREFIX}-${name}`, ...proof },
    });
    if (res.status === 422 && res.body?.error?.code === 'idempotency_key_reused')
      throw new DemoError(
        `the server already holds demo report "${name}" with another text (an older demo version); bump KEY_PREFIX in scripts/demo/stories.ts or use a fresh DATA_DIR`,
      );
    if (res.status !== 201) throw new DemoError(describeFailure('POST', '/api/v1/reports', undefined, res));
    cases[name] = { caseNumber: res.body.caseNumber, accessKey: res.body.accessKey, created: !res.replayed };
  }
  return cases;
}

/** Runs the whole demo against a running server; throws DemoError (ServerUnreachableError when it is not there). */
export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const api = new Client(opts.baseUrl.replace(/\/+$/, ''));
  const log = opts.log ?? (() => {});
  const until = waiter(opts.waitForStream, opts.timeoutMs ?? 30_000);
  const skipped: string[] = [];

  const health = await api.request('GET', '/health');
  if (health.status !== 200 || health.body?.status !== 'ok')
    throw new ServerUnreachableError(
      `${api.baseUrl}/health answered ${health.status}: not a Chuishao server`,
    );

  const who = cast();
  const { officerLingjing } = who;
  // The local issuer exists only under npm start; say so plainly rather than fail later.
  const probe = await api.request('POST', '/local/token', {
    body: { role: officerLingjing.role, jurisdiction: officerLingjing.jurisdiction, id: officerLingjing.id },
  });
  if (probe.status !== 200)
    throw new DemoError(
      `${api.baseUrl} gives no local staff tokens (POST /local/token answered ${probe.status}); the demo needs npm start`,
    );

  // 1. The reports, filed on the web as citizens do.
  const cases = await fileReports(api);
  const fresh = Object.values(cases).filter((c) => c.created).length;
  log(`reports: ${fresh} filed, ${Object.keys(cases).length - fresh} already there from an earlier run`);

  const session = new DemoSession(api, cases, skipped, until);
  const flows = { ...caseworkFlows(session, who), ...rewardFlows(session, who) };
  const results = await Promise.allSettled(
    Object.entries(flows).map(async ([name, flow]) => {
      await flow();
      log(`${name}: done`);
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;

  // 2. The SMS conversation: a text opens a report, a second one adds to it.
  const sms = await smsConversation(api, until);
  log(`sms: ${sms.outcomes.join(', ')}`);

  return { cases, sms, skipped, publicName: PUBLIC_NAME, seconds: (Date.now() - started) / 1000 };
}
