import { describe, expect, it } from 'vitest';
import { STATUS_LABELS } from '#shared/domain/case.ts';
import { buildPlaceIndex, locate } from '#shared/domain/place-matcher.ts';
import { parseCommand, type SmsCommand } from '#shared/domain/sms/commands.ts';
import { type ConversationState, decideConversation } from '#shared/domain/sms/conversation.ts';
import { normalizeE164, parseInboundSns } from '#shared/domain/sms/inbound.ts';
import { accessKeyCandidates, cleanSmsText, REDACTED, redactSecrets } from '#shared/domain/sms/redaction.ts';
import {
  fitsTwoSegments,
  MAX_REPLY_UCS2,
  replyAdded,
  replyAskTownship,
  replyBadCredentials,
  replyHelp,
  replyOptedIn,
  replyOptedOut,
  replyRateLimited,
  replyReportReceived,
  replyRouted,
  replyStatus,
  replyUnknown,
  ucs2Length,
} from '#shared/domain/sms/replies.ts';
import { readDivisionSeed } from '../../seeds/load.ts';

const CASE = '20261127-482913';
const KEY = '1234567890123456';
const FW = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('parseCommand: status', () => {
  it.each([
    '查询 20261127-482913 1234567890123456',
    '查询20261127-482913 1234 5678 9012 3456',
    '查询：20261127-482913，1234-5678-9012-3456。',
    '  \n查询  20261127482913   1234567890123456  ',
    '状态 20261127-482913 1234567890123456',
    'CX 20261127-482913 1234567890123456',
    'cx20261127482913 1234567890123456',
    'Cx:20261127-482913,1234567890123456',
    'STATUS 20261127 482913 1234 5678 9012 3456',
    'status: 20261127-482913 key 1234-5678-9012-3456',
    '查询 案件编号20261127-482913 查询密码1234567890123456',
    '查询 1234567890123456 20261127-482913',
    '查询 202611274829131234567890123456',
    FW('CX 20261127-482913 1234567890123456'),
    `查询　${FW('20261127')}－${FW('482913')}　${FW(KEY)}`,
    '【查询】20261127-482913/1234567890123456',
  ])('%j', (body) => {
    expect(parseCommand(body)).toEqual({ kind: 'status', caseNumber: CASE, accessKey: KEY });
  });

  it('takes the parts that are there', () => {
    expect(parseCommand('查询 20261127-482913')).toEqual({ kind: 'status', caseNumber: CASE });
    expect(parseCommand('CX 20261127482913')).toEqual({ kind: 'status', caseNumber: CASE });
    expect(parseCommand('查询 1234 5678 9012 3456')).toEqual({ kind: 'status', accessKey: KEY });
    expect(parseCommand('查询')).toEqual({ kind: 'status' });
    expect(parseCommand('STATUS')).toEqual({ kind: 'status' });
    expect(parseCommand('查询一下我的举报进度')).toEqual({ kind: 'status' });
    expect(parseCommand('查询 2026112748291 12')).toEqual({ kind: 'status' });
  });

  it('a status keyword that starts a long text without credentials is a report', () => {
    const body = '状态很差的锅炉在张庄村已经三天了没人管';
    expect(parseCommand(body)).toEqual({ kind: 'report', text: body });
  });

  it('a Latin keyword must not run on into a letter', () => {
    expect(parseCommand('CXK煤矿违法开采')).toEqual({ kind: 'report', text: 'CXK煤矿违法开采' });
    expect(parseCommand('statuses are fake')).toEqual({ kind: 'report', text: 'statuses are fake' });
  });

  it('nothing but a case number and a key is a status request', () => {
    expect(parseCommand('20261127-482913 1234 5678 9012 3456')).toEqual({
      kind: 'status',
      caseNumber: CASE,
      accessKey: KEY,
    });
    expect(parseCommand(KEY)).toEqual({ kind: 'report', text: KEY });
    expect(parseCommand('20261127-482913')).toEqual({ kind: 'report', text: '20261127-482913' });
  });
});

