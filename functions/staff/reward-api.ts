/**
 * The staff reward API (staff function): reward queues by stage, a case's reward with its
 * line-by-line breakdown, the county's facts, and finance / custodian / supervisor decisions.
 * Changes need `If-Match` with the reward's version (its ETag). No payee detail is read here.
 */
import { Hono } from 'hono';
import { parseJsonBody, parseOrThrow } from '#functions/http/validation.ts';
import type { StaffPrincipal, StaffVerifier } from '#shared/auth/staff.ts';
import type { ServerSecrets } from '#shared/crypto/server-keys.ts';
import type { RewardRecord } from '#shared/domain/reward-record.ts';
import { allowedRewardActions } from '#shared/domain/reward-workflow.ts';
import { type RewardDeps, recordRewardFacts } from '#shared/services/reward-facts.ts';
import { decideRewardAsStaff, rewardOf, rewardQueue } from '#shared/services/rewards.ts';
import { versionOf } from './api.ts';
import { requireStaff } from './auth.ts';
import {
  REWARD_STAGES,
  RewardDecisionSchema,
  RewardFactsBodySchema,
  RewardQueueQuerySchema,
} from './schemas.ts';

export { REWARD_STAGES, RewardDecisionSchema, RewardFactsBodySchema, RewardQueueQuerySchema };

/** A reward as staff see it; the custodian sees no breakdown or facts (they decide a release only). */
export function staffRewardView(r: RewardRecord, staff: StaffPrincipal) {
  if (staff.role === 'identity_custodian') {
    const { answer: _a, facts: _f, manualReason: _m, refusal: _r, ...rest } = r;
    return rest;
  }
  return r;
}

export function rewardApi(deps: RewardDeps & { secrets: ServerSecrets }, verify: StaffVerifier) {
  const app = new Hono();
  app.use('/api/v1/rewards', requireStaff(verify, { pages: false }));

  app.get('/api/v1/rewards', async (c) => {
    const q = parseOrThrow(RewardQueueQuerySchema, c.req.query(), 'query');
    const staff = c.get('staff');
    const page = await rewardQueue(deps, staff, q.stage, q.limit ?? 25, q.cursor);
    c.header('Cache-Control', 'no-store');
    return c.json({
      rewards: page.rewards.map((r) => staffRewardView(r, staff)),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    });
  });

  // /api/v1/cases/* is already behind requireStaff (staff-api.ts).
  app.get('/api/v1/cases/:caseNumber/reward', async (c) => {
    const staff = c.get('staff');
    const { reward, record } = await rewardOf(deps, { staff }, c.req.param('caseNumber'));
    c.header('Cache-Control', 'no-store');
    c.header('ETag', `"${reward.version}"`);
    return c.json({
      reward: staffRewardView(reward, staff),
      allowedActions: allowedRewardActions(
        reward,
        {
          verifiedBy: record.verifiedBy ?? [],
          substantiated: record.conclusion?.outcome === 'substantiated',
        },
        { kind: 'staff', id: staff.id, role: staff.role },
        deps.now(),
      ),
    });
  });

  app.put('/api/v1/cases/:caseNumber/reward/facts', async (c) => {
    const expected = versionOf(c.req.header('if-match'));
    const body = await parseJsonBody(c, RewardFactsBodySchema);
    const { reward } = await recordRewardFacts(
      deps,
      c.get('staff'),
      c.req.param('caseNumber'),
      body,
      expected,
    );
    c.header('ETag', `"${reward.version}"`);
    return c.json({ reward: staffRewardView(reward, c.get('staff')) }, 200);
  });

  app.post('/api/v1/cases/:caseNumber/reward/decisions', async (c) => {
    const expected = versionOf(c.req.header('if-match'));
    const body = await parseJsonBody(c, RewardDecisionSchema);
    const request =
      body.action === 'approve'
        ? {
            action: body.action,
            ...(body.amountYuan !== undefined ? { amountYuan: body.amountYuan } : {}),
            ...(body.reason !== undefined ? { reason: body.reason } : {}),
          }
        : body;
    const { reward } = await decideRewardAsStaff(
      deps,
      c.get('staff'),
      c.req.param('caseNumber'),
      request,
      expected,
    );
    c.header('ETag', `"${reward.version}"`);
    return c.json({ reward: staffRewardView(reward, c.get('staff')) }, 200);
  });
  return app;
}
