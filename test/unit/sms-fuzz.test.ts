import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accessKeyCandidates,
  type ConversationState,
  decideConversation,
  fitsTwoSegments,
  parseCommand,
  parseInboundSns,
  REDACTED,
  redactSecrets,
  replyAdded,
  replyReportReceived,
  replyRouted,
  replyStatus,
  type SmsCommand,
} from '#shared/domain/sms.ts';

const KINDS = new Set(['status', 'add', 'help', 'optout', 'optin', 'report']);
const ERROR_CODES = new Set(['too_large', 'not_json', 'invalid_payload', 'invalid_origination']);
/** Controls (but newline and tab), bidi overrides and isolates, BOM: never in a stored text. */
function hasForbidden(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 0x20 && c !== 0x0a && c !== 0x09) || (c >= 0x7f && c <= 0x9f)) return true;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff) return true;
  }
  return false;
}

/** Pieces a real (or hostile) text is made of: keywords, digits in both widths, scripts, emoji, controls. */
const FRAGMENTS = [
  '查询',
  '补充',
  '帮助',
  '退订',
  '订阅',
  'CX',
  'bc',
  'ADD',
  'STOP',
  'T',
  '?',
  '？',
  '：',
  '，',
  '。',
  ' ',
  '\u3000',
  '\n',
  '\r\n',
  '\t',
  '-',
  '－',
  '20261127-482913',
  '1234 5678 9012 3456',
  '１２３４５６７８９０１２３４５６',
  '7',
  '张庄村',
  '神垕镇',
  '砖厂夜里开工',
  'Привет',
  'مرحبا',
  'שלום',
  'ñandú',
  '😀',
  '👨‍👩‍👧',
  '🇨🇳',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\ud800',
  '\udfff',
  '<script>',
  '"',
  '\\',
];

const mixed = (maxLength: number) =>
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength }).map((parts) => parts.join(''));

/** Any UTF-16, lone surrogates included. */
const rawUtf16 = (maxLength: number) =>
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength }).map((units) => String.fromCharCode(...units));

const bodies = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', minLength: 1600, maxLength: 1600 }),
  fc.string({ unit: 'binary', minLength: 1600, maxLength: 1600 }),
  rawUtf16(300),
  mixed(40),
  mixed(400),
);

const caseNumbers = fc.oneof(
  fc.constant(undefined),
  fc.constant('20261127-482913'),
  fc.string({ maxLength: 40 }),
);
const states: fc.Arbitrary<ConversationState> = fc.record(
  {
    openCaseNumber: caseNumbers,
    awaitingTownshipFor: caseNumbers,
    optedOut: fc.boolean(),
    reportsToday: fc.oneof(fc.integer({ min: -3, max: 20 }), fc.constant(Number.NaN)),
    reportsDay: fc.oneof(fc.constant('2026-11-27'), fc.constant('2026-11-26'), fc.string({ maxLength: 12 })),
  },
  { requiredKeys: ['optedOut', 'reportsToday'] },
) as fc.Arbitrary<ConversationState>;
const dates = fc.oneof(fc.date(), fc.constant(new Date(Number.NaN)));
const townships = fc.oneof(
  fc.constant(null),
  fc.record({ code: fc.string({ maxLength: 12 }), name: fc.string({ unit: 'grapheme', maxLength: 300 }) }),
);

/** The reply the caller would send, rendered with adversarial values where the caller supplies them. */
function rendered(reply: ReturnType<typeof decideConversation>['reply'], value: string): string | null {
  switch (reply.kind) {
    case 'text':
      return reply.text;
    case 'report_received':
      return replyReportReceived({ caseNumber: value, accessKey: value, townshipName: value });
    case 'status':
      return replyStatus({ caseNumber: value, statusLabel: value, dueDate: value });
    case 'none':
      return null;
  }
}

