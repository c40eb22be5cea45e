/**
 * Claiming a reward by plain SMS (issue 5 "report, follow up and claim by plain SMS"; issue 7
 * "Workflow") through the local app on DynamoDB Local: an SMS reporter is awarded (substantiated,
 * facts, finance approval, the notice texted), texts 领奖 with the payee's details, and the reward
 * is claimed with the details sealed (purpose `reward_claim`) and nowhere in clear — no table
 * item, no log line, no staff API response, no timeline message. Redelivery, a second claim, a
 * wrong ID number, another phone, the end of the window, and payee details sent without the
 * keyword are covered too.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { open, type Sealed } from '#shared/crypto/envelope.ts';
import type { PayeeDetails } from '#shared/domain/payee.ts';
import { lastDayOf } from '#shared/domain/reward-record.ts';
import { replyClaimBadCredentials } from '#shared/domain/sms/claim-replies.ts';
import { REDACTED } from '#shared/domain/sms/redaction.ts';
import { fitsTwoSegments } from '#shared/domain/sms/replies.ts';
import { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { sweepDeadlines } from '#shared/services/deadline-sweep.ts';
import { createHarness, type Harness, postJson } from '../support/harness.ts';

let h: Harness;
let rewards: RewardRepository;
beforeAll(async () => {
  h = await createHarness();
  rewards = new RewardRepository(h.db, h.tables, h.deps.cases);
});
afterAll(async () => {
  await h.cleanup();
});

const HOTLINE = '+8610690000000';
/** Valid resident ID numbers (GB 11643 check character), one per payee. */
const PAYEE: PayeeDetails = {
  name: '王小明',
  idNumber: '11010519491231002X',
  bankName: '中国农业银行许昌分行',
  bankAccount: '6228480012345678901',
};
/** How the reporter types it: grouped numbers, a lower-case x, Chinese commas. */
const CLAIM_TEXT = '领奖 王小明，110105 19491231 002x，中国农业银行许昌分行，6228 4800 1234 5678 901';
/** Every way the details could show up in clear. */
const SECRETS = [
  PAYEE.name,
  PAYEE.idNumber,
  PAYEE.idNumber.toLowerCase(),
  '19491231002',
  PAYEE.bankAccount,
  '6228 4800 1234 5678 901',
  '12345678901',
];

