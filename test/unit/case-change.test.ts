/**
 * The one write path for changing a case (shared/repositories/case-change.ts), against a mocked
 * DynamoDB: refusals become the same domain errors whatever decided them, a lost race is read and
 * decided again a bounded number of times, a stale If-Match stops the retry, and a retried request
 * with a dedupe key writes nothing twice.
 */
import { DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { caseKey, dedupeMarkerKey, eventKey, QUEUE_PK } from '#shared/db/keys.ts';
import type { CaseEvent, CaseRecord } from '#shared/domain/case.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RefusedError,
  StaleVersionError,
  ValidationError,
} from '#shared/errors.ts';
import { type ChangeDecision, type ChangeRefusal, refusalError } from '#shared/repositories/case-change.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';

const CN = '20261127-000042';
const NOW = new Date('2026-11-27T04:00:00Z');
const tables = { cases: 'cases', identity: 'identity', directory: 'directory' };

function caseItem(over: Partial<CaseRecord> = {}): Record<string, unknown> {
  const record: CaseRecord = {
    caseNumber: CN,
    status: 'assigned',
    category: 'general_hazard',
    description: '某厂夜间违规动火作业。',
    imminentDanger: false,
    location: { countyCode: '411003', townshipCode: '411003106' },
    townshipCode: '411003106',
    channel: 'web',
    hasIdentity: false,
    reporterIsEmployee: false,
    createdAt: '2026-11-27T01:00:00Z',
    updatedAt: '2026-11-27T01:00:00Z',
    due: {
      period: 'acceptance',
      dueDate: '2026-12-04',
      dueAt: '2026-12-04T16:00:00.000Z',
      provisional: false,
      source: 'policy',
    },
    version: 3,
    lastEventSeq: 2,
    lastEventHash: 'h2',
    ...over,
  };
  return { ...caseKey(CN), ...record, accessKeySalt: 's', accessKeyHash: 'k' };
}

