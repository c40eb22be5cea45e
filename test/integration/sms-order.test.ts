/**
 * SMS delivery is at least once and unordered: texts from one number, handled in either order or
 * at the same time, end up on one case, and the case timeline shows them in the order they were
 * sent (the SNS record's Timestamp). Driven through the SNS event path of the inbound Lambda
 * (functions/sms/sns.ts) against DynamoDB Local.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleSnsEvent, snsEventOf } from '#functions/sms/sns.ts';
import type { SmsRepository } from '#shared/repositories/sms-repository.ts';
import type { SmsInboundDeps } from '#shared/services/sms-inbound.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
let seq = 0;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

/** A text as End User Messaging publishes it, in the SNS event the Lambda gets. */
function sms(from: string, body: string, sentAt: Date, id = `order-${++seq}`) {
  return snsEventOf(
    JSON.stringify({
      originationNumber: from,
      destinationNumber: '+8610690000000',
      messageKeyword: 'KEYWORD_TEST',
      messageBody: body,
      inboundMessageId: id,
      previousPublishedMessageId: null,
    }),
    sentAt,
  );
}

async function deliver(deps: SmsInboundDeps, event: ReturnType<typeof sms>) {
  const [outcome] = await handleSnsEvent(deps, event);
  return outcome;
}

const secondsAgo = (s: number) => new Date(Date.now() - s * 1000);
const replies = (number: string) => h.smsOutbox.list(number).map((m) => m.text);
/** Every case number named in the replies to a number. */
const casesNamed = (number: string) =>
  new Set(replies(number).flatMap((r) => [...r.matchAll(/(\d{8}-\d{6})/g)].map((m) => m[1]!)));

/** The cases (CASE items) whose description contains `marker`. */
async function casesDescribing(marker: string): Promise<string[]> {
  const found: string[] = [];
  let ExclusiveStartKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await h.db.send(new ScanCommand({ TableName: h.tables.cases, ExclusiveStartKey }));
    for (const item of (page.Items ?? []).map((i) => unmarshall(i)))
      if (item.sk === 'CASE' && String(item.description).includes(marker)) found.push(item.caseNumber);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}

