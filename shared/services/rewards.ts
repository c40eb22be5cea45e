/**
 * The reward of a substantiated case: opened when the case is substantiated,
 * calculated by the engine when the county records the facts, approved or refused by finance with
 * separation of duties, notified to the reporter, claimed with the case number and access key (the
 * payee details sealed apart), released by the identity custodian to the paying officer, paid — or
 * lapsed at the end of the claim window. The pure machine (reward-workflow.ts) decides; this module
 * reads, writes the reward and its audit event in one transaction, and retries lost races.
 */
import { randomUUID } from 'node:crypto';
import { type StaffPrincipal, withinJurisdiction } from '../auth/staff.ts';
import { type KeyProvider, open, seal } from '../crypto/envelope.ts';
import type { ServerSecrets } from '../crypto/server-keys.ts';
import type { CaseRecord } from '../domain/case.ts';
import type { PayeeDetails } from '../domain/payee.ts';
import {
  openReward,
  type RewardActor,
  type RewardCaseFacts,
  type RewardRecord,
  type RewardRequest,
} from '../domain/reward-record.ts';
import { decideReward } from '../domain/reward-workflow.ts';
import { ForbiddenError, NotFoundError, RefusedError } from '../errors.ts';
import type { ChangeDecision } from '../repositories/case-change.ts';
import type { ListStage, RewardRepository } from '../repositories/reward-repository.ts';
import {
  appendStaffEvent,
  canReadCase,
  caseJurisdiction,
  readableCase,
  type StaffDeps,
} from './case-access.ts';
import { openCursor, sealCursor } from './cursors.ts';

/** What moving a reward needs (calculating it also needs the rule sets: reward-facts.ts). */
export interface RewardStoreDeps extends StaffDeps {
  rewards: RewardRepository;
}

export type { PayeeDetails };

const countyOf = (c: CaseRecord, regionCode: string) =>
  c.townshipCode?.slice(0, 6) ?? c.location.countyCode ?? regionCode;

const caseFactsOf = (c: CaseRecord): RewardCaseFacts => ({
  verifiedBy: c.verifiedBy ?? [],
  substantiated: c.conclusion?.outcome === 'substantiated',
});

/**
 * Opens the reward of a substantiated case (the stream consumer, after the substantiation has
 * committed). Idempotent: a redelivered stream record finds the reward there.
 */
export async function openRewardOf(deps: RewardStoreDeps, caseNumber: string): Promise<boolean> {
  const stored = await deps.cases.get(caseNumber);
  if (stored?.record.conclusion?.outcome !== 'substantiated') return false;
  const c = stored.record;
  return deps.rewards.open(
    openReward(
      caseNumber,
      { countyCode: countyOf(c, deps.regionCode), jurisdiction: caseJurisdiction(c, deps.regionCode) },
      deps.now(),
    ),
  );
}

type Who = { staff: StaffPrincipal } | { reporter: CaseRecord } | { system: true };

/** Whether this actor may see the case; the custodian acts on the reward without the case content. */
function mayReadCase(deps: RewardStoreDeps, who: Who, c: CaseRecord): boolean {
  if ('reporter' in who) return c.caseNumber === who.reporter.caseNumber;
  if (!('staff' in who)) return true;
  if (who.staff.role !== 'identity_custodian') return canReadCase(who.staff, c, deps.regionCode);
  return withinJurisdiction(who.staff, caseJurisdiction(c, deps.regionCode));
}

/** The case, read as this actor may read it. */
async function caseFor(deps: RewardStoreDeps, who: Who, caseNumber: string): Promise<CaseRecord> {
  if ('reporter' in who) return who.reporter;
  if ('staff' in who && who.staff.role !== 'identity_custodian')
    return readableCase(deps, who.staff, caseNumber);
  const stored = await deps.cases.get(caseNumber);
  if (!stored || !mayReadCase(deps, who, stored.record)) throw new NotFoundError('case not found');
  return stored.record;
}

const actorOf = (who: Who): RewardActor =>
  'staff' in who
    ? { kind: 'staff', id: who.staff.id, role: who.staff.role }
    : 'reporter' in who
      ? { kind: 'reporter' }
      : { kind: 'system' };

/** The reward of a case this actor may see; NotFound when there is none or the case is not theirs. */
export async function rewardOf(deps: RewardStoreDeps, who: Who, caseNumber: string) {
  const record = await caseFor(deps, who, caseNumber);
  const reward = await deps.rewards.get(caseNumber);
  if (!reward) throw new NotFoundError('no reward for this case');
  return { record, reward };
}

/**
 * Applies a reward action if the reward is still at `expectedVersion` (when given). `build` makes
 * the request from the fresh reward and case (the engine runs there for record_facts).
 */
