/**
 * The order a case's timeline is shown in. The timeline is an append-only hash chain (`seq` is
 * the order events were recorded), but SMS delivery is at least once and unordered: SNS invokes
 * the SMS function asynchronously, retries with backoff, and two texts sent seconds apart may be
 * handled in either order or at once. Which case a text belongs to is decided by the number's
 * conversation item (one per number hash, written with a version check), so both texts land on
 * one case whatever the order; the order they were *sent* in is taken from the time the text
 * reached the gateway (the SNS record's `Timestamp`, or a domestic gateway's signed `sentAt`).
 * `previousPublishedMessageId` is not used: it names the last message *we* sent to the number, so
 * two texts written before any reply carry the same value, and a first text carries none.
 *
 * A text that arrives late cannot be inserted before one that arrived early, so each SMS text goes
 * on the timeline as a reporter message carrying its sent time (`detail.sentAt`, covered by the
 * event hash — the opening text too, so the timeline is the whole SMS transcript), and the staff
 * and reporter views show the texts in sent order (`inSentOrder`) while `seq` keeps the chain.
 */

/** The `detail` of a timeline event that records an SMS text (hash-covered, staff-only). */
export function smsTextDetail(sentAt: string): { channel: 'sms'; sentAt: string } {
  return { channel: 'sms', sentAt };
}

/** The sent time of an event that records an SMS text, else null. */
export function smsSentAt(event: { type: string; detail?: Record<string, unknown> }): string | null {
  const d = event.detail;
  return event.type === 'reporter_message' && d?.channel === 'sms' && typeof d.sentAt === 'string'
    ? d.sentAt
    : null;
}

/**
 * A case's events for display: the SMS texts in the order they were sent (ties: the order they
 * were recorded), every other event where it is. Only the places held by SMS texts are permuted,
 * so staff actions and status changes keep their position; the chain itself is untouched.
 */
export function inSentOrder<E extends { seq: number; type: string; detail?: Record<string, unknown> }>(
  events: readonly E[],
): E[] {
  const out = [...events];
  const slots: number[] = [];
  const texts: { event: E; sentAt: string }[] = [];
  out.forEach((event, i) => {
    const sentAt = smsSentAt(event);
    if (sentAt === null) return;
    slots.push(i);
    texts.push({ event, sentAt });
  });
  texts.sort((a, b) => (a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : a.event.seq - b.event.seq));
  slots.forEach((slot, k) => {
    out[slot] = texts[k]!.event;
  });
  return out;
}
