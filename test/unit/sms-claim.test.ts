/**
 * Claiming a reward by SMS, the pure part: the claim keyword and its forgiving format, the payee
 * rule shared with the claim API, the conversation decision, the replies, and the redaction of
 * payee numbers from any text that is stored.
 */
import { describe, expect, it } from 'vitest';
import { RewardClaimSchema } from '#functions/http/schemas.ts';
import { type PayeeDetails, parsePayee } from '#shared/domain/payee.ts';
import { looksLikePayeeDetails, parseClaimPayload } from '#shared/domain/sms/claim.ts';
import {
  replyClaimBadCredentials,
  replyClaimed,
  replyClaimInvalid,
  replyClaimNoCase,
  replyClaimNothing,
  replyClaimRepeated,
  replyClaimUsage,
  replyClaimWindowEnded,
} from '#shared/domain/sms/claim-replies.ts';
import { impliedClaim, parseCommand, type SmsCommand } from '#shared/domain/sms/commands.ts';
import { type ConversationState, decideConversation } from '#shared/domain/sms/conversation.ts';
import { REDACTED, redactPayeeNumbers } from '#shared/domain/sms/redaction.ts';
import { fitsTwoSegments, replyHelp, ucs2Length } from '#shared/domain/sms/replies.ts';

const CASE = '20261127-482913';
const KEY = '1234567890123456';
const ID = '11010519491231002X';
/** Fails the GB 11643 check (its check character should be X). */
const BAD_ID = '110105194912310021';
const ACCOUNT = '6228480012345678901';
const PAYEE: PayeeDetails = {
  name: '王小明',
  idNumber: ID,
  bankName: '中国农业银行许昌分行',
  bankAccount: ACCOUNT,
};
const NOW = new Date('2026-11-27T02:00:00Z');

const claimOf = (payee: PayeeDetails = PAYEE, creds: { caseNumber?: string; accessKey?: string } = {}) => ({
  kind: 'claim',
  ...creds,
  payee: { ok: true, payee },
});

