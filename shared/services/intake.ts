/**
 * Intake: turns a validated report into a stored case — places checked against the directory,
 * identity sealed apart from the case, the access key hashed, and everything written in one
 * transaction. With an idempotency key, a retry replays the first answer instead of a second case.
 */

import { randomInt } from 'node:crypto';
import { generateAccessKey, hashAccessKey } from '../crypto/access-key.ts';
import { sha256 } from '../crypto/digest.ts';
import { type KeyProvider, open, seal } from '../crypto/envelope.ts';
import { queueKeys } from '../db/keys.ts';
import { chainEvent } from '../domain/audit-chain.ts';
import type { CalendarData } from '../domain/calendar.ts';
import {
  type CaseEvent,
  type CaseLocation,
  type CaseRecord,
  type Channel,
  initialStatus,
  newCaseNumber,
} from '../domain/case.ts';
import { intakeDue } from '../domain/case-deadlines.ts';
import { type DeadlinePolicy, resolvePolicy } from '../domain/deadline-policy.ts';
import { countyOf } from '../domain/division-code.ts';
import { filterAttributesOf } from '../domain/questionnaire.ts';
import { hasIdentity, type ReportInput } from '../domain/report.ts';
import { shanghaiDate } from '../domain/shanghai-time.ts';
import { type FieldIssue, IdempotencyMismatchError, UnavailableError, ValidationError } from '../errors.ts';
import { questionnaire } from '../questionnaire.ts';
import {
  CaseNumberTakenError,
  type CaseRepository,
  IdempotencyKeyTakenError,
} from '../repositories/case-repository.ts';
import type { DirectoryRepository } from '../repositories/directory-repository.ts';

export interface IntakeDeps {
  cases: CaseRepository;
  directory: DirectoryRepository;
  keys: KeyProvider;
  now: () => Date;
  calendar: CalendarData;
  policies: DeadlinePolicy[];
  /** The city whose triage queue takes reports with no county. */
  regionCode: string;
}

export interface IntakeResult {
  caseNumber: string;
  accessKey: string;
  status: CaseRecord['status'];
  createdAt: string;
  /** True when this answer replays an earlier request with the same idempotency key. */
  replayed: boolean;
}

const IDEMPOTENCY_TTL_S = 24 * 3600;

/**
 * What an SMS opening writes besides the report, in the same transaction: the sender's number
 * sealed with the case (purpose `sms_contact`: staff messages and status changes are texted to it
 * later, and the stream consumer may need it as soon as it sees the case), and the opening text as
 * the case's first reporter message with its sent time (the timeline is the whole SMS transcript).
 */
export interface SmsOpening {
  number: string;
  text: string;
  detail: CaseEvent['detail'];
  /**
   * The inbound message id: part of the request a retry must repeat, so the same words in another
   * text are another request (they join the case as a message of their own, never vanish).
   */
  inboundMessageId: string;
}

/** Checks the chosen places exist and nest; fills in the parents of the most precise one. */
export async function resolveLocation(
  directory: DirectoryRepository,
  loc: CaseLocation,
): Promise<CaseLocation> {
  const issues: FieldIssue[] = [];
  const unknown = (field: string) => issues.push({ field, en: 'Unknown place code', zh: '区划代码不存在' });
  const mismatch = (field: string, parentField: string) =>
    issues.push({ field, en: `Does not belong to ${parentField}`, zh: `不属于所选的 ${parentField}` });

  const [county, township, village] = await Promise.all([
    loc.countyCode ? directory.get(loc.countyCode) : null,
    loc.townshipCode ? directory.get(loc.townshipCode) : null,
    loc.villageCode ? directory.get(loc.villageCode) : null,
  ]);
  if (loc.countyCode && county?.level !== 'county') unknown('location.countyCode');
  if (loc.townshipCode && township?.level !== 'township') unknown('location.townshipCode');
  if (loc.villageCode && village?.level !== 'village') unknown('location.villageCode');
  if (issues.length) throw new ValidationError(issues);

  const townshipCode = loc.townshipCode ?? village?.parentCode;
  const countyCode = loc.countyCode ?? (townshipCode ? countyOf(townshipCode) : undefined);
  if (village && loc.townshipCode && village.parentCode !== loc.townshipCode)
    mismatch('location.villageCode', 'location.townshipCode');
  if (townshipCode && countyCode && countyOf(townshipCode) !== countyCode)
    mismatch(loc.townshipCode ? 'location.townshipCode' : 'location.villageCode', 'location.countyCode');
  if (issues.length) throw new ValidationError(issues);

  return { countyCode, townshipCode, villageCode: loc.villageCode, address: loc.address };
}

