/**
 * Fuzzing the whole inbound path — an SNS event as the Lambda gets it, through the handler, to
 * DynamoDB Local and the outbox — with hostile texts: empty, 1,600 characters, emoji, mixed
 * scripts, control characters, keywords in any arrangement. Whatever arrives, the handler does not
 * throw, the sender gets exactly one reply that fits two UCS-2 segments, and no table item (nor
 * log line) holds the sender's number in clear. A fixed seed and a modest run count keep it
 * deterministic and well under a minute.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleSnsEvent, snsEventOf } from '#functions/sms/sns.ts';
import { fitsTwoSegments, MAX_REPLY_UCS2 } from '#shared/domain/sms/replies.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { mixedText, SMS_FRAGMENTS } from '../support/sms-texts.ts';

const SEED = 20261127;

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

const bodies = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', minLength: 1600, maxLength: 1600 }),
  fc.string({ unit: 'binary', minLength: 1600, maxLength: 1600 }),
  fc.array(fc.integer({ min: 0, max: 0x1f }), { maxLength: 40 }).map((c) => String.fromCharCode(...c)),
  fc.constantFrom(...SMS_FRAGMENTS),
  mixedText(30),
  mixedText(300),
);

/** The SNS Timestamp: usually now, sometimes missing or nonsense (the sent time falls back to now). */
const timestamps = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 3600 }).map((s) => new Date(Date.now() - s * 1000)) },
  { weight: 1, arbitrary: fc.constant(new Date(Number.NaN)) },
);

let serial = 0;
let messages = 0;
const used: string[] = [];
/** A number that never wrote before: each run starts a new conversation. */
function freshNumber(): string {
  const number = `+86139${String(50_000_000 + ++serial).padStart(8, '0')}`;
  used.push(number);
  return number;
}

function event(from: string, body: string, at: Date) {
  const e = snsEventOf(
    JSON.stringify({
      originationNumber: from,
      destinationNumber: '+8610690000000',
      messageKeyword: 'KEYWORD_FUZZ',
      messageBody: body,
      inboundMessageId: `fuzz-${++messages}`,
      previousPublishedMessageId: null,
    }),
    Number.isNaN(at.getTime()) ? new Date() : at,
  );
  if (Number.isNaN(at.getTime())) e.Records[0]!.Sns.Timestamp = 'not a time';
  return e;
}

function expectOneFittingReply(number: string, before: number) {
  const replies = h.smsOutbox.list(number).slice(before);
  expect(replies).toHaveLength(1);
  const text = replies[0]!.text;
  expect(text.length).toBeGreaterThan(0);
  expect(text.length).toBeLessThanOrEqual(MAX_REPLY_UCS2);
  expect(fitsTwoSegments(text)).toBe(true);
}

describe('fuzz: SNS event → inbound SMS handler → DynamoDB Local', () => {
  it('a first text from a new number: never throws, exactly one reply within two segments', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, timestamps, async (body, at) => {
        const from = freshNumber();
        const outcomes = await handleSnsEvent(h.smsDeps, event(from, body, at));
        expect(outcomes).toHaveLength(1);
        expect(outcomes[0]).not.toBe('invalid_payload');
        expectOneFittingReply(from, 0);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('a text after a report (append, status, township answer, opt-out …): the same', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, timestamps, async (body, at) => {
        const from = freshNumber();
        await handleSnsEvent(h.smsDeps, event(from, '陈庄村的砖厂晚上偷偷开工，粉尘很大', new Date()));
        const before = h.smsOutbox.list(from).length;
        expect(before).toBe(1);
        await handleSnsEvent(h.smsDeps, event(from, body, at));
        expectOneFittingReply(from, before);
      }),
      { seed: SEED + 1, numRuns: 20 },
    );
  });

  it('left no number in clear in any table item or log line', async () => {
    expect(used.length).toBe(60);
    const items: string[] = [];
    for (const TableName of Object.values(h.tables)) {
      let ExclusiveStartKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
      do {
        const page = await h.db.send(new ScanCommand({ TableName, ExclusiveStartKey }));
        for (const item of page.Items ?? []) items.push(JSON.stringify(item));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }
    const stored = items.join('\n');
    for (const number of used)
      for (const form of [number, number.slice(1), number.slice(3)]) expect(stored).not.toContain(form);
    // The runs did write (cases, conversations, markers), so the scan looked at something.
    expect(items.length).toBeGreaterThan(100);
    const logs = h.logs.join('\n');
    for (const number of used) expect(logs).not.toContain(number.slice(3));
  });
});