let seq = 0;
async function text(from: string, body: string, id = `claim-${++seq}-${Date.now()}`) {
  const res = await postJson(h.app, '/local/sms/inbound', {
    originationNumber: from,
    destinationNumber: HOTLINE,
    messageKeyword: 'KEYWORD_TEST',
    messageBody: body,
    inboundMessageId: id,
    previousPublishedMessageId: null,
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { outcome: string }).outcome;
}
const replies = (phone: string) => h.smsOutbox.list(phone).map((m) => m.text);
const lastReply = (phone: string) => replies(phone).at(-1) ?? '';

const bearer = async (role: StaffRole, jurisdiction: string, id: string) => ({
  authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id })}`,
  'content-type': 'application/json',
});
const officer = () => bearer('township_officer', '411003106', 'officer-lingjing');
const supervisor = () => bearer('county_supervisor', '411003', 'supervisor-jianan');
const financeA = () => bearer('finance_officer', '4110', 'finance-a');
const custodian = () => bearer('identity_custodian', '4110', 'custodian-xuchang');

interface RewardBody {
  reward: { status: string; version: number; amountYuan?: number; claimWindowEndsAt?: string };
}
async function reward(cn: string) {
  const res = await h.app.request(`/api/v1/cases/${cn}/reward`, { headers: await financeA() });
  expect(res.status).toBe(200);
  return ((await res.json()) as RewardBody).reward;
}

async function act(cn: string, body: Record<string, unknown>) {
  const read = await h.app.request(`/api/v1/cases/${cn}`, { headers: await officer() });
  expect(read.status).toBe(200);
  const res = await h.app.request(`/api/v1/cases/${cn}/transitions`, {
    method: 'POST',
    headers: { ...(await officer()), 'if-match': read.headers.get('etag') ?? '' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

async function timeline(cn: string) {
  const res = await h.app.request(`/api/v1/cases/${cn}`, { headers: await officer() });
  expect(res.status).toBe(200);
  const raw = await res.text();
  const body = JSON.parse(raw) as {
    timeline: { type: string; action?: string; text?: string; detail?: Record<string, unknown> }[];
  };
  return { raw, events: body.timeline };
}

/**
 * An SMS report from 灵井镇, substantiated and closed (办结: the number's conversation with it has
 * ended, as it usually has when an award comes), then awarded 30,000 yuan and the notice texted.
 */
async function awarded(phone: string) {
  expect(await text(phone, '建安区灵井镇有个小作坊无证生产烟花爆竹，晚上偷偷开工。')).toBe('open_report');
  const receipt = /案件编号(\d{8}-\d{6})，查询密码(\d{4} \d{4} \d{4} \d{4})/.exec(lastReply(phone));
  expect(receipt).not.toBeNull();
  const cn = receipt?.[1] ?? '';
  const accessKey = (receipt?.[2] ?? '').replaceAll(' ', '');
  await h.drainStream();
  await act(cn, { action: 'accept' });
  await act(cn, { action: 'start_verification' });
  await act(cn, { action: 'substantiate', conclusion: '举报属实，已取缔并处罚。' });
  await act(cn, { action: 'close', feedback: '经查属实，已依法取缔并处罚，感谢您的举报。' });
  await h.drainStream();
  const facts = await h.app.request(`/api/v1/cases/${cn}/reward/facts`, {
    method: 'PUT',
    headers: { ...(await supervisor()), 'if-match': `"${(await reward(cn)).version}"` },
    body: JSON.stringify({
      category: 'illegal_operation',
      penalty: {
        totalYuan: 200_000,
        unitYuan: 200_000,
        individualsYuan: 0,
        confiscatedYuan: 0,
        decisionNo: '许建应急罚〔2026〕21号',
      },
    }),
  });
  expect(facts.status).toBe(200);
  const approve = await h.app.request(`/api/v1/cases/${cn}/reward/decisions`, {
    method: 'POST',
    headers: { ...(await financeA()), 'if-match': `"${(await reward(cn)).version}"` },
    body: JSON.stringify({ action: 'approve' }),
  });
  expect(approve.status).toBe(200);
  await h.drainStream();
  expect(lastReply(phone)).toContain('奖励金额 30000 元');
  expect((await reward(cn)).status).toBe('notified');
  return { cn, accessKey };
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

const claimEvents = (events: { type: string; action?: string }[]) =>
  events.filter((e) => e.type === 'reward' && e.action === 'claim');

describe('claiming a reward by SMS', () => {
  it('from the reporting number: claimed, sealed apart, confirmed once, nowhere in clear', async () => {
    const phone = '+8613911113333';
    const { cn } = await awarded(phone);
    const before = replies(phone).length;

    expect(await text(phone, CLAIM_TEXT, 'sms-claim-once')).toBe('claim');
    const confirmation = lastReply(phone);
    expect(confirmation).toContain(cn);
    expect(confirmation).toContain('30000元');
    expect(confirmation).toContain('加密保存');
    expect(fitsTwoSegments(confirmation)).toBe(true);
    expect((await reward(cn)).status).toBe('claimed');

    // The sealed claim opens with the key provider to exactly the payee.
    const sealed = (await rewards.sealedClaim(cn)) as Sealed;
    expect(sealed).not.toBeNull();
    expect(
      await open<PayeeDetails>(h.deps.keys, sealed, cn, { purpose: 'reward_claim', caseNumber: cn }),
    ).toEqual(PAYEE);

    // Redelivered: nothing happens; sent again: nothing is written twice.
    expect(await text(phone, CLAIM_TEXT, 'sms-claim-once')).toBe('duplicate');
    expect(await text(phone, CLAIM_TEXT)).toBe('claim_repeated');
    expect(lastReply(phone)).toContain('无需重复');
    await h.drainStream();
    const { raw, events } = await timeline(cn);
    expect(claimEvents(events)).toHaveLength(1);
    // The SMS reply was the confirmation: the stream texts nothing more for the claim.
    expect(replies(phone).slice(before)).toEqual([confirmation, lastReply(phone)]);

    // Nowhere in clear: tables, logs, staff responses, the timeline.
    const tables = await scanAll();
    expect(tables).toContain(`CLAIM#${cn}`);
    const staff = [
      raw,
      await (await h.app.request(`/api/v1/cases/${cn}/reward`, { headers: await financeA() })).text(),
      await (await h.app.request('/api/v1/rewards?stage=release', { headers: await custodian() })).text(),
      await (await h.app.request('/api/v1/cases', { headers: await officer() })).text(),
    ];
    expect(staff[2]).toContain(cn);
    for (const secret of SECRETS) {
      expect(tables, secret).not.toContain(secret);
      expect(h.logs.join('\n'), secret).not.toContain(secret);
      for (const body of staff) expect(body, secret).not.toContain(secret);
    }
  });

  it('from another phone with the case number and key (a wrong key claims nothing)', async () => {
    const { cn, accessKey } = await awarded('+8613911114444');
    const other = '+8613922225555';
    const details = '王小明 11010519491231002X 中国农业银行许昌分行 6228480012345678901';
    expect(await text(other, `LJ ${cn} 1111 2222 3333 4444 ${details}`)).toBe('bad_credentials');
    expect(lastReply(other)).toBe(replyClaimBadCredentials());
    // A case number without the key, from a number that did not report it: not enough.
    expect(await text(other, `LJ ${cn} ${details}`)).toBe('bad_credentials');
    expect((await reward(cn)).status).toBe('notified');
    expect(await text(other, `CLAIM ${cn} ${accessKey} ${details}`)).toBe('claim');
    expect(lastReply(other)).toContain('30000元');
    expect((await reward(cn)).status).toBe('claimed');
    expect(claimEvents((await timeline(cn)).events)).toHaveLength(1);
  });

  it('with a wrong ID number: says which field, claims and stores nothing', async () => {
    const phone = '+8613911116666';
    const { cn } = await awarded(phone);
    const { events } = await timeline(cn);
    const badId = '110105194912310021';
    expect(await text(phone, `领奖 王小明 ${badId} 中国农业银行许昌分行 6228480012345678901`)).toBe(
      'claim_help',
    );
    expect(lastReply(phone)).toContain('身份证号码有误');
    expect(lastReply(phone)).not.toContain(badId);
    expect(await text(phone, '领奖 王小明 11010519491231002X 中国农业银行许昌分行')).toBe('claim_help');
    expect(lastReply(phone)).toContain('缺少银行账号');
    expect((await reward(cn)).status).toBe('notified');
    expect(await rewards.sealedClaim(cn)).toBeNull();
    // Nothing on the timeline but the officer's own reads of it.
    const written = (es: { type: string }[]) => es.filter((e) => e.type !== 'staff_viewed');
    expect(written((await timeline(cn)).events)).toEqual(written(events));
    const tables = await scanAll();
    expect(tables).not.toContain(badId);
    expect(tables).not.toContain('6228480012345678901');
  });

  it('after the claim window: the reply says it ended, before and after the sweep lapses the award', async () => {
    const phone = '+8613911117777';
    const { cn } = await awarded(phone);
    const endsAt = (await reward(cn)).claimWindowEndsAt as string;
    h.setNow(new Date(Date.parse(endsAt) + 1000).toISOString());
    try {
      expect(await text(phone, CLAIM_TEXT)).toBe('claim_refused');
      expect(lastReply(phone)).toContain(`申领期限已于${lastDayOf(endsAt)}结束`);
      expect((await reward(cn)).status).toBe('notified');
      await sweepDeadlines(h.streamDeps);
      expect((await reward(cn)).status).toBe('expired');
      expect(await text(phone, CLAIM_TEXT)).toBe('claim_refused');
      expect(lastReply(phone)).toContain(`申领期限已于${lastDayOf(endsAt)}结束`);
      expect(await rewards.sealedClaim(cn)).toBeNull();
    } finally {
      h.setNow(null);
    }
  });

  it('nothing to claim: a case without an award, or no case at all', async () => {
    const phone = '+8613911118888';
    expect(await text(phone, '禹州市神垕镇老街的作坊无证生产烟花，没有任何防护')).toBe('open_report');
    const cn = /案件编号(\d{8}-\d{6})/.exec(lastReply(phone))?.[1] as string;
    expect(await text(phone, CLAIM_TEXT)).toBe('claim_refused');
    expect(lastReply(phone)).toBe(`案件${cn}目前没有可申领的奖励。如获奖励，将另行短信通知。`);
    const stranger = '+8613911119999';
    expect(await text(stranger, CLAIM_TEXT)).toBe('claim_help');
    expect(lastReply(stranger)).toContain('领奖 案件编号 查询密码');
    expect(await text(stranger, '领奖')).toBe('claim_help');
    expect(lastReply(stranger)).toContain('领奖请发');
  });
});