describe('parseCommand: claim', () => {
  it('reads the payee after 领奖 / 申领 / LJ / CLAIM, whatever the separators', () => {
    for (const text of [
      `领奖 王小明 ${ID} 中国农业银行许昌分行 ${ACCOUNT}`,
      `领奖王小明，${ID}，中国农业银行许昌分行，${ACCOUNT}`,
      `申领：王小明,${ID},中国农业银行许昌分行,${ACCOUNT}`,
      `LJ 王小明、${ID}、中国农业银行许昌分行、6228 4800 1234 5678 901`,
      `lj 王小明；110105 19491231 002x；中国农业银行许昌分行；6228-4800-1234-5678-901`,
      `CLAIM\n王小明\n${ID}\n中国农业银行许昌分行\n${ACCOUNT}`,
      `领奖 姓名：王小明 身份证号：${ID} 开户行：中国农业银行许昌分行 账号：${ACCOUNT}`,
      // Full-width digits and letters, ideographic spaces.
      '领奖　王小明　１１０１０５１９４９１２３１００２Ｘ　中国农业银行许昌分行　６２２８４８００１２３４５６７８９０１',
      // The ID number and the account run together.
      `领奖 王小明 ${ID}${ACCOUNT} 中国农业银行许昌分行`,
      // The bank after the account; the ID number first.
      `领奖 ${ID} 王小明 ${ACCOUNT} 中国农业银行许昌分行`,
      // Longer forms of the keyword are not read into the name.
      `领奖金 王小明 ${ID} 中国农业银行许昌分行 ${ACCOUNT}`,
      `领取奖励：王小明 ${ID} 中国农业银行许昌分行 ${ACCOUNT}`,
      `申领奖金 王小明 ${ID} 中国农业银行许昌分行 ${ACCOUNT}`,
    ]) {
      expect(parseCommand(text), text).toEqual(claimOf());
    }
  });

  it('splits a single run of words into the name and the bank, and ignores words after the account', () => {
    expect(parseCommand(`领奖 王小明 中国农业银行 许昌分行 ${ID} ${ACCOUNT} 谢谢`)).toEqual(
      claimOf({ ...PAYEE, bankName: '中国农业银行 许昌分行' }),
    );
  });

  it('never takes an account apart: a 19-digit account whose last 18 digits pass the ID check', () => {
    // Found by the fuzz: 017029807309161135 happens to be a "valid" ID number.
    expect(parseCommand('领奖王小明 110105197001010003 中国农业银行许昌分行 1017029807309161135')).toEqual(
      claimOf({ ...PAYEE, idNumber: '110105197001010003', bankAccount: '1017029807309161135' }),
    );
  });

  it('reads English with commas', () => {
    expect(parseCommand(`CLAIM Wang Xiaoming, ${ID}, Agricultural Bank of China, ${ACCOUNT}`)).toEqual(
      claimOf({ ...PAYEE, name: 'Wang Xiaoming', bankName: 'Agricultural Bank of China' }),
    );
  });

  it('takes a case number and key in front (either order, grouped or together)', () => {
    const creds = { caseNumber: CASE, accessKey: KEY };
    for (const front of [
      `${CASE} ${KEY}`,
      '20261127-482913 1234 5678 9012 3456',
      '20261127 482913 1234 5678 9012 3456',
      `20261127482913${KEY}`,
      `${KEY} ${CASE}`,
      `案件编号${CASE} 查询密码${KEY}`,
    ]) {
      expect(parseCommand(`领奖 ${front} 王小明 ${ID} 中国农业银行许昌分行 ${ACCOUNT}`), front).toEqual(
        claimOf(PAYEE, creds),
      );
    }
    expect(parseCommand(`领奖 ${CASE} 王小明 ${ID} 中国农业银行许昌分行 ${ACCOUNT}`)).toEqual(
      claimOf(PAYEE, { caseNumber: CASE }),
    );
  });

  it('names what is missing or wrong', () => {
    const issues = (text: string) => {
      const c = parseCommand(text);
      expect(c.kind).toBe('claim');
      const payee = (c as Extract<SmsCommand, { kind: 'claim' }>).payee;
      return payee.ok ? [] : payee.issues;
    };
    expect(issues(`领奖 王小明 ${BAD_ID} 中国农业银行许昌分行 ${ACCOUNT}`)).toEqual([
      { field: 'idNumber', problem: 'invalid' },
    ]);
    expect(issues(`领奖 王小明 ${ID} 中国农业银行许昌分行 12345`)).toEqual([
      { field: 'bankAccount', problem: 'invalid' },
    ]);
    expect(issues(`领奖 王小明 ${ID} ${ACCOUNT}`)).toEqual([{ field: 'bankName', problem: 'missing' }]);
    expect(issues(`领奖 王小明 中国农业银行许昌分行 ${ACCOUNT}`)).toEqual([
      { field: 'idNumber', problem: 'missing' },
    ]);
    expect(issues(`领奖 王 ${ID} 农业银行 ${ACCOUNT}`)).toEqual([{ field: 'name', problem: 'invalid' }]);
    expect(issues('领奖')).toEqual([
      { field: 'name', problem: 'missing' },
      { field: 'idNumber', problem: 'missing' },
      { field: 'bankName', problem: 'missing' },
      { field: 'bankAccount', problem: 'missing' },
    ]);
  });

  it('is always a claim after the keyword (never a report that would be stored)', () => {
    expect(parseCommand('领奖台旁边的仓库里堆满了烟花爆竹，晚上有人偷偷搬运，非常危险').kind).toBe('claim');
    expect(parseCommand('  领奖。').kind).toBe('claim');
  });

  it('a Latin keyword running on into a letter is text', () => {
    expect(parseCommand(`CLAIMS ${ID}`).kind).toBe('report');
    expect(parseCommand('LJ化工厂夜里偷偷开工').kind).toBe('report');
  });
});