describe('parseCommand: add', () => {
  it.each([
    ['补充 20261127-482913 今天又开工了', CASE, '今天又开工了'],
    ['补充：20261127482913，今天又开工了', CASE, '今天又开工了'],
    ['BC 20261127-482913 今天又开工了', CASE, '今天又开工了'],
    ['bc20261127-482913 今天又开工了', CASE, '今天又开工了'],
    ['ADD 20261127 482913: 今天又开工了', CASE, '今天又开工了'],
    [`${FW('ADD 20261127-482913 ')}今天又开工了`, CASE, '今天又开工了'],
    ['补充 案件编号20261127-482913 今天又开工了', CASE, '今天又开工了'],
  ])('%j', (body, caseNumber, text) => {
    expect(parseCommand(body)).toEqual({ kind: 'add', caseNumber, text });
  });

  it('without a case number the rest is the text', () => {
    expect(parseCommand('补充：今天又开工了')).toEqual({ kind: 'add', text: '今天又开工了' });
    expect(parseCommand('补充 3个人受伤')).toEqual({ kind: 'add', text: '3个人受伤' });
    expect(parseCommand('补充 编号不记得了，又开工了')).toEqual({
      kind: 'add',
      text: '编号不记得了，又开工了',
    });
    expect(parseCommand('add more trucks at night')).toEqual({ kind: 'add', text: 'more trucks at night' });
  });

  it('empty add', () => {
    expect(parseCommand('补充')).toEqual({ kind: 'add', text: '' });
    expect(parseCommand('补充 20261127-482913。')).toEqual({ kind: 'add', caseNumber: CASE, text: '' });
  });

  it('a key after the case number is taken out of the text', () => {
    expect(parseCommand('补充 20261127-482913 1234 5678 9012 3456 现场又冒烟')).toEqual({
      kind: 'add',
      caseNumber: CASE,
      accessKey: KEY,
      text: '现场又冒烟',
    });
    expect(parseCommand('补充 20261127-482913 密码：1234567890123456，现场又冒烟')).toEqual({
      kind: 'add',
      caseNumber: CASE,
      accessKey: KEY,
      text: '现场又冒烟',
    });
  });

  it('a key anywhere in the text is redacted', () => {
    expect(parseCommand('补充 20261127-482913 现场又冒烟，我的密码是1234 5678 9012 3456')).toEqual({
      kind: 'add',
      caseNumber: CASE,
      text: `现场又冒烟，我的密码是${REDACTED}`,
    });
  });

  it('not add: Latin keyword running on into a letter', () => {
    expect(parseCommand('ADDRESS: 张庄村')).toEqual({ kind: 'report', text: 'ADDRESS: 张庄村' });
    expect(parseCommand('BC公司偷排废水')).toEqual({ kind: 'report', text: 'BC公司偷排废水' });
  });
});

describe('parseCommand: whole-message keywords', () => {
  it.each([
    ['帮助', 'help'],
    ['HELP', 'help'],
    ['help', 'help'],
    ['Help!', 'help'],
    [' 帮助。', 'help'],
    ['?', 'help'],
    ['？', 'help'],
    ['??', 'help'],
    ['帮助？', 'help'],
    [FW('HELP'), 'help'],
    ['退订', 'optout'],
    ['TD', 'optout'],
    ['td', 'optout'],
    ['T D', 'optout'],
    ['STOP', 'optout'],
    ['Stop.', 'optout'],
    ['stop！', 'optout'],
    ['T', 'optout'],
    ['t', 'optout'],
    [FW('T'), 'optout'],
    ['退订。', 'optout'],
    ['：退订，', 'optout'],
    ['UNSUBSCRIBE', 'optout'],
    ['START', 'optin'],
    ['start', 'optin'],
    ['订阅', 'optin'],
    ['  订阅  ', 'optin'],
  ])('%j → %s', (body, kind) => {
    expect(parseCommand(body)).toEqual({ kind });
  });

  it('are text when anything else follows', () => {
    for (const body of ['T公司违规生产', '帮助我们查一下这个厂', 'help me', 'stop the mine', '退订单位违法'])
      expect(parseCommand(body)).toEqual({ kind: 'report', text: body });
  });
});

