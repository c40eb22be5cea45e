/**
 * The case-work scenarios: reports left where the routing put them (the place matcher's work, and
 * a triage the operator must decide), and cases staged through 受理, 核查, 整改 and 办结, so each
 * township officer, the operator and the county find work in their queues and /public has a listed
 * hazard.
 */
import { shanghaiDate } from '#shared/domain/shanghai-time.ts';
import type { Cast } from './cast.ts';
import { accept, type DemoSession, startVerification, substantiate } from './session.ts';
import { KEY_PREFIX, PUBLIC_NAME } from './stories.ts';

/** YYYY-MM-DD in Shanghai, `days` from now (deadlines must not be in the past there). */
function shanghaiDay(days: number): string {
  return shanghaiDate(new Date(Date.now() + days * 86_400_000));
}

/** The case-work scenarios by name; each is safe to run again and they may run concurrently. */
export function caseworkFlows(s: DemoSession, who: Cast): Record<string, () => Promise<void>> {
  const { api, cases, until } = s;
  const { officerLingjing, officerShenhou, supervisorJianan } = who;
  return {
    // Address only: the place matcher routes it to 神垕镇 once it is stored.
    async addressRouted() {
      const { caseNumber, accessKey } = cases.addressRouted;
      await until(`${caseNumber} to be routed by the place matcher`, async () => {
        const res = await api.expect(200, 'GET', `/api/v1/reports/${caseNumber}`, {
          headers: { 'x-access-key': accessKey },
        });
        return res.body.status === 'triage' ? undefined : true;
      });
    },
    // 陈庄 is seven villages in Xuchang: the matcher notes the candidates and leaves it to the operator.
    async triage() {
      const { caseNumber } = cases.triage;
      await until(`${caseNumber} to be looked at by the place matcher`, async () => {
        const res = await api.expect(200, 'GET', '/local/outbox');
        const entries = (res.body.entries ?? []) as { kind: string; caseNumber: string }[];
        return entries.some((e) => e.kind === 'triage_needed' && e.caseNumber === caseNumber)
          ? true
          : undefined;
      });
    },
    // Accepted and under verification; the officer asks the custodian for the reporter's identity
    // and asks the reporter a question on the follow-up page.
    async verifying() {
      if (!(await s.advance('verifying', [accept(officerLingjing), startVerification(officerLingjing)])))
        return;
      const cn = cases.verifying.caseNumber;
      const { timeline } = await s.openCase('verifying', officerLingjing);
      if (!timeline.some((e) => e.type === 'identity_requested'))
        await api.expect(201, 'POST', `/api/v1/cases/${cn}/identity-requests`, {
          as: officerLingjing,
          body: { reason: '现场核查需联系举报人确认漏气储罐的具体位置，并请其到场指认。' },
        });
      await api.expect(201, 'POST', `/api/v1/cases/${cn}/messages`, {
        as: officerLingjing,
        headers: { 'idempotency-key': `${KEY_PREFIX}-verifying-question` },
        body: { text: '您好，我们已到现场核查。请问漏气的是几号储罐？如方便，请通过本页补充照片。' },
      });
    },
    // Substantiated, rectification ordered, listed for supervision (挂牌督办) with a public name;
    // its reward waits for the county's facts.
    async rectifying() {
      const ok = await s.advance('rectifying', [
        accept(officerLingjing),
        startVerification(officerLingjing),
        substantiate(
          officerLingjing,
          '经现场核查，熔炼炉地坑积水属实，存在铁水遇水爆炸风险，构成重大事故隐患。',
        ),
        {
          by: officerLingjing,
          request: {
            action: 'order_rectification',
            order: '立即停止熔炼作业，排干地坑积水并做防渗处理，整改完成前不得恢复生产。',
            deadline: shanghaiDay(30),
          },
          done: (c) => Boolean(c.rectification),
        },
        {
          by: supervisorJianan,
          request: {
            action: 'list_for_supervision',
            deadline: shanghaiDay(90),
            publicName: PUBLIC_NAME,
            note: '区应急管理局挂牌督办，每周报告整改进度。',
          },
          done: (c) => Boolean(c.supervision),
        },
      ]);
      if (!ok) return;
      await until(`the listed hazard on /public`, async () => {
        const res = await api.expect(200, 'GET', '/public');
        return res.text.includes(PUBLIC_NAME) ? true : undefined;
      });
      await s.rewardOf('rectifying', supervisorJianan);
    },
    // Not substantiated and closed with feedback: the reporter may object for 10 days.
    async closed() {
      await s.advance('closed', [
        accept(officerShenhou),
        startVerification(officerShenhou),
        {
          by: officerShenhou,
          request: {
            action: 'unsubstantiate',
            conclusion: '现场核查：配电箱已加装箱门并重新布线，车间地面无积水，未发现触电隐患。',
          },
          done: (c) => Boolean(c.conclusion),
        },
        {
          by: officerShenhou,
          request: {
            action: 'close',
            feedback:
              '感谢您的举报。经镇安监站现场核查，该厂已对配电箱加装箱门、重新规范布线，车间排水已疏通，举报所述隐患已不存在。如对结论有异议，可在10日内提出。',
          },
          done: (c) => c.status === 'closed',
        },
      ]);
    },
  };
}