describe('payee details sent without the keyword', () => {
  it('on a case with an award waiting, are the claim (never a message on the case)', async () => {
    const phone = '+8613933331111';
    const { cn } = await awarded(phone);
    const { events } = await timeline(cn);
    // The case is closed, so any other text would open a new report: this one claims instead.
    expect(
      await text(phone, '我是王小明，身份证11010519491231002X，农业银行许昌分行，卡号6228480012345678901'),
    ).toBe('claim');
    expect((await reward(cn)).status).toBe('claimed');
    const after = (await timeline(cn)).events;
    expect(after.filter((e) => e.type === 'reporter_message')).toHaveLength(
      events.filter((e) => e.type === 'reporter_message').length,
    );
    expect(await scanAll()).not.toContain('11010519491231002X');
  });

  it('on a case with no award, are stored with the numbers redacted', async () => {
    const phone = '+8613933332222';
    expect(await text(phone, '建安区灵井镇东头的仓库里堆着烟花爆竹，没有任何防护')).toBe('open_report');
    const cn = /案件编号(\d{8}-\d{6})/.exec(lastReply(phone))?.[1] as string;
    await h.drainStream();
    expect(
      await text(phone, '老板叫赵六，身份证 411003 19850612 0310，卡号 6222 0200 1234 5678，电话13800138000'),
    ).toBe('append_to_case');
    const { raw, events } = await timeline(cn);
    const message = events.filter((e) => e.type === 'reporter_message').at(-1)?.text ?? '';
    expect(message).toBe(`老板叫赵六，身份证 ${REDACTED}，卡号 ${REDACTED}，电话${REDACTED}`);
    const tables = await scanAll();
    for (const secret of ['411003198506120310', '19850612', '6222020012345678', '6222 0200 1234 5678']) {
      expect(raw).not.toContain(secret);
      expect(tables).not.toContain(secret);
    }
  });
});