export async function fileReport(
  deps: IntakeDeps,
  input: ReportInput,
  opts: {
    channel: Channel;
    idempotencyKey?: string;
    /** A village coordinator's patrol report: marked on the case and listed for them. */
    coordinator?: { staffId: string; name: string; villageCode: string };
    sms?: SmsOpening;
  },
): Promise<IntakeResult> {
  const now = deps.now();
  if (input.occurredAt && Date.parse(input.occurredAt) > now.getTime() + 3600_000) {
    throw new ValidationError([
      { field: 'occurredAt', en: 'Cannot be in the future', zh: '不能晚于当前时间' },
    ]);
  }
  const accidentAt = input.answers?.accidentAt;
  if (typeof accidentAt === 'string' && accidentAt > shanghaiDate(now)) {
    throw new ValidationError([
      { field: 'answers.accidentAt', en: 'Cannot be in the future', zh: '事故日期不能晚于今天' },
    ]);
  }
  const location = await resolveLocation(deps.directory, input.location);
  const keyHash = opts.idempotencyKey ? sha256(`idem:${opts.idempotencyKey}`) : undefined;
  const requestHash = sha256(
    JSON.stringify(opts.sms ? [opts.channel, input, opts.sms.inboundMessageId] : [opts.channel, input]),
  );

  const accessKey = generateAccessKey();
  const createdAt = now.toISOString();
  const status = initialStatus(location);
  const jurisdiction = location.townshipCode ?? location.countyCode ?? deps.regionCode;
  const policy = resolvePolicy(deps.policies, jurisdiction, shanghaiDate(now));
  const due = intakeDue(deps.calendar, policy, status, input.imminentDanger ?? false, now);
  const hashing = hashAccessKey(accessKey);

  for (let attempt = 0; attempt < 5; attempt++) {
    const caseNumber = newCaseNumber(now, String(randomInt(1_000_000)).padStart(6, '0'));
    const [hash, identity, sealedAccessKey, smsContact] = await Promise.all([
      hashing,
      hasIdentity(input.reporter)
        ? seal(deps.keys, input.reporter, caseNumber, { purpose: 'identity', caseNumber })
        : undefined,
      keyHash ? seal(deps.keys, accessKey, keyHash, { purpose: 'idempotency' }) : undefined,
      opts.sms
        ? seal(deps.keys, opts.sms.number, caseNumber, { purpose: 'sms_contact', caseNumber })
        : undefined,
    ]);
    const record: CaseRecord = {
      caseNumber,
      status,
      category: input.category,
      description: input.description,
      unitName: input.unitName,
      occurredAt: input.occurredAt,
      imminentDanger: input.imminentDanger ?? false,
      location,
      townshipCode: location.townshipCode,
      channel: opts.channel,
      hasIdentity: identity !== undefined,
      reporterIsEmployee: input.reporter?.isEmployeeOfUnit ?? false,
      ...(input.answers && Object.keys(input.answers).length
        ? {
            answers: input.answers,
            questionnaireVersion: questionnaire.version,
            ...filterAttributesOf(input.answers),
          }
        : {}),
      ...(opts.coordinator ? { coordinator: opts.coordinator } : {}),
      due,
      createdAt,
      updatedAt: createdAt,
      version: 1,
      lastEventSeq: 1,
      lastEventHash: '',
    };
    const events = firstEvents(createdAt, status, opts.sms);
    const last = events[events.length - 1]!;
    record.lastEventSeq = last.seq;
    record.lastEventHash = last.hash;
    try {
      await deps.cases.create({
        record,
        queue: queueKeys({ ...location, regionCode: deps.regionCode }, due.dueAt, caseNumber),
        accessKey: hash,
        events,
        identity,
        smsContact,
        idempotency:
          keyHash && sealedAccessKey
            ? {
                keyHash,
                requestHash,
                sealedAccessKey,
                expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_S,
              }
            : undefined,
      });
      return { caseNumber, accessKey, status, createdAt, replayed: false };
    } catch (err) {
      if (err instanceof CaseNumberTakenError) continue;
      if (err instanceof IdempotencyKeyTakenError && keyHash) return replay(deps, keyHash, requestHash);
      throw err;
    }
  }
  throw new UnavailableError('could not allocate a case number');
}

/** A new case's chain: received, then (an SMS opening) the opening text as a reporter message. */
function firstEvents(at: string, status: CaseRecord['status'], sms: SmsOpening | undefined): CaseEvent[] {
  const received = chainEvent(
    { seq: 1, type: 'received', at, actor: { kind: 'reporter' }, reporterVisible: true, status },
    '',
  );
  if (!sms) return [received];
  const text = chainEvent(
    {
      seq: 2,
      type: 'reporter_message',
      at,
      actor: { kind: 'reporter' },
      reporterVisible: true,
      text: sms.text,
      ...(sms.detail ? { detail: sms.detail } : {}),
    },
    received.hash,
  );
  return [received, text];
}

async function replay(deps: IntakeDeps, keyHash: string, requestHash: string): Promise<IntakeResult> {
  const stored = await deps.cases.getIdempotency(keyHash);
  if (!stored) throw new UnavailableError('idempotency record vanished');
  if (stored.requestHash !== requestHash) {
    throw new IdempotencyMismatchError('Idempotency-Key was used with a different request');
  }
  const [accessKey, existing] = await Promise.all([
    open<string>(deps.keys, stored.sealedAccessKey, keyHash, { purpose: 'idempotency' }),
    deps.cases.get(stored.caseNumber),
  ]);
  if (!existing) throw new UnavailableError('idempotent case not readable');
  return {
    caseNumber: stored.caseNumber,
    accessKey,
    status: existing.record.status,
    createdAt: existing.record.createdAt,
    replayed: true,
  };
}