const canceled = (...codes: string[]) =>
  Object.assign(new Error('canceled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/** A note appended by whoever asks: the smallest change there is. */
const note = (text: string) => (): ChangeDecision<string> => ({
  ok: true,
  events: [{ type: 'internal_note', actor: { kind: 'system' }, reporterVisible: false, text }],
  result: text,
});

let ddb: ReturnType<typeof mockClient>;
let cases: CaseRepository;
beforeEach(() => {
  const db = new DynamoDBClient({ region: 'local', endpoint: 'http://127.0.0.1:9' });
  ddb = mockClient(db);
  cases = new CaseRepository(db, tables);
});

const writes = () =>
  ddb.commandCalls(TransactWriteItemsCommand).map((c) => c.args[0].input.TransactItems ?? []);
const eventsIn = (items: ReturnType<typeof writes>[number]) =>
  items
    .filter((i) => i.Put?.Item?.sk?.S?.startsWith('EVT#'))
    .map((i) => unmarshall(i.Put?.Item ?? {}) as CaseEvent);

describe('refusals', () => {
  const refusal = (r: Omit<ChangeRefusal, 'ok'>): ChangeRefusal => ({ ok: false, ...r });

  it('map to the domain errors in one place', () => {
    const invalid = refusalError(
      refusal({
        code: 'invalid',
        message: 'reason is required',
        zh: '请填写理由',
        field: 'reason',
        en: 'Reason is required',
      }),
    );
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).issues).toEqual([
      { field: 'reason', en: 'Reason is required', zh: '请填写理由' },
    ]);
    const destination = refusalError(
      refusal({ code: 'out_of_jurisdiction', message: 'outside', field: 'toTownshipCode' }),
    );
    expect(destination).toBeInstanceOf(ValidationError);
    expect(refusalError(refusal({ code: 'out_of_jurisdiction', message: 'outside' }))).toBeInstanceOf(
      NotFoundError,
    );
    expect(refusalError(refusal({ code: 'not_found', message: 'no reward' }))).toBeInstanceOf(NotFoundError);
    expect(refusalError(refusal({ code: 'role_not_allowed', message: 'no', zh: '不能' }))).toMatchObject({
      name: 'ForbiddenError',
      zh: '不能',
    });
    expect(refusalError(refusal({ code: 'separation_of_duties', message: 'no' }))).toBeInstanceOf(
      ForbiddenError,
    );
    const stale = refusalError(refusal({ code: 'stale_version', message: 'stale', currentVersion: 7 }));
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect((stale as StaleVersionError).currentVersion).toBe(7);
    const refused = refusalError(refusal({ code: 'already_done', message: 'done', zh: '已办' }));
    expect(refused).toBeInstanceOf(RefusedError);
    expect(refused).toMatchObject({ code: 'already_done', zh: '已办' });
  });

  it('of decide, authorize and a missing case write nothing', async () => {
    ddb.on(GetItemCommand).resolves({ Item: marshall(caseItem()) });
    await expect(
      cases.change(CN, () => ({ ok: false, code: 'not_allowed_in_state', message: 'closed' }), {
        now: () => NOW,
      }),
    ).rejects.toBeInstanceOf(RefusedError);
    await expect(
      cases.change(CN, note('x'), {
        now: () => NOW,
        authorize: () => ({ ok: false, code: 'not_found', message: 'case not found' }),
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(cases.change(CN, note('x'), { now: () => NOW, expectedVersion: 2 })).rejects.toMatchObject({
      name: 'StaleVersionError',
      currentVersion: 3,
    });
    ddb.on(GetItemCommand).resolves({});
    await expect(cases.change(CN, note('x'), { now: () => NOW })).rejects.toBeInstanceOf(NotFoundError);
    expect(writes()).toHaveLength(0);
  });
});

describe('a lost race', () => {
  it('is read and decided again, and the event follows the one that won', async () => {
    ddb
      .on(GetItemCommand)
      .resolvesOnce({ Item: marshall(caseItem()) })
      .resolves({ Item: marshall(caseItem({ lastEventSeq: 3, lastEventHash: 'h3' })) });
    ddb.on(TransactWriteItemsCommand).rejectsOnce(canceled('ConditionalCheckFailed', 'None')).resolves({});
    const seen: number[] = [];
    const out = await cases.change(
      CN,
      (ctx) => {
        seen.push(ctx.record.lastEventSeq);
        return note('第二次')();
      },
      { now: () => NOW },
    );
    expect(seen).toEqual([2, 3]);
    const [first, second] = writes().map(eventsIn);
    expect(first?.[0]).toMatchObject({ seq: 3, prevHash: 'h2' });
    expect(second?.[0]).toMatchObject({ seq: 4, prevHash: 'h3' });
    expect(out).toMatchObject({ result: '第二次', duplicate: false, record: { lastEventSeq: 4 } });
  });

  it('a transaction conflict counts as a lost race too, and retries are bounded', async () => {
    ddb.on(GetItemCommand).resolves({ Item: marshall(caseItem()) });
    ddb.on(TransactWriteItemsCommand).rejects(canceled('None', 'TransactionConflict'));
    await expect(cases.change(CN, note('x'), { now: () => NOW, attempts: 3 })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(writes()).toHaveLength(3);
  });

  it('with If-Match, ends in a stale version once the winner bumped it', async () => {
    ddb
      .on(GetItemCommand)
      .resolvesOnce({ Item: marshall(caseItem()) })
      .resolves({ Item: marshall(caseItem({ version: 4, lastEventSeq: 3, lastEventHash: 'h3' })) });
    ddb.on(TransactWriteItemsCommand).rejects(canceled('ConditionalCheckFailed', 'None'));
    const decide = (): ChangeDecision<null> => ({
      ok: true,
      events: [
        {
          type: 'transition',
          action: 'accept',
          actor: { kind: 'staff', staffId: 'o' },
          reporterVisible: true,
        },
      ],
      bumpVersion: true,
      result: null,
    });
    await expect(cases.change(CN, decide, { now: () => NOW, expectedVersion: 3 })).rejects.toMatchObject({
      name: 'StaleVersionError',
      currentVersion: 4,
    });
    expect(writes()).toHaveLength(1);
  });
});

describe('the write', () => {
  it('is one transaction guarded by the chain head and the version, with the whole next record', async () => {
    ddb.on(GetItemCommand).resolves({ Item: marshall(caseItem()) });
    ddb.on(TransactWriteItemsCommand).resolves({});
    const out = await cases.change(
      CN,
      ({ record }) => ({
        ok: true,
        events: [
          {
            type: 'transition',
            action: 'reject',
            actor: { kind: 'staff', staffId: 'o' },
            reporterVisible: true,
          },
        ],
        next: { ...record, status: 'rejected', due: undefined },
        bumpVersion: true,
        result: null,
      }),
      { now: () => NOW, regionCode: '4110' },
    );
    const [items] = writes();
    expect(items).toHaveLength(2);
    const update = items?.[0]?.Update;
    expect(update?.Key).toEqual(marshall(caseKey(CN)));
    expect(update?.ConditionExpression).toBe('#seq = :prevSeq AND #v = :expected');
    const names = Object.values(update?.ExpressionAttributeNames ?? {});
    expect(names).toEqual(expect.arrayContaining(['status', 'due', QUEUE_PK]));
    expect(update?.UpdateExpression).toMatch(/REMOVE/);
    expect(items?.[1]?.Put?.Item?.sk).toEqual(marshall(eventKey(CN, 3)).sk);
    expect(out.record).toMatchObject({ status: 'rejected', version: 4, lastEventSeq: 3 });
    expect(out.record.due).toBeUndefined();
  });

  it('writes nothing when the decision has no events', async () => {
    ddb.on(GetItemCommand).resolves({ Item: marshall(caseItem()) });
    const out = await cases.change(CN, () => ({ ok: true, events: [], result: 'skipped' }), {
      now: () => NOW,
    });
    expect(out).toMatchObject({ result: 'skipped', duplicate: false, events: [] });
    expect(writes()).toHaveLength(0);
  });
});

describe('a dedupe key', () => {
  it('is written with the change, and a retried request finds it and writes nothing twice', async () => {
    ddb.on(GetItemCommand).resolves({ Item: marshall(caseItem()) });
    ddb
      .on(TransactWriteItemsCommand)
      .resolvesOnce({})
      .rejects(canceled('None', 'None', 'ConditionalCheckFailed'));
    const first = await cases.change(CN, note('补充'), { now: () => NOW, dedupeKey: 'msg:abc' });
    const again = await cases.change(CN, note('补充'), { now: () => NOW, dedupeKey: 'msg:abc' });
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, events: [] });
    const marker = writes()[0]?.find((i) => i.Put?.Item?.sk?.S?.startsWith('DEDUPE#'));
    expect(unmarshall(marker?.Put?.Item ?? {})).toMatchObject(dedupeMarkerKey(CN, 'msg:abc'));
    // The duplicate is an answer, not a lost race: no third attempt.
    expect(writes()).toHaveLength(2);
  });
});