describe('parseCommand: report', () => {
  it('anything else is a report, cleaned', () => {
    expect(parseCommand('张庄村砖厂夜里偷偷开工')).toEqual({
      kind: 'report',
      text: '张庄村砖厂夜里偷偷开工',
    });
    expect(parseCommand('  a\r\nb\u0000c\u202e\u0007 ')).toEqual({ kind: 'report', text: 'a\nbc' });
    expect(parseCommand('')).toEqual({ kind: 'report', text: '' });
    expect(parseCommand('\ud800x')).toEqual({ kind: 'report', text: '\ufffdx' });
  });

  it('keeps emoji (ZWJ sequences) and tabs', () => {
    expect(cleanSmsText('👨‍👩‍👧\tok')).toBe('👨‍👩‍👧\tok');
  });
});

describe('parseInboundSns', () => {
  const payload = {
    originationNumber: '+8613800138000',
    destinationNumber: '+12125550101',
    messageKeyword: 'KEYWORD_123',
    messageBody: '张庄村砖厂夜里开工',
    inboundMessageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
    previousPublishedMessageId: 'wJ0j02jI1ZBdBsEcoRuZ6gxNBXunB6OV9/Xwd4hHufs=',
  };
  const parse = (over: Record<string, unknown>) => parseInboundSns(JSON.stringify({ ...payload, ...over }));

  it('parses the End User Messaging payload', () => {
    expect(parseInboundSns(JSON.stringify(payload))).toEqual({
      ok: true,
      value: {
        inboundMessageId: payload.inboundMessageId,
        originationNumber: '+8613800138000',
        mainlandMobile: '13800138000',
        destinationNumber: '+12125550101',
        messageKeyword: 'KEYWORD_123',
        messageBody: payload.messageBody,
        previousPublishedMessageId: payload.previousPublishedMessageId,
      },
    });
  });

  it('accepts the SNS envelope around it', () => {
    const envelope = JSON.stringify({
      Type: 'Notification',
      MessageId: 'x',
      Message: JSON.stringify(payload),
    });
    const result = parseInboundSns(envelope);
    expect(result.ok && result.value.originationNumber).toBe('+8613800138000');
  });

  it('optional fields may be missing, null or empty', () => {
    const result = parse({ messageKeyword: undefined, previousPublishedMessageId: null });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.messageKeyword).toBe('');
      expect(result.value).not.toHaveProperty('previousPublishedMessageId');
    }
    expect(parse({ previousPublishedMessageId: '', messageBody: '' }).ok).toBe(true);
  });

  it.each([
    ['+86 138-0013-8000', '+8613800138000', '13800138000'],
    ['008613800138000', '+8613800138000', '13800138000'],
    ['13800138000', '+8613800138000', '13800138000'],
    ['8613800138000', '+8613800138000', '13800138000'],
    [`＋${FW('8613800138000')}`, '+8613800138000', '13800138000'],
    ['+861088888888', '+861088888888', undefined],
    ['+14255550182', '+14255550182', undefined],
    ['+44 (20) 7946 0958', '+442079460958', undefined],
  ])('origination %j → %s', (originationNumber, e164, mainland) => {
    const result = parse({ originationNumber });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.originationNumber).toBe(e164);
      expect(result.value.mainlandMobile).toBe(mainland);
    }
  });

  it('typed errors, without values', () => {
    expect(parseInboundSns('not json')).toEqual({ ok: false, error: { code: 'not_json' } });
    expect(parseInboundSns('')).toEqual({ ok: false, error: { code: 'not_json' } });
    expect(parseInboundSns('x'.repeat(300_000))).toEqual({ ok: false, error: { code: 'too_large' } });
    expect(parseInboundSns('[1,2]')).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(parseInboundSns('null')).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(parse({ originationNumber: 'abc' })).toEqual({
      ok: false,
      error: { code: 'invalid_origination' },
    });
    expect(parse({ originationNumber: '+0123456789' })).toEqual({
      ok: false,
      error: { code: 'invalid_origination' },
    });
    expect(parse({ originationNumber: '12345' })).toEqual({
      ok: false,
      error: { code: 'invalid_origination' },
    });
    expect(parse({ inboundMessageId: 'has space' })).toMatchObject({ error: { code: 'invalid_payload' } });
    expect(parse({ inboundMessageId: '' })).toMatchObject({ error: { code: 'invalid_payload' } });
    expect(parse({ messageBody: 'x'.repeat(10_001) })).toMatchObject({ error: { code: 'invalid_payload' } });
    const missing = parseInboundSns(JSON.stringify({ originationNumber: '+8613800138000', messageBody: 7 }));
    expect(missing).toEqual({
      ok: false,
      error: {
        code: 'invalid_payload',
        issues: [
          'destinationNumber: invalid_type',
          'messageBody: invalid_type',
          'inboundMessageId: invalid_type',
        ],
      },
    });
    expect(JSON.stringify(missing)).not.toContain('13800138000');
  });

  it('normalizeE164', () => {
    expect(normalizeE164('+86 138 0013 8000')).toBe('+8613800138000');
    expect(normalizeE164('')).toBeNull();
    expect(normalizeE164('+1234567890123456')).toBeNull();
    expect(normalizeE164('23800138000')).toBeNull();
  });
});