describe('fuzz: parseCommand', () => {
  it('never throws and always yields a command with clean text', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const command = parseCommand(body);
        expect(KINDS.has(command.kind)).toBe(true);
        if (command.kind === 'report' || command.kind === 'add') {
          expect(typeof command.text).toBe('string');
          expect(hasForbidden(command.text)).toBe(false);
          expect(
            /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(command.text),
          ).toBe(false);
        }
        if (command.kind === 'status' || command.kind === 'add') {
          if (command.caseNumber !== undefined) expect(command.caseNumber).toMatch(/^\d{8}-\d{6}$/);
          if (command.accessKey !== undefined) expect(command.accessKey).toMatch(/^\d{16}$/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a keyword followed by anything is still parsed (never a crash)', () => {
    fc.assert(
      fc.property(fc.constantFrom('查询', '补充', 'CX ', 'BC ', '状态：'), bodies, (keyword, rest) => {
        expect(KINDS.has(parseCommand(keyword + rest).kind)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('fuzz: decisions and replies', () => {
  it('every decision carries a reply that fits two segments', () => {
    fc.assert(
      fc.property(
        states,
        bodies,
        dates,
        townships,
        fc.integer({ min: -1, max: 10 }),
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        (state, body, now, township, cap, value) => {
          const decision = decideConversation(state, parseCommand(body), now, {
            dailyReportCap: cap,
            townshipOf: () => township,
          });
          const text = rendered(decision.reply, value);
          if (text !== null) {
            expect(text.length).toBeGreaterThan(0);
            expect(fitsTwoSegments(text)).toBe(true);
          }
          if (state.optedOut) expect(['optin', 'ignored_opted_out']).toContain(decision.action);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('arbitrary commands (not only parsed ones) never crash the decision', () => {
    const commands: fc.Arbitrary<SmsCommand> = fc.oneof(
      fc.record({
        kind: fc.constant('report' as const),
        text: fc.string({ unit: 'binary', maxLength: 1600 }),
      }),
      fc.record(
        {
          kind: fc.constant('add' as const),
          caseNumber: fc.string(),
          accessKey: fc.string(),
          text: fc.string({ unit: 'grapheme' }),
        },
        { requiredKeys: ['kind', 'text'] },
      ),
      fc.record(
        { kind: fc.constant('status' as const), caseNumber: fc.string(), accessKey: fc.string() },
        {
          requiredKeys: ['kind'],
        },
      ),
      fc.constantFrom<SmsCommand>({ kind: 'help' }, { kind: 'optout' }, { kind: 'optin' }),
    );
    fc.assert(
      fc.property(states, commands, dates, (state, command, now) => {
        const decision = decideConversation(state, command, now);
        const text = rendered(decision.reply, '');
        if (text !== null) expect(fitsTwoSegments(text)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reply builders fit two segments whatever they are given', () => {
    const any = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 400 }),
      fc.string({ unit: 'binary', maxLength: 400 }),
      rawUtf16(400),
      mixed(60),
    );
    fc.assert(
      fc.property(any, any, any, fc.option(any, { nil: undefined }), (a, b, c, d) => {
        for (const reply of [
          replyReportReceived({ caseNumber: a, accessKey: b, townshipName: d }),
          replyReportReceived({ caseNumber: a, accessKey: b }),
          replyStatus({ caseNumber: a, statusLabel: c, dueDate: d }),
          replyRouted({ caseNumber: a, townshipName: c }),
          replyAdded(a),
        ])
          expect(fitsTwoSegments(reply)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('fuzz: redaction', () => {
  const NO_DIGITS = FRAGMENTS.filter((f) => !/[0-9０-９]/.test(f));
  const around = fc.array(fc.constantFrom(...NO_DIGITS), { maxLength: 30 }).map((p) => p.join(''));
  const separators = fc.array(fc.constantFrom('', ' ', '-', '－', '\u3000', '\u200b', ' - '), {
    minLength: 15,
    maxLength: 15,
  });

  it('a key written any way inside any text is gone', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{16}$/),
        separators,
        fc.boolean(),
        around,
        around,
        (key, seps, fullWidth, before, after) => {
          const digits = [...key].map((d) => (fullWidth ? String.fromCharCode(d.charCodeAt(0) + 0xfee0) : d));
          const written = digits.map((d, i) => d + (seps[i] ?? '')).join('');
          const out = redactSecrets(before + written + after, [key]);
          expect(out).toContain(REDACTED);
          expect(out.normalize('NFKC').replace(/[^0-9]/g, '')).not.toContain(key);
          expect(accessKeyCandidates(before + written + after)).toContain(key);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws, and without keys or keywords changes nothing', () => {
    fc.assert(
      fc.property(bodies, fc.array(fc.string(), { maxLength: 3 }), (body, keys) => {
        expect(typeof redactSecrets(body, keys)).toBe('string');
        expect(accessKeyCandidates(body).length).toBeLessThanOrEqual(4);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(around, (text) => {
        fc.pre(!/^[\s\p{P}\p{S}\p{C}]*(查询|补充|cx|bc|add|status|状态)/iu.test(text));
        expect(redactSecrets(text, [])).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});

describe('fuzz: parseInboundSns', () => {
  const payloads = fc.record(
    {
      originationNumber: fc.oneof(fc.string(), fc.constant('+8613800138000'), fc.integer()),
      destinationNumber: fc.oneof(fc.string(), fc.constant('+12125550101')),
      messageKeyword: fc.oneof(fc.string(), fc.constant(null)),
      messageBody: fc.oneof(bodies, fc.jsonValue()),
      inboundMessageId: fc.oneof(fc.uuid(), fc.string()),
      previousPublishedMessageId: fc.oneof(fc.string(), fc.constant(null)),
    },
    { requiredKeys: [] },
  );
  const messages = fc.oneof(
    fc.constant(''),
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', minLength: 1600, maxLength: 1600 }),
    rawUtf16(300),
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
    payloads.map((p) => JSON.stringify(p)),
    payloads.map((p) => JSON.stringify({ Type: 'Notification', Message: JSON.stringify(p) })),
  );

  it('never throws; a typed value or a typed error without values', () => {
    fc.assert(
      fc.property(messages, (message) => {
        const result = parseInboundSns(message);
        if (result.ok) {
          expect(result.value.originationNumber).toMatch(/^\+[1-9]\d{6,14}$/);
          expect(typeof result.value.messageBody).toBe('string');
          expect(result.value.inboundMessageId).toMatch(/^[\x21-\x7e]+$/);
          expect(KINDS.has(parseCommand(result.value.messageBody).kind)).toBe(true);
        } else {
          expect(ERROR_CODES.has(result.error.code)).toBe(true);
          if (result.error.code === 'invalid_payload')
            for (const issue of result.error.issues) expect(issue).toMatch(/^[\w.()]+: \w+$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