export async function applyRewardAction(
  deps: RewardStoreDeps,
  who: Who,
  caseNumber: string,
  build: RewardRequest | ((reward: RewardRecord, record: CaseRecord) => RewardRequest),
  opts: {
    expectedVersion?: number;
    extra?: (reward: RewardRecord) => import('@aws-sdk/client-dynamodb').TransactWriteItem[];
  } = {},
): Promise<{ reward: RewardRecord; record: CaseRecord }> {
  if ('staff' in who && who.staff.role === 'auditor') throw new ForbiddenError('auditors only read');
  const { record, result: reward } = await deps.cases.change(
    caseNumber,
    ({ record, loaded: reward, now }): ChangeDecision<RewardRecord> => {
      if (!reward) return { ok: false, code: 'not_found', message: 'no reward for this case' };
      if (opts.expectedVersion !== undefined && reward.version !== opts.expectedVersion)
        return { ok: false, code: 'stale_version', message: 'stale version', currentVersion: reward.version };
      const request = typeof build === 'function' ? build(reward, record) : build;
      const decision = decideReward(reward, caseFactsOf(record), request, actorOf(who), now);
      if (!decision.ok) return { ...decision, ok: false };
      const e = decision.event;
      return {
        ok: true,
        events: [
          {
            type: 'reward',
            action: e.action,
            actor:
              'staff' in who
                ? { kind: 'staff', staffId: who.staff.id }
                : { kind: 'reporter' in who ? 'reporter' : 'system' },
            reporterVisible: e.reporterVisible,
            ...(e.text ? { text: e.text } : {}),
            ...(e.internalNote ? { internalNote: e.internalNote } : {}),
            ...(e.detail ? { detail: e.detail } : {}),
          },
        ],
        // Someone else wrote the case or the reward first: change() reads both again.
        extra: [deps.rewards.putIfVersion(decision.next, reward.version), ...(opts.extra?.(reward) ?? [])],
        result: decision.next,
      };
    },
    {
      now: deps.now,
      load: () => deps.rewards.get(caseNumber),
      authorize: (c) =>
        mayReadCase(deps, who, c) ? null : { ok: false, code: 'not_found', message: 'case not found' },
    },
  );
  return { reward, record };
}

/** Staff decisions that need no more than the request: approve, refuse, extend, release, pay. */
export function decideRewardAsStaff(
  deps: RewardStoreDeps,
  staff: StaffPrincipal,
  caseNumber: string,
  request: Exclude<RewardRequest, { action: 'record_facts' | 'claim' | 'lapse' }>,
  expectedVersion: number,
) {
  return applyRewardAction(deps, { staff }, caseNumber, request, { expectedVersion });
}

/**
 * The reporter claims (after signing in with the case number and access key, or by SMS from the
 * number that reported the case): the payee details are sealed into the identity store in the same
 * transaction as the claim. A retried claim of a claimed reward answers with the reward, writing
 * nothing. `channel: 'sms'` marks the claim event so the stream consumer does not text the
 * confirmation a second time (the SMS reply is the confirmation).
 */
export async function claimReward(
  deps: RewardStoreDeps & { keys: KeyProvider },
  reporterCase: CaseRecord,
  payee: PayeeDetails,
  opts: { channel?: 'sms' } = {},
) {
  const caseNumber = reporterCase.caseNumber;
  const current = await deps.rewards.get(caseNumber);
  if (current?.status === 'claimed' || current?.status === 'paid') return current;
  const sealed = await seal(deps.keys, payee, caseNumber, { purpose: 'reward_claim', caseNumber });
  const fresh = async () => {
    const stored = await deps.cases.get(caseNumber);
    if (!stored) throw new NotFoundError('case not found');
    return stored.record;
  };
  try {
    const { reward } = await applyRewardAction(
      deps,
      { reporter: await fresh() },
      caseNumber,
      { action: 'claim', ...(opts.channel ? { channel: opts.channel } : {}) },
      {
        extra: () => [deps.rewards.putClaim(caseNumber, sealed)],
      },
    );
    return reward;
  } catch (err) {
    // A concurrent claim won: answer as the retry it is.
    const after = await deps.rewards.get(caseNumber);
    if (after?.status === 'claimed') return after;
    throw err;
  }
}

const LIST_ROLES: Record<ListStage, readonly string[]> = {
  facts: ['county_supervisor', 'finance_officer', 'auditor'],
  approve: ['finance_officer', 'county_supervisor', 'auditor'],
  release: ['identity_custodian', 'finance_officer', 'auditor'],
  pay: ['finance_officer', 'auditor'],
};

/** Counties a staff member's jurisdiction covers (a township's county, a county, a city's counties). */
async function countiesOf(deps: RewardStoreDeps, staff: StaffPrincipal): Promise<string[]> {
  const j = staff.jurisdiction;
  if (j.length >= 6) return [j.slice(0, 6)];
  return [...(await deps.directory.children(j)).map((c) => c.code), j];
}

