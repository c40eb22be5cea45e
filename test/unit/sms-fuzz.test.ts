import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClaimPayload } from '#shared/domain/sms/claim.ts';
import {
  replyClaimed,
  replyClaimInvalid,
  replyClaimNothing,
  replyClaimRepeated,
  replyClaimWindowEnded,
} from '#shared/domain/sms/claim-replies.ts';
import { parseCommand, type SmsCommand } from '#shared/domain/sms/commands.ts';
import { type ConversationState, decideConversation } from '#shared/domain/sms/conversation.ts';
import { parseInboundSns } from '#shared/domain/sms/inbound.ts';
import {
  accessKeyCandidates,
  REDACTED,
  redactPayeeNumbers,
  redactSecrets,
} from '#shared/domain/sms/redaction.ts';
import {
  fitsTwoSegments,
  replyAdded,
  replyReportReceived,
  replyRouted,
  replyStatus,
} from '#shared/domain/sms/replies.ts';
import { mixedText, SMS_FRAGMENTS } from '../support/sms-texts.ts';

// Deterministic runs (a flaky test blocks landing): every property here starts from this seed
// unless it names its own.
fc.configureGlobal({ seed: 20261127 });

const KINDS = new Set(['status', 'add', 'claim', 'help', 'optout', 'optin', 'report']);
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
  mixedText(40),
  mixedText(400),
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
    case 'claim':
      return replyClaimed({ caseNumber: value, amountYuan: value.length });
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
        if (command.kind === 'claim' && command.payee.ok) {
          expect(command.payee.payee.idNumber).toMatch(/^\d{17}[\dX]$/);
          expect(command.payee.payee.bankAccount).toMatch(/^\d{10,30}$/);
        }
        if (command.kind === 'status' || command.kind === 'add' || command.kind === 'claim') {
          if (command.caseNumber !== undefined) expect(command.caseNumber).toMatch(/^\d{8}-\d{6}$/);
          if (command.accessKey !== undefined) expect(command.accessKey).toMatch(/^\d{16}$/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a keyword followed by anything is still parsed (never a crash)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('查询', '补充', 'CX ', 'BC ', '状态：', '领奖', 'LJ ', 'CLAIM:'),
        bodies,
        (keyword, rest) => {
          expect(KINDS.has(parseCommand(keyword + rest).kind)).toBe(true);
        },
      ),
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
      fc.record(
        {
          kind: fc.constant('claim' as const),
          caseNumber: fc.string(),
          accessKey: fc.string(),
          payee: fc.oneof(
            fc.record({
              ok: fc.constant(true as const),
              payee: fc.record({
                name: fc.string(),
                idNumber: fc.string(),
                bankName: fc.string(),
                bankAccount: fc.string(),
              }),
            }),
            fc.record({
              ok: fc.constant(false as const),
              issues: fc.array(
                fc.record({
                  field: fc.constantFrom(
                    'name' as const,
                    'idNumber' as const,
                    'bankName' as const,
                    'bankAccount' as const,
                  ),
                  problem: fc.constantFrom('missing' as const, 'invalid' as const),
                }),
                { maxLength: 6 },
              ),
            }),
          ),
        },
        { requiredKeys: ['kind', 'payee'] },
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
      mixedText(60),
    );
    fc.assert(
      fc.property(any, any, any, fc.option(any, { nil: undefined }), (a, b, c, d) => {
        for (const reply of [
          replyReportReceived({ caseNumber: a, accessKey: b, townshipName: d }),
          replyReportReceived({ caseNumber: a, accessKey: b }),
          replyStatus({ caseNumber: a, statusLabel: c, dueDate: d }),
          replyRouted({ caseNumber: a, townshipName: c }),
          replyAdded(a),
          replyClaimed({ caseNumber: a, amountYuan: b.length * 1e12 }),
          replyClaimRepeated(a),
          replyClaimNothing(a),
          replyClaimWindowEnded({ caseNumber: a, lastDay: c }),
          replyClaimInvalid([
            { field: 'name', problem: 'invalid' },
            { field: 'idNumber', problem: 'invalid' },
            { field: 'bankAccount', problem: 'missing' },
          ]),
        ])
          expect(fitsTwoSegments(reply)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('fuzz: redaction', () => {
  const NO_DIGITS = SMS_FRAGMENTS.filter((f) => !/[0-9０-９]/.test(f));
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

describe('fuzz: payee details', () => {
  // Fixed seeds: the same runs every time (a counterexample found once stays a test).
  const NO_DIGITS = SMS_FRAGMENTS.filter((f) => !/[0-9０-９]/.test(f));
  const around = fc.array(fc.constantFrom(...NO_DIGITS), { maxLength: 12 }).map((p) => p.join(''));
  const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  /** A valid resident ID number (GB 11643 check character). */
  const idNumbers = fc
    .tuple(
      fc.constantFrom('110105', '411003', '410102'),
      fc.date({
        min: new Date('1940-01-01T00:00:00Z'),
        max: new Date('2008-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map(([region, birth, seq]) => {
      const body = `${region}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      const sum = [...body].reduce((n, d, i) => n + Number(d) * WEIGHTS[i]!, 0);
      return body + '10X98765432'[sum % 11]!;
    });
  const accounts = fc.stringMatching(/^[1-9]\d{15,18}$/);
  const fullWidth = (s: string) =>
    s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  /** A number as people type it: whole, in groups (spaces, dashes, ideographic spaces), maybe full-width. */
  const written = (digits: string, cuts: number[]) =>
    fc
      .tuple(fc.constantFrom('', ' ', '-', '\u3000', '  '), fc.boolean(), fc.boolean())
      .map(([sep, grouped, wide]) => {
        let out = digits;
        if (grouped && sep)
          out = [0, ...cuts, digits.length]
            .slice(1)
            .map((end, i, ends) => digits.slice(i === 0 ? 0 : ends[i - 1], end))
            .join(sep);
        return wide ? fullWidth(out) : out;
      });

  it('an ID number and an account, written any way inside any text, are gone after redaction', () => {
    fc.assert(
      fc.property(
        idNumbers.chain((id) => written(id, [6, 14]).map((w) => [id, w] as const)),
        accounts.chain((a) =>
          written(
            a,
            [4, 8, 12, 16].filter((n) => n < a.length),
          ).map((w) => [a, w] as const),
        ),
        around,
        fc.constantFrom(' ', '，', ', ', '、', '；', '\n', ' 农业银行 '),
        around,
        ([, id], [, account], before, between, after) => {
          const text = `${before}${id}${between}${account}${after}`;
          const redacted = redactPayeeNumbers(text);
          expect(redacted.normalize('NFKC').replace(/[^0-9]/g, '')).toBe('');
          expect(redacted).toContain(REDACTED);
        },
      ),
      { seed: 20261128, numRuns: 300 },
    );
  });

  it('a claim written with any separators reads back the same payee', () => {
    fc.assert(
      fc.property(
        idNumbers.chain((id) => written(id, [6, 14]).map((w) => [id, w] as const)),
        accounts.chain((a) =>
          written(
            a,
            [4, 8, 12, 16].filter((n) => n < a.length),
          ).map((w) => [a, w] as const),
        ),
        fc.constantFrom(' ', '，', ',', '、', '；', ' , ', '\n'),
        fc.constantFrom('领奖', 'LJ ', 'claim:', '领奖：'),
        ([id, idWritten], [account, accountWritten], sep, keyword) => {
          const command = parseCommand(
            `${keyword}${['王小明', idWritten, '中国农业银行许昌分行', accountWritten].join(sep)}`,
          );
          expect(command).toEqual({
            kind: 'claim',
            payee: {
              ok: true,
              payee: { name: '王小明', idNumber: id, bankName: '中国农业银行许昌分行', bankAccount: account },
            },
          });
        },
      ),
      { seed: 20261129, numRuns: 300 },
    );
  });

  it('parseClaimPayload never throws and gives strings or nothing', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const p = parseClaimPayload(body);
        for (const v of Object.values(p.fields)) expect(typeof v).toBe('string');
        if (p.caseNumber !== undefined) expect(p.caseNumber).toMatch(/^\d{8}-\d{6}$/);
        if (p.accessKey !== undefined) expect(p.accessKey).toMatch(/^\d{16}$/);
        expect(typeof redactPayeeNumbers(body)).toBe('string');
      }),
      { seed: 20261130, numRuns: 400 },
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