describe('redactSecrets', () => {
  it('removes the given key however it is written', () => {
    for (const written of [
      KEY,
      '1234 5678 9012 3456',
      '1234-5678-9012-3456',
      '1234 - 5678 - 9012 - 3456',
      FW(KEY),
      '１２３４　５６７８－９０１２　３４５６',
      '1234\u200b5678\u200b9012\u200b3456',
    ]) {
      expect(redactSecrets(`我的密码是${written}，别外传`, [KEY])).toBe(`我的密码是${REDACTED}，别外传`);
    }
  });

  it('finds the key inside a longer run of digits and every occurrence', () => {
    expect(redactSecrets(`x 20261127482913${KEY} y`, [KEY])).toBe(`x 20261127482913${REDACTED} y`);
    expect(redactSecrets(`${KEY} and ${KEY}`, ['1234 5678 9012 3456'])).toBe(`${REDACTED} and ${REDACTED}`);
  });

  it('leaves other text alone and ignores malformed keys', () => {
    const text = '张庄村砖厂，电话13800138000，车牌豫K12345，2026-11-27';
    expect(redactSecrets(text, [KEY, '123', ''])).toBe(text);
    expect(redactSecrets(`号码 ${KEY}`, [])).toBe(`号码 ${KEY}`);
  });

  it('after a status or add keyword, any key-shaped number', () => {
    expect(redactSecrets('查询 20261127-482913 1234 5678 9012 3456', [])).toBe(
      `查询 20261127-482913 ${REDACTED}`,
    );
    expect(redactSecrets('CX 202611274829131234567890123456', [])).toBe(`CX 20261127482913${REDACTED}`);
    expect(redactSecrets('查询 1234567890123456 20261127-482913', [])).toBe(
      `查询 ${REDACTED} 20261127-482913`,
    );
    expect(redactSecrets('补充 20261127-482913 密码 9999-8888-7777-6666 又开工', [])).toBe(
      `补充 20261127-482913 密码 ${REDACTED} 又开工`,
    );
  });

  it('accessKeyCandidates lists key-shaped numbers for verification', () => {
    expect(
      accessKeyCandidates(`又开工了 ${FW('1234')} 5678 9012 3456 和 20261127-482913 1111222233334444`),
    ).toEqual([KEY, '1111222233334444']);
    expect(accessKeyCandidates('13800138000 2026-11-27')).toEqual([]);
    expect(
      accessKeyCandidates(Array.from({ length: 10 }, (_, i) => `${i}`.repeat(16)).join(' x ')),
    ).toHaveLength(4);
  });
});