/** Rewards waiting at a stage inside this staff member's jurisdiction. */
export async function rewardQueue(
  /** `secrets` signs the queue's page cursors (shared/services/cursors.ts). */
  deps: RewardStoreDeps & { secrets: ServerSecrets },
  staff: StaffPrincipal,
  stage: ListStage,
  limit: number,
  cursor?: string,
) {
  const scope = { list: 'rewards', caller: staff, query: { stage } };
  if (!LIST_ROLES[stage].includes(staff.role)) throw new ForbiddenError(`${staff.role} cannot list ${stage}`);
  const page = await rewardPage(deps, staff, stage, limit, await openCursor(deps.secrets, scope, cursor));
  const next = await sealCursor(deps.secrets, scope, page.cursor);
  return { rewards: page.rewards, ...(next ? { cursor: next } : {}) };
}

/** One page at a stage by the repository's own position (server-side loops; never from a client). */
async function rewardPage(
  deps: RewardStoreDeps,
  staff: StaffPrincipal,
  stage: ListStage,
  limit: number,
  position?: string,
) {
  if (!LIST_ROLES[stage].includes(staff.role)) throw new ForbiddenError(`${staff.role} cannot list ${stage}`);
  const page = await deps.rewards.list(stage, await countiesOf(deps, staff), limit, position);
  return {
    ...page,
    rewards: page.rewards.filter((r) => withinJurisdiction(staff, r.jurisdiction)),
  };
}

/** Lapses the notified rewards whose claim window has ended (the scheduled sweep). */
export async function lapseRewards(deps: RewardStoreDeps): Promise<number> {
  const now = deps.now().toISOString();
  let lapsed = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.rewards.claimWindowsEnded(now, 100, cursor);
    cursor = page.cursor;
    for (const r of page.rewards) {
      try {
        await applyRewardAction(deps, { system: true }, r.caseNumber, { action: 'lapse' });
        lapsed++;
      } catch (err) {
        // Claimed or extended meanwhile, or the window ends exactly now: not lapsed.
        if (!(err instanceof RefusedError)) throw err;
      }
    }
  } while (cursor);
  return lapsed;
}

export interface PaymentRow {
  caseNumber: string;
  amountYuan: number;
  payee: PayeeDetails;
  approvedBy: string[];
}

/**
 * The payment batch of the paying officer: the claimed rewards whose payee details the custodian
 * released to them, with those details opened (reveal function only). Each case records the export
 * in its audit chain with the batch id.
 */
export async function paymentBatch(
  deps: RewardStoreDeps & { keys: KeyProvider },
  staff: StaffPrincipal,
): Promise<{ batchId: string; rows: PaymentRow[] }> {
  if (staff.role !== 'finance_officer') throw new ForbiddenError('only finance officers export payments');
  const batchId = `${deps.now().toISOString().slice(0, 10).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`;
  const rows: PaymentRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await rewardPage(deps, staff, 'pay', 100, cursor);
    cursor = page.cursor;
    for (const r of page.rewards) {
      if (r.status !== 'claimed' || r.releasedTo !== staff.id || r.amountYuan === undefined) continue;
      const sealed = await deps.rewards.sealedClaim(r.caseNumber);
      if (!sealed) continue;
      const payee = await open<PayeeDetails>(deps.keys, sealed, r.caseNumber, {
        purpose: 'reward_claim',
        caseNumber: r.caseNumber,
      });
      const stored = await deps.cases.get(r.caseNumber);
      if (!stored) continue;
      await appendStaffEvent(deps, stored.record, () => ({
        type: 'reward',
        action: 'export_payment',
        actor: { kind: 'staff', staffId: staff.id },
        reporterVisible: false,
        detail: { batchId },
      }));
      rows.push({
        caseNumber: r.caseNumber,
        amountYuan: r.amountYuan,
        payee,
        approvedBy: r.approvals.map((a) => a.staffId),
      });
    }
  } while (cursor);
  return { batchId, rows };
}

/** What the reporter sees of the reward (never the breakdown's staff details). */
export function reporterRewardView(r: RewardRecord | null) {
  if (!r || !['notified', 'claimed', 'paid', 'expired', 'refused'].includes(r.status)) return null;
  return {
    status: r.status,
    ...(r.amountYuan !== undefined && r.status !== 'refused' ? { amountYuan: r.amountYuan } : {}),
    ...(r.claimWindowEndsAt ? { claimWindowEndsAt: r.claimWindowEndsAt } : {}),
    ...(r.claimedAt ? { claimedAt: r.claimedAt } : {}),
    ...(r.paidAt ? { paidAt: r.paidAt } : {}),
  };
}
