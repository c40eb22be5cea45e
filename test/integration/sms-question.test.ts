/**
 * The receipt's one follow-up question, through the SMS handler on DynamoDB Local: the receipt of
 * a routed report asks for the hazard type, a bare number in reply lands on the case as its
 * questionnaire answer (and its filter attribute), the staff case page shows it, and any other
 * text is an ordinary addition. Also: opening a case writes its sealed contact with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RECEIPT } from '#shared/domain/sms/replies.ts';
import { createHarness, type Harness, postJson } from '../support/harness.ts';

let h: Harness;
let seq = 0;

async function text(from: string, body: string) {
  const res = await postJson(h.app, '/local/sms/inbound', {
    originationNumber: from,
    destinationNumber: '+8610690000000',
    messageKeyword: 'KEYWORD_TEST',
    messageBody: body,
    inboundMessageId: `question-${++seq}`,
    previousPublishedMessageId: null,
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { outcome: string }).outcome;
}

const lastReply = (number: string) => h.smsOutbox.list(number).at(-1)?.text ?? '';
const caseNumberIn = (reply: string) => /案件编号(\d{8}-\d{6})/.exec(reply)?.[1] ?? '';

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

describe('the SMS follow-up question', () => {
  it('asks the hazard type in the receipt and stores a numbered answer on the case', async () => {
    const from = '+8613700009001';
    expect(await text(from, '禹州市神垕镇老街的配电房电线裸露，旁边堆着纸箱')).toBe('open_report');
    const receipt = lastReply(from);
    expect(receipt).toContain('已转神垕镇办理');
    expect(receipt).toContain('隐患类型');
    expect(receipt).toContain('2用电');
    expect(receipt.length).toBeLessThanOrEqual(MAX_RECEIPT);
    const caseNumber = caseNumberIn(receipt);
    // One transaction: the case, its opening text and the sealed number are there together.
    expect(await h.smsDeps.sms.contact(caseNumber)).not.toBeNull();
    await h.drainStream();

    expect(await text(from, '２')).toBe('answer_question');
    expect(lastReply(from)).toContain('用电');
    expect(lastReply(from)).toContain(caseNumber);
    const record = (await h.deps.cases.get(caseNumber))!.record;
    expect(record.answers).toEqual({ hazardType: 'electrical' });
    expect(record).toMatchObject({ hazardType: 'electrical', townshipCode: '411081103' });
    const texts = (await h.deps.cases.listEvents(caseNumber))
      .filter((e) => e.type === 'reporter_message')
      .map((e) => e.text);
    expect(texts).toEqual(['禹州市神垕镇老街的配电房电线裸露，旁边堆着纸箱', '２']);

    // Staff see the answer on the case page, in Chinese.
    const officer = {
      authorization: `Bearer ${await h.tokenFor({ role: 'township_officer', jurisdiction: '411081103', id: 'officer-shenhou' })}`,
    };
    const page = await (await h.app.request(`/staff/cases/${caseNumber}`, { headers: officer })).text();
    expect(page).toContain('举报人回答的问题');
    expect(page).toMatch(/data-answer="hazardType">用电</);

    // The question is answered once: a later bare number is an ordinary addition.
    expect(await text(from, '3')).toBe('append_to_case');
    expect((await h.deps.cases.get(caseNumber))!.record.answers).toEqual({ hazardType: 'electrical' });
  });

  it('leaves the question open for texts that are not an answer', async () => {
    const from = '+8613700009002';
    await text(from, '建安区灵井镇某仓库里堆满了液化气钢瓶，没人看管');
    const caseNumber = caseNumberIn(lastReply(from));
    expect(await text(from, '仓库在镇东头')).toBe('append_to_case');
    expect(await text(from, '燃气')).toBe('answer_question');
    expect((await h.deps.cases.get(caseNumber))!.record.answers).toEqual({ hazardType: 'gas' });
  });

  it('asks for the township instead when the place is unknown', async () => {
    const from = '+8613700009003';
    await text(from, '陈庄村西边的砖厂晚上偷偷开工，电线乱拉');
    expect(lastReply(from)).toContain('乡镇');
    expect(lastReply(from)).not.toContain('隐患类型');
    expect(await text(from, '2')).toBe('append_to_case');
  });
});