describe('replies', () => {
  const longestStatus = Object.values(STATUS_LABELS)
    .map((l) => l.zh)
    .sort((a, b) => b.length - a.length)[0]!;
  const WORST = {
    caseNumber: '20261231-999999',
    accessKey: '9999999999999999',
    townshipName: '某某某某某某蒙古族回族满族乡',
    statusLabel: longestStatus,
    dueDate: '2026-12-31',
  };
  const all = (v: typeof WORST) => [
    replyReportReceived(v),
    replyReportReceived({ caseNumber: v.caseNumber, accessKey: v.accessKey }),
    replyAskTownship(),
    replyRouted(v),
    replyStatus(v),
    replyStatus({ caseNumber: v.caseNumber, statusLabel: v.statusLabel }),
    replyAdded(v.caseNumber),
    replyHelp(),
    replyOptedOut(),
    replyOptedIn(),
    replyBadCredentials(),
    replyRateLimited(),
    replyUnknown(),
  ];

  it('ucs2Length counts UTF-16 code units; two segments are 140', () => {
    expect(ucs2Length('举报')).toBe(2);
    expect(ucs2Length('😀')).toBe(2);
    expect(fitsTwoSegments('举'.repeat(MAX_REPLY_UCS2))).toBe(true);
    expect(fitsTwoSegments('举'.repeat(MAX_REPLY_UCS2 + 1))).toBe(false);
    expect(fitsTwoSegments(`${'举'.repeat(139)}😀`)).toBe(false);
  });

  it('every reply fits two segments with worst-case values (and 2 × 67 for concatenation)', () => {
    for (const reply of all(WORST)) {
      expect(fitsTwoSegments(reply), reply).toBe(true);
      expect(ucs2Length(reply), reply).toBeLessThanOrEqual(134);
    }
  });

  it('every reply fits two segments with absurd values', () => {
    const absurd = {
      caseNumber: '😀'.repeat(200),
      accessKey: 'k'.repeat(500),
      townshipName: `${'乡'.repeat(300)}\n\u0000`,
      statusLabel: '状'.repeat(300),
      dueDate: '9'.repeat(300),
    };
    for (const reply of all(absurd)) expect(fitsTwoSegments(reply), reply).toBe(true);
  });

  it('report received: number, key in 4-4-4-4, and the township or the question', () => {
    const routed = replyReportReceived({ caseNumber: CASE, accessKey: KEY, townshipName: '神垕镇' });
    expect(routed).toContain(CASE);
    expect(routed).toContain('1234 5678 9012 3456');
    expect(routed).not.toContain(KEY);
    expect(routed).toContain('已转神垕镇办理');
    const ask = replyReportReceived({ caseNumber: '20261127482913', accessKey: '1234-5678-9012-3456' });
    expect(ask).toContain(CASE);
    expect(ask).toContain('1234 5678 9012 3456');
    expect(ask).toContain('乡镇');
    expect(ask).not.toContain('已转');
    // SMS cannot carry photos: both receipts say where to add them, whole, within two segments.
    for (const reply of [routed, ask]) {
      expect(reply).toContain('照片可在网站“查询举报进度”页补充');
      expect(fitsTwoSegments(reply)).toBe(true);
    }
  });

  it('status, added, routed', () => {
    expect(replyStatus({ caseNumber: CASE, statusLabel: '已受理', dueDate: '2026-12-01' })).toContain(
      '当前状态：已受理，办理期限2026-12-01',
    );
    expect(replyStatus({ caseNumber: CASE, statusLabel: '已受理' })).not.toContain('期限');
    expect(replyAdded(CASE)).toContain(CASE);
    expect(replyRouted({ caseNumber: CASE, townshipName: '灵井镇' })).toContain('已转灵井镇办理');
  });

  it('are Simplified Chinese and name the keywords', () => {
    expect(replyHelp()).toMatch(/查询.*补充.*退订/);
    expect(replyOptedOut()).toContain('START');
    expect(replyBadCredentials()).toContain('查询 案件编号 查询密码');
  });
});

