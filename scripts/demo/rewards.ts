/**
 * The reward scenarios: substantiated cases whose rewards stand at each stage (waiting for the
 * county's facts, calculated and waiting for finance, approved and notified), so the supervisors,
 * finance and the reporter each have a reward to act on.
 */
import type { Cast } from './cast.ts';
import { accept, type DemoSession, startVerification, substantiate } from './session.ts';

/** The reward scenarios by name; each is safe to run again and they may run concurrently. */
export function rewardFlows(s: DemoSession, who: Cast): Record<string, () => Promise<void>> {
  const { api, cases } = s;
  const { officerLingjing, officerShenhou, supervisorJianan, supervisorYuzhou, financeReview } = who;
  return {
    // Substantiated in 禹州市: the reward waits for 赵监's facts.
    async rewardFacts() {
      const ok = await s.advance('rewardFacts', [
        accept(officerShenhou),
        startVerification(officerShenhou),
        substantiate(
          officerShenhou,
          '核查属实：该矿在封闭巷道违法组织采煤，遮蔽瓦斯检测仪，已责令停产并立案调查。',
        ),
      ]);
      if (ok) await s.rewardOf('rewardFacts', supervisorYuzhou);
    },
    // Facts recorded by 张督 (a penalty decision): calculated, waiting for finance.
    async rewardApprove() {
      const ok = await s.advance('rewardApprove', [
        accept(officerLingjing),
        startVerification(officerLingjing),
        substantiate(officerLingjing, '核查属实：罐车超载、年检过期，已扣车并立案处罚。'),
      ]);
      if (ok) await s.recordPenalty('rewardApprove', supervisorJianan, 60_000, '许建应急罚〔2026〕21号');
    },
    // Facts by 张督, approved by 吴复 (not who recorded the facts): the award notice is out.
    async rewardNotified() {
      const ok = await s.advance('rewardNotified', [
        accept(officerLingjing),
        startVerification(officerLingjing),
        substantiate(officerLingjing, '核查属实：仓库超量储存烟花爆竹并违规住人，已查封并立案处罚。'),
      ]);
      if (!ok) return;
      const reward = await s.recordPenalty(
        'rewardNotified',
        supervisorJianan,
        100_000,
        '许建应急罚〔2026〕17号',
      );
      if (reward.status !== 'calculated') return;
      const { etag } = await s.rewardOf('rewardNotified', financeReview);
      await api.expect(200, 'POST', `/api/v1/cases/${cases.rewardNotified.caseNumber}/reward/decisions`, {
        as: financeReview,
        headers: { 'if-match': etag },
        body: { action: 'approve' },
      });
    },
  };
}
