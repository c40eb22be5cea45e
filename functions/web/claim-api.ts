/**
 * `POST /api/v1/reports/{caseNumber}/reward-claim` (documented with the reporter API): the reporter
 * claims an awarded reward with the case number and access key, giving the payee's details, which
 * are sealed into the identity store. Served by the pages function (it may seal, never open).
 */
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import { clientAddress } from '#functions/http/client-address.ts';
import type { AppDeps } from '#functions/http/compose.ts';
import { AccessKeyHeaderSchema, RewardClaimSchema } from '#functions/http/schemas.ts';
import { parseJsonBody, parseOrThrow } from '#functions/http/validation.ts';
import type { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { authenticateReporter } from '#shared/services/follow-up.ts';
import { claimReward, reporterRewardView } from '#shared/services/rewards.ts';

const CaseParams = z.object({ caseNumber: z.string().check(z.maxLength(32)) });

export function claimApi(deps: AppDeps & { rewards: RewardRepository }) {
  const app = new Hono();
  app.post('/api/v1/reports/:caseNumber/reward-claim', async (c) => {
    const { caseNumber } = parseOrThrow(CaseParams, c.req.param(), 'path');
    const accessKey = parseOrThrow(AccessKeyHeaderSchema, c.req.header(), 'header')['x-access-key'] ?? '';
    const payee = await parseJsonBody(c, RewardClaimSchema);
    const record = await authenticateReporter(deps, caseNumber, accessKey, { address: clientAddress(c) });
    const reward = await claimReward(deps, record, payee);
    c.header('Cache-Control', 'no-store');
    return c.json({ caseNumber, reward: reporterRewardView(reward) }, 201);
  });
  return app;
}
