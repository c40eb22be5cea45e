/**
 * What the staged scenarios share: the filed cases, the wait for the stream consumer, and the
 * steps that move a case on only if it has not got there yet. Kept in one place so every scenario
 * is safe to run again in the same way, and a case moved on by hand is left alone the same way.
 */
import type { DemoUser } from './cast.ts';
import { type Client, DemoError, describeFailure } from './client.ts';
import type { ReportName } from './stories.ts';

export interface DemoCase {
  caseNumber: string;
  accessKey: string;
  /** Filed by this run; false when the report's Idempotency-Key replayed an earlier run's case. */
  created: boolean;
}

interface CaseView {
  status: string;
  conclusion?: unknown;
  rectification?: { confirmedAt?: string };
  supervision?: unknown;
}

export interface Step {
  by: DemoUser;
  request: Record<string, unknown> & { action: string };
  /** Already taken (by an earlier run): the case got past it. */
  done(c: CaseView): boolean;
}

/** Polls `check` (after letting the stream consumer run) until it answers, or fails naming `what`. */
export type Until = <T>(what: string, check: () => Promise<T | undefined>) => Promise<T>;

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/**
 * The poll loop of a run. With a hook (the test's drainStream) the hook runs one call at a time;
 * live, each poll just waits a moment for the server's poller.
 */
export function waiter(hook: (() => Promise<unknown>) | undefined, timeoutMs: number): Until {
  let turn: Promise<unknown> = Promise.resolve();
  const waitForStream = hook
    ? () => {
        turn = turn.then(hook, hook);
        return turn;
      }
    : () => sleep(250);

  return async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await waitForStream();
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new DemoError(
          `gave up after ${Math.round(timeoutMs / 1000)} s waiting for ${what} — is the server's stream consumer running?`,
        );
    }
  };
}

export const accept = (by: DemoUser): Step => ({
  by,
  request: { action: 'accept', note: '已受理，安排核查。' },
  done: (c) => c.status !== 'assigned',
});

export const startVerification = (by: DemoUser): Step => ({
  by,
  request: { action: 'start_verification', note: '安排两名执法人员现场核查。' },
  done: (c) => !['assigned', 'accepted'].includes(c.status),
});

export const substantiate = (by: DemoUser, conclusion: string): Step => ({
  by,
  request: { action: 'substantiate', conclusion },
  done: (c) => Boolean(c.conclusion),
});

/** The filed cases and the server, as the scenarios act on them. */
export class DemoSession {
  constructor(
    readonly api: Client,
    readonly cases: Record<ReportName, DemoCase>,
    /** Cases someone had moved on by hand, collected for the result. */
    readonly skipped: string[],
    readonly until: Until,
  ) {}

  /** Opens the case as `by` (an audited view, like the case page) and returns it with its ETag. */
  async openCase(name: ReportName, by: DemoUser) {
    const res = await this.api.expect(200, 'GET', `/api/v1/cases/${this.cases[name].caseNumber}`, { as: by });
    return {
      view: res.body.case as CaseView,
      timeline: res.body.timeline as { type: string }[],
      etag: res.etag,
    };
  }

  /** Takes each step the case has not got past yet; a case moved on by hand is left alone. */
  async advance(name: ReportName, steps: Step[]): Promise<boolean> {
    const cn = this.cases[name].caseNumber;
    for (const step of steps) {
      // A 412 means the case changed between reading and writing (the stream consumer may append
      // to it too): read it again and retry, as the case page would.
      for (let attempt = 1; ; attempt++) {
        const { view, etag } = await this.openCase(name, step.by);
        if (step.done(view)) break;
        const res = await this.api.request('POST', `/api/v1/cases/${cn}/transitions`, {
          as: step.by,
          body: step.request,
          headers: { 'if-match': etag ?? '' },
        });
        if (res.status === 200) break;
        if (res.status === 412 && attempt < 5) continue;
        const why = describeFailure('POST', `/api/v1/cases/${cn}/transitions`, step.by, res);
        if (this.cases[name].created) throw new DemoError(`${name}: ${step.request.action} refused — ${why}`);
        this.skipped.push(
          `${cn} (${name}): status ${view.status}, ${step.request.action} not possible — left as it is`,
        );
        return false;
      }
    }
    return true;
  }

  /** The reward the stream consumer opens after a substantiation, as `by` sees it (with its ETag). */
  async rewardOf(name: ReportName, by: DemoUser) {
    const cn = this.cases[name].caseNumber;
    return this.until(`the reward of ${cn} to be opened (stream consumer)`, async () => {
      const res = await this.api.request('GET', `/api/v1/cases/${cn}/reward`, { as: by });
      if (res.status === 404) return undefined;
      if (res.status !== 200)
        throw new DemoError(describeFailure('GET', `/api/v1/cases/${cn}/reward`, by, res));
      return { reward: res.body.reward as { status: string; amountYuan?: number }, etag: res.etag ?? '' };
    });
  }

  /** The county's penalty decision on a substantiated case; the engine calculates at once. */
  async recordPenalty(name: ReportName, by: DemoUser, unitYuan: number, decisionNo: string) {
    const { reward, etag } = await this.rewardOf(name, by);
    if (reward.status !== 'awaiting_facts') return reward;
    const res = await this.api.expect(
      200,
      'PUT',
      `/api/v1/cases/${this.cases[name].caseNumber}/reward/facts`,
      {
        as: by,
        headers: { 'if-match': etag },
        body: {
          category: 'major_hazard',
          alreadyKnownToAuthority: false,
          penalty: { totalYuan: unitYuan, unitYuan, individualsYuan: 0, confiscatedYuan: 0, decisionNo },
        },
      },
    );
    return res.body.reward as { status: string; amountYuan?: number };
  }
}
