/**
 * The SMS channel end to end, from the End User Messaging JSON (as `POST /local/sms/inbound`
 * wraps it into the SNS Message) to cases in DynamoDB Local and replies in the in-memory outbox:
 * idempotent delivery, reports, status, appends, opt-out, and the number never in clear.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_WEBHOOK_SECRET } from '#functions/local/stack.ts';
import { signWebhook, WEBHOOK_PATH } from '#functions/sms/webhook.ts';
import { fitsTwoSegments } from '#shared/domain/sms/replies.ts';
import { viewOf } from '#shared/services/follow-up.ts';
import { handleInboundSms } from '#shared/services/sms-inbound.ts';
import { postForm } from '../support/browser-form.ts';
import { createHarness, type Harness, postJson } from '../support/harness.ts';

const CANARY = '+8613912345678';
const CANARY_MAINLAND = '13912345678';
const HOTLINE = '+8610690000000';

let h: Harness;
let seq = 0;

function inbound(from: string, body: string, id = `in-${++seq}-${Math.random().toString(36).slice(2)}`) {
  return {
    originationNumber: from,
    destinationNumber: HOTLINE,
    messageKeyword: 'KEYWORD_TEST',
    messageBody: body,
    inboundMessageId: id,
    previousPublishedMessageId: null,
  };
}

async function text(from: string, body: string, id?: string) {
  const res = await postJson(h.app, '/local/sms/inbound', inbound(from, body, id));
  expect(res.status).toBe(202);
  return ((await res.json()) as { outcome: string }).outcome;
}

const repliesTo = (number: string) => h.smsOutbox.list(number).map((m) => m.text);
const lastReply = (number: string) => repliesTo(number).at(-1) ?? '';

/** Case number and key out of a receipt. */
function receipt(reply: string) {
  const m = /案件编号(\d{8}-\d{6})，查询密码(\d{4} \d{4} \d{4} \d{4})/.exec(reply);
  expect(m, reply).not.toBeNull();
  return { caseNumber: m![1]!, accessKey: m![2]!.replaceAll(' ', '') };
}

