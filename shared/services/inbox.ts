/**
 * The staff inbox: every staff notification (the same ones SNS carries — new assignment, transfer
 * in, reminder, escalation, triage, reward steps, identity requests) is also kept in DynamoDB by
 * the notifier that publishes it (InboxNotifier, wired in the stream consumer and the sweep), once
 * per notification id. Staff see the entries addressed to their role within their jurisdiction,
 * newest first, with what they have not read yet marked and counted.
 */
import { type StaffPrincipal, withinJurisdiction } from '../auth/staff.ts';
import { inboxPartition } from '../db/keys.ts';
import { levelOfCode } from '../domain/division-code.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { AUDIENCE, type Notification, type Notifier } from '../notify.ts';
import type { DirectoryRepository } from '../repositories/directory-repository.ts';
import {
  entrySk,
  type InboxEntry,
  type InboxRepository,
  UNREAD_CAP,
} from '../repositories/inbox-repository.ts';

/**
 * Keeps each notification in the inbox before handing it to the real notifier (SNS, or the local
 * outbox). The entry goes first: if the publish then fails, the retry finds the entry kept and
 * publishes again — one entry, never a lost one.
 */
export class InboxNotifier implements Notifier {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly inner: Notifier,
    private readonly now: () => Date,
  ) {}

  async publish(n: Notification): Promise<void> {
    await this.inbox.add({
      id: n.id,
      kind: n.kind,
      caseNumber: n.caseNumber,
      audience: n.audience ?? AUDIENCE[n.kind],
      jurisdiction: n.jurisdiction,
      category: n.category,
      ...(n.dueDate ? { dueDate: n.dueDate } : {}),
      at: this.now().toISOString(),
    });
    await this.inner.publish(n);
  }
}

export interface InboxDeps {
  inbox: InboxRepository;
  directory: DirectoryRepository;
  now: () => Date;
}

/** The partitions a staff member reads: their role in their jurisdiction and, for a city, its counties. */
export async function inboxPartitions(deps: InboxDeps, staff: StaffPrincipal): Promise<string[]> {
  const j = staff.jurisdiction;
  const codes = levelOfCode(j) === 'city' ? [j, ...(await countiesOf(deps, j))] : [j];
  return codes.map((code) => inboxPartition(staff.role, code));
}

/**
 * A city's counties, kept for ten minutes: the header counts unread entries on every console page,
 * and the division tree changes only with a new import.
 */
const counties = new Map<string, { at: number; codes: string[] }>();
async function countiesOf(deps: InboxDeps, city: string): Promise<string[]> {
  const now = deps.now().getTime();
  const kept = counties.get(city);
  if (kept && Math.abs(now - kept.at) < 600_000) return kept.codes;
  const codes = (await deps.directory.children(city)).map((c) => c.code);
  counties.set(city, { at: now, codes });
  return codes;
}

const SK_CURSOR = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[\w:.#-]{1,200}$/;

export interface InboxItem extends InboxEntry {
  unread: boolean;
}

/** One page of the inbox, newest first, each entry marked read or unread for this staff member. */
export async function inboxPage(
  deps: InboxDeps,
  staff: StaffPrincipal,
  opts: { limit: number; cursor?: string },
): Promise<{ items: InboxItem[]; cursor?: string; unread: number }> {
  let before: string | undefined;
  if (opts.cursor) {
    before = Buffer.from(opts.cursor, 'base64url').toString('utf8');
    if (!SK_CURSOR.test(before))
      throw new ValidationError([
        {
          field: 'cursor',
          en: 'This page link is not valid; open the inbox again.',
          zh: '翻页链接无效，请重新打开消息。',
        },
      ]);
  }
  const partitions = await inboxPartitions(deps, staff);
  const [page, watermark] = await Promise.all([
    deps.inbox.list(partitions, opts.limit, before),
    deps.inbox.watermark(staff.id),
  ]);
  const oldest = page.entries.at(-1);
  const marks = oldest
    ? await deps.inbox.readMarks(staff.id, [watermark, entrySk(oldest)].sort().at(-1)!)
    : new Set<string>();
  const items = page.entries.map((e) => ({
    ...e,
    unread: entrySk(e) > watermark && !marks.has(entrySk(e)),
  }));
  return {
    items,
    unread: await unreadCount(deps, staff, partitions, watermark),
    ...(page.next ? { cursor: Buffer.from(page.next, 'utf8').toString('base64url') } : {}),
  };
}

/** Unread entries: newer than the watermark and not opened one by one (capped for the header). */
export async function unreadCount(
  deps: InboxDeps,
  staff: StaffPrincipal,
  partitions?: string[],
  watermark?: string,
): Promise<number> {
  const [parts, mark] = await Promise.all([
    partitions ?? inboxPartitions(deps, staff),
    watermark ?? deps.inbox.watermark(staff.id),
  ]);
  const [newer, opened] = await Promise.all([
    deps.inbox.countNewer(parts, mark),
    deps.inbox.readMarks(staff.id, mark),
  ]);
  return Math.min(Math.max(newer - opened.size, 0), UNREAD_CAP + 1);
}

/**
 * Opens an entry: it must be addressed to the staff member's role within their jurisdiction (else
 * the same "not found" as an unknown one); marks it read and returns the case it links to.
 */
export async function openInboxEntry(
  deps: InboxDeps,
  staff: StaffPrincipal,
  id: string,
): Promise<InboxEntry> {
  const entry = id.length <= 200 ? await deps.inbox.entry(id) : null;
  if (!entry || entry.audience !== staff.role || !withinJurisdiction(staff, entry.jurisdiction))
    throw new NotFoundError('inbox entry not found');
  const expires = Math.floor(deps.now().getTime() / 1000) + 400 * 86400;
  await deps.inbox.markRead(staff.id, entrySk(entry), expires);
  return entry;
}

/** Marks everything up to now as read. */
export async function markAllRead(deps: InboxDeps, staff: StaffPrincipal): Promise<void> {
  await deps.inbox.markAllRead(staff.id, `${deps.now().toISOString()}#~`);
}
