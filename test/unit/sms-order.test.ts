/** The SMS texts' sent time and the order a case's timeline shows them in (shared/domain/sms/inbound.ts, shared/domain/timeline.ts). */
import { describe, expect, it } from 'vitest';
import { MAX_SENT_AGE_MS, MAX_SENT_SKEW_MS, sentTimeOf } from '#shared/domain/sms/inbound.ts';
import { inSentOrder, smsSentAt, smsTextDetail } from '#shared/domain/timeline.ts';

const now = new Date('2026-11-20T08:00:00.000Z');

describe('sentTimeOf', () => {
  it("takes the gateway's time when it is a plausible date, normalised to ISO 8601", () => {
    expect(sentTimeOf('2026-11-20T07:59:30.000Z', now)).toBe('2026-11-20T07:59:30.000Z');
    expect(sentTimeOf('2026-11-20T15:59:30+08:00', now)).toBe('2026-11-20T07:59:30.000Z');
    // A gateway clock a little ahead of ours is believed.
    expect(sentTimeOf(new Date(now.getTime() + MAX_SENT_SKEW_MS).toISOString(), now)).toBe(
      new Date(now.getTime() + MAX_SENT_SKEW_MS).toISOString(),
    );
  });

  it('falls back to now for anything else', () => {
    for (const bad of [
      undefined,
      null,
      '',
      'yesterday',
      42,
      new Date(now.getTime() + MAX_SENT_SKEW_MS + 1).toISOString(),
      new Date(now.getTime() - MAX_SENT_AGE_MS - 1).toISOString(),
      `2026-11-20T07:59:30.000Z${' '.repeat(100)}`,
    ])
      expect(sentTimeOf(bad, now)).toBe(now.toISOString());
  });
});

describe('inSentOrder', () => {
  const text = (seq: number, sentAt: string) => ({
    seq,
    type: 'reporter_message',
    text: `t${seq}`,
    detail: smsTextDetail(sentAt),
  });
  const other = (seq: number, type: string) => ({ seq, type });

  it('orders the SMS texts by sent time, keeping every other event in its place', () => {
    const events = [
      other(1, 'received'),
      text(2, '2026-11-20T08:00:20.000Z'),
      other(3, 'routed'),
      text(4, '2026-11-20T08:00:01.000Z'),
      other(5, 'staff_message'),
      text(6, '2026-11-20T08:00:10.000Z'),
    ];
    expect(inSentOrder(events).map((e) => e.seq)).toEqual([1, 4, 3, 6, 5, 2]);
    // The input is not changed.
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps the recorded order for equal sent times and leaves web messages alone', () => {
    const web = { seq: 2, type: 'reporter_message', text: 'web' };
    const events = [text(3, '2026-11-20T08:00:00.000Z'), web, text(1, '2026-11-20T08:00:00.000Z')];
    expect(inSentOrder(events).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(smsSentAt(web)).toBeNull();
    expect(
      smsSentAt({ type: 'staff_message', detail: smsTextDetail('2026-11-20T08:00:00.000Z') }),
    ).toBeNull();
  });
});