describe('decideConversation', () => {
  const NOW = new Date('2026-11-27T04:00:00Z'); // 12:00 Shanghai
  const fresh: ConversationState = { optedOut: false, reportsToday: 0 };
  const { places } = readDivisionSeed('4110');
  const index = buildPlaceIndex(places);
  const townshipOf = (text: string) => locate(index, text).township;
  const report = (text: string): SmsCommand => ({ kind: 'report', text });
  const decide = (state: Partial<ConversationState>, command: SmsCommand, options = {}) =>
    decideConversation({ ...fresh, ...state }, command, NOW, { townshipOf, ...options });

  it('a new number opens a report; the reply is rendered by the caller', () => {
    expect(decide({}, report('张庄村砖厂夜里开工'))).toEqual({
      action: 'open_report',
      text: '张庄村砖厂夜里开工',
      reply: { kind: 'report_received' },
    });
  });

  it('rate limit: the daily cap of new reports per number, per Shanghai day', () => {
    expect(decide({ reportsToday: 4 }, report('又一个')).action).toBe('open_report');
    expect(decide({ reportsToday: 5 }, report('又一个'))).toEqual({
      action: 'rate_limited',
      reply: { kind: 'text', text: replyRateLimited() },
    });
    expect(decide({ reportsToday: 1 }, report('又一个'), { dailyReportCap: 1 }).action).toBe('rate_limited');
    expect(decide({}, report('又一个'), { dailyReportCap: 0 }).action).toBe('rate_limited');
    expect(decide({ reportsToday: 5, reportsDay: '2026-11-27' }, report('x')).action).toBe('rate_limited');
    expect(decide({ reportsToday: 5, reportsDay: '2026-11-26' }, report('x')).action).toBe('open_report');
    // 2026-11-26T17:00Z is already 27 November in Shanghai.
    const lateUtc = new Date('2026-11-26T17:00:00Z');
    expect(
      decideConversation({ ...fresh, reportsToday: 5, reportsDay: '2026-11-27' }, report('x'), lateUtc)
        .action,
    ).toBe('rate_limited');
    expect(decideConversation({ ...fresh, reportsToday: 5 }, report('x'), new Date(Number.NaN)).action).toBe(
      'rate_limited',
    );
  });

  it('an open case gets the text appended, never a second report', () => {
    const d = decide({ openCaseNumber: CASE, reportsToday: 99 }, report('今天又开工了'));
    expect(d).toEqual({
      action: 'append_to_case',
      caseNumber: CASE,
      text: '今天又开工了',
      verify: 'thread',
      reply: { kind: 'text', text: replyAdded(CASE) },
    });
  });

  it('keywords win over the open case', () => {
    const open = { openCaseNumber: CASE };
    expect(decide(open, parseCommand('帮助')).action).toBe('help');
    expect(decide(open, parseCommand('退订')).action).toBe('optout');
    expect(decide(open, parseCommand('查询')).action).toBe('status');
  });

  it('awaiting a township: a text naming one answers it, anything else is appended and asked again', () => {
    const awaiting = { openCaseNumber: CASE, awaitingTownshipFor: CASE };
    const answered = decide(awaiting, report('在神垕镇'));
    expect(answered).toMatchObject({
      action: 'answer_township',
      caseNumber: CASE,
      township: { code: '411081103', name: '神垕镇' },
      text: '在神垕镇',
    });
    expect(answered.reply).toEqual({
      kind: 'text',
      text: replyRouted({ caseNumber: CASE, townshipName: '神垕镇' }),
    });
    expect(decide(awaiting, report('不知道，就在河边'))).toEqual({
      action: 'append_to_case',
      caseNumber: CASE,
      text: '不知道，就在河边',
      verify: 'thread',
      reply: { kind: 'text', text: replyAskTownship() },
    });
    // Ambiguous (陈庄 is in several townships): asked again.
    expect(decide(awaiting, report('陈庄')).action).toBe('append_to_case');
    // Without a place lookup, or one that fails, it is asked again too.
    expect(decideConversation({ ...fresh, ...awaiting }, report('神垕镇'), NOW).action).toBe(
      'append_to_case',
    );
    const throwing = () => {
      throw new Error('boom');
    };
    expect(decide(awaiting, report('神垕镇'), { townshipOf: throwing }).action).toBe('append_to_case');
    // An add without a case number is text like any other.
    expect(decide(awaiting, parseCommand('补充 在灵井镇')).action).toBe('answer_township');
  });

  it('opted out: only START is answered', () => {
    const out = { optedOut: true, openCaseNumber: CASE };
    for (const body of ['张庄村砖厂', '帮助', '查询 20261127-482913 1234567890123456', '退订', '补充 x', ''])
      expect(decide(out, parseCommand(body))).toEqual({
        action: 'ignored_opted_out',
        reply: { kind: 'none' },
      });
    expect(decide(out, parseCommand('START'))).toEqual({
      action: 'optin',
      reply: { kind: 'text', text: replyOptedIn() },
    });
  });

  it('optout, optin, help', () => {
    expect(decide({}, { kind: 'optout' })).toEqual({
      action: 'optout',
      reply: { kind: 'text', text: replyOptedOut() },
    });
    expect(decide({}, { kind: 'optin' })).toEqual({
      action: 'optin',
      reply: { kind: 'text', text: replyOptedIn() },
    });
    expect(decide({}, { kind: 'help' })).toEqual({
      action: 'help',
      reason: 'help',
      reply: { kind: 'text', text: replyHelp() },
    });
  });

  it('status: verified by the thread, the key or the sender', () => {
    expect(decide({}, { kind: 'status', caseNumber: CASE, accessKey: KEY })).toEqual({
      action: 'status',
      caseNumber: CASE,
      verify: 'key',
      accessKey: KEY,
      reply: { kind: 'status' },
    });
    expect(decide({ openCaseNumber: CASE }, { kind: 'status' })).toEqual({
      action: 'status',
      caseNumber: CASE,
      verify: 'thread',
      reply: { kind: 'status' },
    });
    expect(
      decide({ openCaseNumber: CASE }, { kind: 'status', caseNumber: CASE, accessKey: KEY }),
    ).toMatchObject({
      verify: 'thread',
    });
    expect(decide({ openCaseNumber: '20260101-000001' }, { kind: 'status', caseNumber: CASE })).toMatchObject(
      {
        caseNumber: CASE,
        verify: 'sender',
      },
    );
    const usage = {
      action: 'help',
      reason: 'incomplete_status',
      reply: { kind: 'text', text: replyBadCredentials() },
    };
    expect(decide({}, { kind: 'status' })).toEqual(usage);
    expect(decide({}, { kind: 'status', accessKey: KEY })).toEqual(usage);
  });

  it('add: to the case named, else as text', () => {
    expect(decide({}, { kind: 'add', caseNumber: CASE, accessKey: KEY, text: '又开工' })).toEqual({
      action: 'append_to_case',
      caseNumber: CASE,
      text: '又开工',
      verify: 'key',
      accessKey: KEY,
      reply: { kind: 'text', text: replyAdded(CASE) },
    });
    expect(decide({ openCaseNumber: CASE }, { kind: 'add', caseNumber: CASE, text: '又开工' })).toMatchObject(
      {
        verify: 'thread',
      },
    );
    expect(decide({}, { kind: 'add', caseNumber: CASE, text: '又开工' })).toMatchObject({ verify: 'sender' });
    expect(decide({ openCaseNumber: CASE }, { kind: 'add', text: '又开工' })).toMatchObject({
      action: 'append_to_case',
      caseNumber: CASE,
      verify: 'thread',
    });
    expect(decide({}, { kind: 'add', text: '又开工' })).toEqual({
      action: 'open_report',
      text: '又开工',
      reply: { kind: 'report_received' },
    });
    expect(decide({}, { kind: 'add', caseNumber: CASE, text: '' })).toEqual({
      action: 'help',
      reason: 'empty_add',
      reply: { kind: 'text', text: replyHelp() },
    });
  });

  it('unreadable text gets the "not understood" reply and opens nothing', () => {
    for (const text of ['', '   ', '👍', '。。。', '😀😀'])
      for (const state of [{}, { openCaseNumber: CASE }])
        expect(decide(state, report(text))).toEqual({
          action: 'help',
          reason: 'unreadable',
          reply: { kind: 'text', text: replyUnknown() },
        });
  });

  it('no reply repeats the text', () => {
    const text = '张庄村砖厂夜里开工非常危险';
    for (const state of [{}, { openCaseNumber: CASE }, { awaitingTownshipFor: CASE }]) {
      const d = decide(state, report(text));
      if (d.reply.kind === 'text') expect(d.reply.text).not.toContain('砖厂');
    }
  });
});