describe('parsePayee and RewardClaimSchema: one rule', () => {
  const cases: PayeeDetails[] = [
    PAYEE,
    { ...PAYEE, idNumber: ID.toLowerCase() },
    { ...PAYEE, idNumber: BAD_ID },
    { ...PAYEE, idNumber: '' },
    { ...PAYEE, name: '王' },
    { ...PAYEE, name: '  王小明  ' },
    { ...PAYEE, name: '王'.repeat(51) },
    { ...PAYEE, bankName: '农' },
    { ...PAYEE, bankName: '行'.repeat(61) },
    { ...PAYEE, bankAccount: '6228 4800 1234 5678 901' },
    { ...PAYEE, bankAccount: '6228-4800-12' },
    { ...PAYEE, bankAccount: '123456789' },
    { ...PAYEE, bankAccount: '1'.repeat(31) },
    { ...PAYEE, bankAccount: '12ab567890123' },
  ];

  it.each(cases.map((c, i) => [i, c] as const))('agree on payee #%i', (_i, input) => {
    const domain = parsePayee(input);
    const schema = RewardClaimSchema.safeParse(input);
    expect(domain.ok).toBe(schema.success);
    if (domain.ok && schema.success) expect(domain.payee).toEqual(schema.data);
    if (!domain.ok && !schema.success)
      expect(domain.issues.map((i) => i.field).sort()).toEqual(
        [...new Set(schema.error.issues.map((i) => String(i.path[0])))].sort(),
      );
  });

  it('normalises as the schema does', () => {
    expect(
      parsePayee({ ...PAYEE, idNumber: ` ${ID.toLowerCase()} `, bankAccount: '6228 4800-1234 5678 901' }),
    ).toEqual({
      ok: true,
      payee: PAYEE,
    });
    expect(parsePayee({})).toEqual({
      ok: false,
      issues: ['name', 'idNumber', 'bankName', 'bankAccount'].map((field) => ({ field, problem: 'missing' })),
    });
  });
});

describe('decideConversation: claim', () => {
  const thread: ConversationState = {
    optedOut: false,
    reportsToday: 1,
    openCaseNumber: CASE,
    lastCaseNumber: CASE,
  };
  const claim = parseCommand(`领奖 王小明 ${ID} 中国农业银行许昌分行 ${ACCOUNT}`);

  it("from the thread: the thread's case, even once it is finished", () => {
    expect(decideConversation(thread, claim, NOW)).toEqual({
      action: 'claim',
      caseNumber: CASE,
      verify: 'thread',
      payee: PAYEE,
      reply: { kind: 'claim' },
    });
    const finished: ConversationState = { optedOut: false, reportsToday: 0, lastCaseNumber: CASE };
    expect(decideConversation(finished, claim, NOW)).toMatchObject({
      action: 'claim',
      caseNumber: CASE,
      verify: 'thread',
    });
  });

  it('with a case number and key: verified by the key; a case number of another case alone: by the sender', () => {
    const other = '20261120-000001';
    expect(
      decideConversation(thread, parseCommand(`领奖 ${other} ${KEY} 王小明 ${ID} 农业银行 ${ACCOUNT}`), NOW),
    ).toMatchObject({ action: 'claim', caseNumber: other, verify: 'key', accessKey: KEY });
    expect(
      decideConversation(thread, parseCommand(`领奖 ${other} 王小明 ${ID} 农业银行 ${ACCOUNT}`), NOW),
    ).toMatchObject({ action: 'claim', caseNumber: other, verify: 'sender' });
  });

  it('no case to claim for, wrong fields, nothing after the keyword: a reply, nothing else', () => {
    const fresh: ConversationState = { optedOut: false, reportsToday: 0 };
    const noCase = decideConversation(fresh, claim, NOW);
    expect(noCase).toEqual({
      action: 'claim_help',
      reason: 'no_case',
      reply: { kind: 'text', text: replyClaimNoCase() },
    });
    const bad = decideConversation(thread, parseCommand(`领奖 王小明 ${BAD_ID} 农业银行 123`), NOW);
    expect(bad.action).toBe('claim_help');
    expect(bad.reply).toEqual({
      kind: 'text',
      text: expect.stringContaining('身份证号码有误、银行账号应为10-30位数字'),
    });
    expect(decideConversation(thread, parseCommand('领奖'), NOW)).toEqual({
      action: 'claim_help',
      reason: 'usage',
      reply: { kind: 'text', text: replyClaimUsage() },
    });
  });

  it('from an opted-out number: ignored like any text', () => {
    expect(decideConversation({ ...thread, optedOut: true }, claim, NOW).action).toBe('ignored_opted_out');
  });
});