async function scanAll(): Promise<string> {
  const out: unknown[] = [];
  for (const TableName of Object.values(h.tables)) {
    let ExclusiveStartKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
    do {
      const page = await h.db.send(new ScanCommand({ TableName, ExclusiveStartKey }));
      out.push(...(page.Items ?? []).map((i) => unmarshall(i)));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
  return JSON.stringify(out, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v));
}

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

describe('SMS inbound', () => {
  it('opens one case however often the same inbound message is delivered', async () => {
    const from = '+8613700000001';
    const id = 'dup-inbound-0001';
    const body = '禹州市神垕镇老街的作坊无证生产烟花，没有任何防护';
    const outcomes = [await text(from, body, id), await text(from, body, id), await text(from, body, id)];
    expect(outcomes).toEqual(['open_report', 'duplicate', 'duplicate']);
    expect(repliesTo(from)).toHaveLength(1);
    const { caseNumber } = receipt(lastReply(from));
    const stored = await h.deps.cases.get(caseNumber);
    expect(stored?.record.channel).toBe('sms');
    // Also concurrently: one effect.
    const id2 = 'dup-inbound-0002';
    const results = await Promise.all([1, 2, 3].map(() => text(from, '补充：现场还有两个液化气罐', id2)));
    expect(results.filter((r) => r === 'append_to_case')).toHaveLength(1);
    const events = await h.deps.cases.listEvents(caseNumber);
    // The opening text and the one addition, each once.
    const texts = events.filter((e) => e.type === 'reporter_message').map((e) => e.text ?? '');
    expect(texts).toHaveLength(2);
    expect(texts.filter((t) => t.includes('液化气罐'))).toHaveLength(1);
  });

  it('opens a case from a new number, replies with case number and key, then threads and answers status', async () => {
    const body = '禹州市神垕镇老街东头的作坊夜里违规生产，工人没有防护';
    expect(await text(CANARY, body)).toBe('open_report');
    const reply = lastReply(CANARY);
    expect(reply).toMatch(/\d{4} \d{4} \d{4} \d{4}/);
    expect(reply).toContain('神垕镇');
    expect(reply.length).toBeLessThanOrEqual(140);
    const { caseNumber, accessKey } = receipt(reply);
    const stored = (await h.deps.cases.get(caseNumber))!.record;
    expect(stored).toMatchObject({ channel: 'sms', category: 'general_hazard', hasIdentity: true });
    expect(stored.description).toContain('作坊');

    // The stream consumer routes it by the text, like any address-only report.
    await h.drainStream();
    expect((await h.deps.cases.get(caseNumber))!.record.townshipCode).toBe('411081103');

    // A second text from the same number appends to the case, with its key redacted.
    expect(
      await text(CANARY, `又看到他们在卸货，我的密码是${accessKey.slice(0, 8)} ${accessKey.slice(8)}`),
    ).toBe('append_to_case');
    expect(lastReply(CANARY)).toContain(caseNumber);
    const events = await h.deps.cases.listEvents(caseNumber);
    const messages = events.filter((e) => e.type === 'reporter_message').map((e) => e.text ?? '');
    // The timeline holds the SMS transcript: the opening text, then the addition.
    expect(messages).toHaveLength(2);
    expect(messages[0]).toBe(body);
    expect(messages[1]).toContain('又看到他们在卸货');
    expect(messages[1]).toContain('[已隐去]');
    expect(JSON.stringify(events)).not.toContain(accessKey.slice(8));

    // Status from another number, with case number and key.
    const other = '+8613700000002';
    expect(await text(other, `查询 ${caseNumber} ${accessKey}`)).toBe('status');
    expect(lastReply(other)).toContain(caseNumber);
    expect(lastReply(other)).toContain('当前状态：已交办乡镇');
    // A wrong key gets the bad-credentials answer and no status.
    expect(await text(other, `CX ${caseNumber} 1234567812345678`)).toBe('bad_credentials');
    expect(lastReply(other)).toContain('不正确');
    // Status of one's own open case needs no key.
    expect(await text(CANARY, '查询')).toBe('status');
    expect(lastReply(CANARY)).toContain(caseNumber);
  });

  it('asks for the township when the place is unknown, and routes by the answer', async () => {
    const from = '+8613700000003';
    expect(await text(from, '陈庄村西边的砖厂晚上偷偷开工，粉尘很大')).toBe('open_report');
    const { caseNumber } = receipt(lastReply(from));
    expect(lastReply(from)).toContain('乡镇');
    await h.drainStream();
    expect(await text(from, '灵井镇')).toBe('answer_township');
    expect(lastReply(from)).toContain(caseNumber);
    const record = (await h.deps.cases.get(caseNumber))!.record;
    expect(record.townshipCode).toBe('411003106');
    // Then texts append to the case again.
    expect(await text(from, '今天又开工了')).toBe('append_to_case');
  });

  it('honours opt-out: no replies until START', async () => {
    const from = '+8613700000004';
    expect(await text(from, '帮助')).toBe('help');
    expect(await text(from, 'TD')).toBe('optout');
    const count = repliesTo(from).length;
    expect(lastReply(from)).toContain('已退订');
    expect(await text(from, '禹州市神垕镇有人违规动火作业，很危险')).toBe('ignored_opted_out');
    expect(await text(from, '帮助')).toBe('ignored_opted_out');
    expect(repliesTo(from)).toHaveLength(count);
    expect(await text(from, 'START')).toBe('optin');
    expect(repliesTo(from)).toHaveLength(count + 1);
    expect(lastReply(from)).toContain('已恢复');
  });

  it('does not store an access key typed into a new report', async () => {
    const first = '+8613700000005';
    await text(first, '禹州市神垕镇某窑厂的窑炉裂缝冒烟，还在生产');
    const { caseNumber, accessKey } = receipt(lastReply(first));
    const other = '+8613700000006';
    expect(
      await text(
        other,
        `我之前举报过${caseNumber}，密码${accessKey}，到现在没人管，禹州市神垕镇窑厂还在生产`,
      ),
    ).toBe('open_report');
    const { caseNumber: second } = receipt(lastReply(other));
    const stored = (await h.deps.cases.get(second))!.record;
    expect(stored.description).toContain('没人管');
    expect(stored.description).not.toContain(accessKey);
    expect(stored.location.address ?? '').not.toContain(accessKey);
    // Nor on the timeline, where the opening text is recorded too.
    const timeline = JSON.stringify(await h.deps.cases.listEvents(second));
    expect(timeline).toContain('没人管');
    expect(timeline).not.toContain(accessKey);
  });

  it('drops a bad payload without a crash, a case or a reply', async () => {
    const before = h.smsOutbox.list().length;
    const res = await postJson(h.app, '/local/sms/inbound', '{not json');
    expect(res.status).toBe(202);
    expect(((await res.json()) as { outcome: string }).outcome).toBe('invalid_payload');
    const res2 = await postJson(h.app, '/local/sms/inbound', { originationNumber: CANARY, messageBody: 'x' });
    expect(((await res2.json()) as { outcome: string }).outcome).toBe('invalid_payload');
    expect(h.smsOutbox.list().length).toBe(before);
    const outbox = (await (await h.app.request('/local/outbox')).json()) as {
      entries: unknown[];
      sms: unknown[];
    };
    expect(Array.isArray(outbox.entries)).toBe(true);
    expect(outbox.sms.length).toBe(before);
  });

  it('serves the phone simulator page with the conversation of a number', async () => {
    const res = await h.app.request('/local/sms');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('+8613800000000');
    const send = await postForm(h.app, '/local/sms/send', { number: '+8613700000007', text: '帮助' });
    expect(send.status).toBe(303);
    const page = await (await h.app.request('/local/sms?number=%2B8613700000007')).text();
    expect(page).toContain('举报：直接发送');
  });

  it('never keeps the canary number in clear: tables, logs, staff responses', async () => {
    const { caseNumber } = receipt(repliesTo(CANARY)[0]!);
    const tables = await scanAll();
    expect(tables).toContain(caseNumber);
    for (const form of [CANARY, CANARY_MAINLAND, CANARY.slice(1)]) {
      expect(tables).not.toContain(form);
      expect(h.logs.join('\n')).not.toContain(form);
    }
    const headers = {
      authorization: `Bearer ${await h.tokenFor({ role: 'operator', jurisdiction: '4110', id: 'op@4110' })}`,
    };
    const res = await h.app.request(`/api/v1/cases/${caseNumber}`, { headers });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain(caseNumber);
    expect(body).not.toContain(CANARY_MAINLAND);
    const list = await h.app.request('/api/v1/cases', { headers });
    expect(await list.text()).not.toContain(CANARY_MAINLAND);
  });
});

describe('SMS to the reporter when staff write or the case moves on', () => {
  it('sends staff messages and status changes, never internal notes, once each', async () => {
    const phone = '+8613711112222';
    await text(phone, '禹州市神垕镇老街的作坊夜里偷偷生产鞭炮');
    const { caseNumber } = receipt(lastReply(phone));
    await h.drainStream();
    await h.drainStream();
    const before = repliesTo(phone).length;
    const officer = {
      authorization: `Bearer ${await h.tokenFor({ role: 'township_officer', jurisdiction: '411081103', id: 'officer-shenhou' })}`,
      'content-type': 'application/json',
    };
    const note = { text: '内部：已派人暗访', internal: true };
    await h.app.request(`/api/v1/cases/${caseNumber}/messages`, {
      method: 'POST',
      headers: officer,
      body: JSON.stringify(note),
    });
    await h.app.request(`/api/v1/cases/${caseNumber}/messages`, {
      method: 'POST',
      headers: officer,
      body: JSON.stringify({ text: '请问作坊在老街的哪一头？' }),
    });
    const version = (await h.deps.cases.get(caseNumber))!.record.version;
    const accepted = await h.app.request(`/api/v1/cases/${caseNumber}/transitions`, {
      method: 'POST',
      headers: { ...officer, 'if-match': `"${version}"` },
      body: JSON.stringify({ action: 'accept' }),
    });
    expect(accepted.status).toBe(200);
    await h.drainStream();
    await h.drainStream();
    const sent = repliesTo(phone).slice(before);
    expect(sent).toHaveLength(2);
    expect(sent.join('\n')).toContain('请问作坊在老街的哪一头');
    expect(sent.join('\n')).toContain('已受理');
    expect(sent.join('\n')).not.toContain('暗访');
    for (const s of sent) expect(fitsTwoSegments(s)).toBe(true);
    // The sealed number stays sealed in the store.
    expect(await scanAll()).not.toContain('13711112222');
  });
});

describe('SMS conversations end with their case, and new reports are capped per number', () => {
  it('opens a new report after the case is closed, until the daily cap', async () => {
    const phone = '+8613755556666';
    const limited = { ...h.smsDeps, dailyReportCap: 2 };
    const send = (body: string) => handleInboundSms(limited, JSON.stringify(inbound(phone, body)));

    expect(await send('建安区灵井镇某仓库违规存放大量液化气钢瓶')).toBe('open_report');
    const first = receipt(lastReply(phone)).caseNumber;
    expect(await send('补充：晚上有人搬运')).toBe('append_to_case');
    await h.drainStream(); // routed to 灵井镇 by the place matcher
    await h.drainStream();

    // The township closes the first case (a duplicate of an earlier report, made on the web).
    const earlierRes = await postJson(h.app, '/api/v1/reports', {
      category: 'general_hazard',
      description: '灵井镇某仓库违规存放液化气钢瓶，无人看管。',
      location: { countyCode: '411003', townshipCode: '411003106' },
    });
    const earlier = ((await earlierRes.json()) as { caseNumber: string }).caseNumber;
    const officer = {
      authorization: `Bearer ${await h.tokenFor({ role: 'township_officer', jurisdiction: '411003106', id: 'officer-lingjing' })}`,
      'content-type': 'application/json',
    };
    const version = (await h.deps.cases.get(first))!.record.version;
    const closed = await h.app.request(`/api/v1/cases/${first}/transitions`, {
      method: 'POST',
      headers: { ...officer, 'if-match': `"${version}"` },
      body: JSON.stringify({ action: 'mark_duplicate', ofCaseNumber: earlier }),
    });
    expect(closed.status).toBe(200);

    expect(await send('另一处：灵井镇某厂无证生产')).toBe('open_report');
    const second = receipt(lastReply(phone)).caseNumber;
    expect(second).not.toBe(first);
    await h.drainStream();
    await h.drainStream();

    const v2 = (await h.deps.cases.get(second))!.record.version;
    await h.app.request(`/api/v1/cases/${second}/transitions`, {
      method: 'POST',
      headers: { ...officer, 'if-match': `"${v2}"` },
      body: JSON.stringify({ action: 'mark_duplicate', ofCaseNumber: earlier }),
    });
    expect(await send('第三处隐患：灵井镇某加油站')).toBe('rate_limited');
    expect(lastReply(phone)).toContain('已达上限');
  });
});

describe('signed webhook for a domestic gateway', () => {
  const post = (body: Record<string, unknown>, opts: { ts?: number; secret?: string } = {}) => {
    const raw = JSON.stringify(body);
    const ts = opts.ts ?? Math.floor(Date.now() / 1000);
    return h.app.request(WEBHOOK_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-chuishao-timestamp': String(ts),
        'x-chuishao-signature': signWebhook(opts.secret ?? LOCAL_WEBHOOK_SECRET, ts, raw),
      },
      body: raw,
    });
  };
  const msg = {
    from: '+8613766667777',
    to: '10690000',
    body: '禹州市神垕镇有人无证生产烟花',
    messageId: 'gw-1',
  };

  it('accepts a signed message once, and refuses bad signatures and stale timestamps', async () => {
    const first = await post(msg);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ outcome: 'open_report' });
    expect(await (await post(msg)).json()).toEqual({ outcome: 'duplicate' });
    expect((await post({ ...msg, messageId: 'gw-2' }, { secret: 'wrong' })).status).toBe(401);
    expect(
      (await post({ ...msg, messageId: 'gw-3' }, { ts: Math.floor(Date.now() / 1000) - 3600 })).status,
    ).toBe(401);
    expect((await post({ nonsense: true })).status).toBe(400);
    expect(repliesTo('+8613766667777').length).toBe(1);
  });

  it("puts a number's texts on one case in the order the gateway says they were sent", async () => {
    const from = '+8613766668888';
    const t0 = Date.now() - 120_000;
    const earlier = {
      from,
      to: '10690000',
      body: '禹州市神垕镇老街的作坊违规生产鞭炮',
      messageId: 'gw-order-1',
      sentAt: new Date(t0).toISOString(),
    };
    const later = {
      ...earlier,
      body: '还有，那个作坊把火药堆在民房里',
      messageId: 'gw-order-2',
      sentAt: new Date(t0 + 30_000).toISOString(),
    };
    // The later text is posted first: it opens the case (no place: the township is asked for) …
    expect(await (await post(later)).json()).toEqual({ outcome: 'open_report' });
    // … and the earlier one, naming the place, answers that question on the same case.
    expect(await (await post(earlier)).json()).toEqual({ outcome: 'answer_township' });
    const { caseNumber } = receipt(repliesTo(from)[0]!);
    const record = (await h.deps.cases.get(caseNumber))!.record;
    expect(record.townshipCode).toBe('411081103');
    const view = await viewOf(h.deps, record);
    expect(view.messages.map((m) => m.text)).toEqual([earlier.body, later.body]);
  });
});