async function staffTimelineTexts(caseNumber: string): Promise<string[]> {
  const token = await h.tokenFor({ role: 'operator', jurisdiction: '4110', id: 'op@4110' });
  const res = await h.app.request(`/api/v1/cases/${caseNumber}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { timeline: { type: string; text?: string }[] };
  return body.timeline.filter((e) => e.type === 'reporter_message').map((e) => e.text ?? '');
}

/**
 * The SMS repository with its first `n` conversation reads held until all `n` have read: the texts
 * handled at once all see the conversation as it was before any of them wrote — the worst case of
 * concurrent delivery, made certain rather than left to timing.
 */
function readingTogether(repo: SmsRepository, n: number): SmsRepository {
  const released: (() => void)[] = [];
  let reads = 0;
  const gated = Object.create(repo) as SmsRepository;
  gated.getConversation = async (numberHash) => {
    const conversation = await repo.getConversation(numberHash);
    if (reads < n) {
      reads++;
      await new Promise<void>((release) => {
        released.push(release);
        if (released.length === n) for (const r of released) r();
      });
    }
    return conversation;
  };
  return gated;
}

describe('texts from one number delivered out of order', () => {
  // A names the place; B, sent 20 s later, follows it up.
  const first = (marker: string) => `禹州市神垕镇老街的${marker}作坊夜里违规生产鞭炮，没有任何防护`;
  const second = (marker: string) => `还有，${marker}作坊把火药堆在后面的民房里`;

  for (const order of ['in order', 'follow-up first'] as const) {
    it(`end up on one case, in the order they were sent (${order})`, async () => {
      const from = order === 'in order' ? '+8613700001001' : '+8613700001002';
      const marker = order === 'in order' ? '红星' : '明光';
      const a = sms(from, first(marker), secondsAgo(60));
      const b = sms(from, second(marker), secondsAgo(40));
      const outcomes =
        order === 'in order'
          ? [await deliver(h.smsDeps, a), await deliver(h.smsDeps, b)]
          : [await deliver(h.smsDeps, b), await deliver(h.smsDeps, a)];

      // One case; the first text handled opened it, the other followed it up.
      expect(outcomes[0]).toBe('open_report');
      expect(['append_to_case', 'answer_township']).toContain(outcomes[1]);
      const cases = await casesDescribing(marker);
      expect(cases).toHaveLength(1);
      const caseNumber = cases[0]!;
      expect([...casesNamed(from)]).toEqual([caseNumber]);
      expect(replies(from)).toHaveLength(2);
      expect(replies(from).filter((r) => r.includes('已收到您的举报'))).toHaveLength(1);

      // Recorded in the order they arrived (the chain is append-only) …
      const recorded = (await h.deps.cases.listEvents(caseNumber))
        .filter((e) => e.type === 'reporter_message')
        .map((e) => e.text);
      expect(recorded).toEqual(
        order === 'in order' ? [first(marker), second(marker)] : [second(marker), first(marker)],
      );
      // … shown in the order they were sent, to staff and to the reporter.
      expect(await staffTimelineTexts(caseNumber)).toEqual([first(marker), second(marker)]);
      const record = (await h.deps.cases.get(caseNumber))!.record;
      const view = await import('#shared/services/follow-up.ts').then((m) => m.viewOf(h.deps, record));
      expect(view.messages.filter((m) => m.from === 'reporter').map((m) => m.text)).toEqual([
        first(marker),
        second(marker),
      ]);
      // Either way the place in A routes the case (directly, or as the answer to the township question).
      await h.drainStream();
      expect((await h.deps.cases.get(caseNumber))!.record.townshipCode).toBe('411081103');
    });
  }

  it('a redelivery of the earlier text after both were handled changes nothing', async () => {
    const from = '+8613700001003';
    const a = sms(from, first('青山'), secondsAgo(60), 'order-redelivered-a');
    const b = sms(from, second('青山'), secondsAgo(50), 'order-redelivered-b');
    await deliver(h.smsDeps, b);
    await deliver(h.smsDeps, a);
    expect(await deliver(h.smsDeps, a)).toBe('duplicate');
    expect(await deliver(h.smsDeps, b)).toBe('duplicate');
    const [caseNumber] = await casesDescribing('青山');
    expect(await staffTimelineTexts(caseNumber!)).toEqual([first('青山'), second('青山')]);
    expect(replies(from)).toHaveLength(2);
  });
});

describe('texts from one number handled at the same time', () => {
  const texts = (marker: string) => [
    `禹州市神垕镇${marker}窑厂的窑炉裂缝冒烟，还在生产`,
    `${marker}窑厂的工人说老板不让停工`,
  ];

  it('open exactly one case with both texts on it (Promise.all, new number)', async () => {
    for (const [i, marker] of ['东风', '前进', '胜利'].entries()) {
      const from = `+86137000020${i}0`;
      const [a, b] = texts(marker);
      const outcomes = await Promise.all([
        deliver(h.smsDeps, sms(from, a!, secondsAgo(30))),
        deliver(h.smsDeps, sms(from, b!, secondsAgo(29))),
      ]);
      expect([...outcomes].sort()).toEqual(['append_to_case', 'open_report']);
      const cases = await casesDescribing(marker);
      expect(cases).toHaveLength(1);
      expect([...casesNamed(from)]).toEqual(cases);
      expect(await staffTimelineTexts(cases[0]!)).toEqual([a, b]);
    }
  });

  it('open one case even when both read the conversation before either writes it', async () => {
    const from = '+8613700002100';
    const [a, b] = texts('建设');
    const deps = { ...h.smsDeps, sms: readingTogether(h.smsDeps.sms, 2) };
    const outcomes = await Promise.all([
      deliver(deps, sms(from, a!, secondsAgo(20))),
      deliver(deps, sms(from, b!, secondsAgo(19))),
    ]);
    expect([...outcomes].sort()).toEqual(['append_to_case', 'open_report']);
    const cases = await casesDescribing('建设');
    expect(cases).toHaveLength(1);
    expect(await staffTimelineTexts(cases[0]!)).toEqual([a, b]);
    // The conversation points at that case and counts one opening, once.
    const hash = await h.smsDeps.phoneHasher.hash(from);
    const conversation = await h.smsDeps.sms.getConversation(hash);
    expect(conversation).toMatchObject({ openCaseNumber: cases[0], casesOpened: 1, reportsToday: 1 });
  });

  it('keeps both changes when an opt-out and a township answer write the conversation at once', async () => {
    const from = '+8613700002200';
    // A text with no known place: the case waits for the township.
    expect(
      await deliver(h.smsDeps, sms(from, '陈庄村西边的砖厂晚上偷偷开工，粉尘很大', secondsAgo(90))),
    ).toBe('open_report');
    const [caseNumber] = [...casesNamed(from)];
    const deps = { ...h.smsDeps, sms: readingTogether(h.smsDeps.sms, 2) };
    const outcomes = await Promise.all([
      deliver(deps, sms(from, '灵井镇', secondsAgo(10))),
      deliver(deps, sms(from, 'TD', secondsAgo(9))),
    ]);
    // Both read the conversation before either wrote: each decided on the same state.
    expect(outcomes).toEqual(['answer_township', 'optout']);
    const hash = await h.smsDeps.phoneHasher.hash(from);
    const conversation = await h.smsDeps.sms.getConversation(hash);
    // Neither write lost the other's change.
    expect(conversation?.optedOut).toBe(true);
    expect(conversation?.awaitingTownshipFor).toBeUndefined();
    expect(conversation?.openCaseNumber).toBe(caseNumber);
    expect(conversation?.version).toBe(3);
    expect((await h.deps.cases.get(caseNumber!))!.record.townshipCode).toBe('411003106');
  });
});