describe('implied claims and redaction', () => {
  it('a text carrying a valid ID number and an account is an implied claim, into the case it was going to', () => {
    expect(impliedClaim(`王小明 ${ID} 中国农业银行许昌分行 ${ACCOUNT}`, { caseNumber: CASE })).toEqual({
      ...claimOf(),
      caseNumber: CASE,
    });
    expect(looksLikePayeeDetails(`身份证 110105 19491231 002X，卡号 6228 4800 1234 5678 901`)).toBe(true);
  });

  it('other texts are not (no valid ID number, or no other long number)', () => {
    expect(impliedClaim(`王小明 ${BAD_ID} 农业银行 ${ACCOUNT}`)).toBeNull();
    expect(impliedClaim(`老板身份证${ID}，晚上开工`)).toBeNull();
    expect(impliedClaim('电话13800138000，另一个13900139000，砖厂夜里开工')).toBeNull();
  });

  it('every stored text loses valid ID numbers and 16+ digit numbers; phones, case numbers, dates stay', () => {
    const keep = `电话13800138000，座机0374-12345678，案件${CASE}，2026-11-27，注册号410000100012345`;
    expect(redactPayeeNumbers(keep)).toBe(keep);
    expect(redactPayeeNumbers(`老板身份证${ID}，晚上开工`)).toBe(`老板身份证${REDACTED}，晚上开工`);
    expect(redactPayeeNumbers('老板身份证 110105 19491231 002X 晚上开工')).toBe(
      `老板身份证 ${REDACTED} 晚上开工`,
    );
    expect(redactPayeeNumbers('卡号6228 4800 1234 5678 901，别外传')).toBe(`卡号${REDACTED}，别外传`);
    // An ID number that fails the check is not an ID number; 18 digits are still bank-card length.
    expect(redactPayeeNumbers(`号码${BAD_ID}`)).toBe(`号码${REDACTED}`);
  });

  it('in a text with a valid ID number, every number of 10+ digits goes too', () => {
    expect(redactPayeeNumbers(`王小明 ${ID} 农商行 6228480012 电话13800138000 2026-11-27`)).toBe(
      `王小明 ${REDACTED} 农商行 ${REDACTED} 电话${REDACTED} 2026-11-27`,
    );
  });

  it('parseClaimPayload reads nothing from nothing', () => {
    expect(parseClaimPayload('')).toEqual({ fields: {} });
    expect(parseClaimPayload('，，， ；')).toEqual({ fields: {} });
  });
});

describe('claim replies', () => {
  const all = [
    replyClaimed({ caseNumber: CASE, amountYuan: 300_000 }),
    replyClaimed({ caseNumber: CASE }),
    replyClaimRepeated(CASE),
    replyClaimNothing(CASE),
    replyClaimWindowEnded({ caseNumber: CASE, lastDay: '2027-01-30' }),
    replyClaimWindowEnded({ caseNumber: CASE }),
    replyClaimInvalid([
      { field: 'name', problem: 'invalid' },
      { field: 'idNumber', problem: 'invalid' },
      { field: 'bankName', problem: 'missing' },
    ]),
    replyClaimUsage(),
    replyClaimNoCase(),
    replyClaimBadCredentials(),
    replyHelp(),
  ];

  it('fit two segments (and 2 × 67 for concatenation)', () => {
    for (const reply of all) {
      expect(fitsTwoSegments(reply), reply).toBe(true);
      expect(ucs2Length(reply), reply).toBeLessThanOrEqual(134);
    }
  });

  it('say what happened and never repeat a payee detail', () => {
    expect(replyClaimed({ caseNumber: CASE, amountYuan: 30_000 })).toMatch(
      /20261127-482913.*30000元.*加密保存.*仅用于支付/,
    );
    expect(replyClaimWindowEnded({ caseNumber: CASE, lastDay: '2027-01-30' })).toContain(
      '已于2027-01-30结束',
    );
    expect(replyClaimInvalid([{ field: 'idNumber', problem: 'invalid' }])).toContain('身份证号码有误');
    expect(replyClaimInvalid([{ field: 'bankAccount', problem: 'missing' }])).toContain('缺少银行账号');
    expect(replyClaimRepeated(CASE)).toContain('无需重复');
    expect(replyHelp()).toMatch(/查询.*补充.*领奖 姓名 身份证号 开户行 账号.*退订/);
    for (const reply of all)
      for (const secret of [ID, ACCOUNT, PAYEE.name]) expect(reply).not.toContain(secret);
  });
});
