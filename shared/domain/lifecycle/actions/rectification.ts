/**
 * Rectification (整改) of a substantiated hazard: the township orders it with a deadline, may hand
 * an on-site re-check (复查) to the village's safety coordinator — with only its own summary and the
 * unit's name, never the report — and confirms it done or rejects it with a new deadline.
 */

import { notPast, recheckEnded, refuse } from '../checks.ts';
import type { CaseFacts, RecheckFacts, RecheckResult, RectificationFacts } from '../facts.ts';
import type { Refusal } from '../spec.ts';
import { defineAction, failed } from '../spec.ts';

/** Rectification ordered and not yet confirmed: what confirming, rejecting or re-checking needs. */
function openRectification(state: CaseFacts): Refusal | null {
  if (!state.rectification)
    return refuse('not_allowed_in_state', 'no rectification order on record', '还没有整改指令');
  if (state.rectification.confirmedAt)
    return refuse('already_done', 'rectification already confirmed', '整改已确认完成');
  return null;
}

export const orderRectification = defineAction<'order_rectification', { order: string; deadline: string }>({
  roles: { township_officer: ['substantiated'] },
  events: ['rectification_ordered'],
  reporterVisible: true,
  notifiesReporter: false,
  discharges: [],
  starts: ['rectification'],
  validate: (req, { now }) => {
    const deadline = notPast(req.deadline, 'deadline', now);
    return failed(deadline) ? deadline : { order: req.order, deadline };
  },
  apply: ({ order, deadline }, { by, at }) => ({
    status: 'rectifying',
    patch: { rectification: { order, deadline, orderedAt: at, orderedBy: by } },
    internalNote: order,
    detail: { deadline },
    due: { period: 'rectification', date: deadline },
  }),
});

export const confirmRectification = defineAction<'confirm_rectification', { note: string | undefined }>({
  roles: { township_officer: ['rectifying'] },
  events: ['rectification_confirmed'],
  reporterVisible: true,
  notifiesReporter: false,
  discharges: ['rectification'],
  starts: ['feedback'],
  guard: openRectification,
  validate: (req) => ({ note: req.note }),
  apply: ({ note }, { state, by, at }) => ({
    patch: {
      rectification: {
        ...(state.rectification as RectificationFacts), // guard: present
        confirmedAt: at,
        confirmedBy: by,
        ...(note ? { note } : {}),
      },
      ...recheckEnded(state, 'confirmed'),
    },
    internalNote: note,
    due: { period: 'feedback', from: 'now' },
  }),
});

export const requestRecheck = defineAction<
  'request_recheck',
  { summary: string; unitName: string; village: string }
>({
  roles: { township_officer: ['rectifying'] },
  events: ['recheck_requested'],
  reporterVisible: false,
  notifiesReporter: false,
  discharges: [],
  starts: [],
  guard: (state) =>
    openRectification(state) ??
    (state.recheck?.status === 'requested'
      ? refuse('already_done', 'a re-check is already pending', '已有复查任务在等待村安全员完成')
      : null),
  validate: (req, { state }) => {
    const { summary, unitName } = req;
    const village =
      req.villageCode === undefined || req.villageCode === '' ? state.villageCode : req.villageCode;
    if (typeof village !== 'string' || !/^\d{12}$/.test(village))
      return refuse(
        'invalid',
        'villageCode must be a 12-digit village code',
        '请选择村（社区）',
        'villageCode',
      );
    if (!state.townshipCode || !village.startsWith(state.townshipCode))
      return refuse(
        'invalid',
        'the village is not in the case’s township',
        '所选村（社区）不在本案所在乡镇',
        'villageCode',
      );
    return { summary, unitName, village };
  },
  apply: ({ summary, unitName, village }, { state, by, at }) => ({
    patch: {
      recheck: {
        status: 'requested',
        villageCode: village,
        summary,
        unitName,
        deadline: (state.rectification as RectificationFacts).deadline, // guard: present
        requestedAt: at,
        requestedBy: by,
      },
    },
    internalNote: summary,
    detail: { villageCode: village },
  }),
});

export const recordRecheck = defineAction<'record_recheck', { result: RecheckResult; note: string }>({
  roles: { village_coordinator: ['rectifying'] },
  events: ['recheck_recorded'],
  reporterVisible: false,
  notifiesReporter: false,
  discharges: [],
  starts: [],
  guard: (state) => {
    if (state.recheck?.status === 'recorded')
      return refuse('already_done', 'the re-check was already recorded', '复查结果已经记录');
    if (state.recheck?.status !== 'requested' || state.rectification?.confirmedAt)
      return refuse('not_allowed_in_state', 'no re-check is pending', '没有等待完成的复查任务');
    return null;
  },
  validate: (req) => ({ result: req.result, note: req.note }),
  apply: ({ result, note }, { state, by, at }) => ({
    patch: {
      recheck: {
        ...(state.recheck as RecheckFacts), // guard: pending
        status: 'recorded',
        result,
        note,
        recordedAt: at,
        recordedBy: by,
      },
    },
    internalNote: note,
    detail: { result },
  }),
});

export const rejectRectification = defineAction<'reject_rectification', { reason: string; deadline: string }>(
  {
    roles: { township_officer: ['rectifying'] },
    events: ['rectification_rejected'],
    reporterVisible: false,
    notifiesReporter: false,
    discharges: [],
    starts: ['rectification'],
    guard: openRectification,
    validate: (req, { now }) => {
      const deadline = notPast(req.deadline, 'deadline', now);
      return failed(deadline) ? deadline : { reason: req.reason, deadline };
    },
    apply: ({ reason, deadline }, { state }) => ({
      patch: {
        rectification: { ...(state.rectification as RectificationFacts), deadline }, // guard: present
        ...recheckEnded(state, 'rejected'),
      },
      internalNote: reason,
      detail: { deadline },
      due: { period: 'rectification', date: deadline },
    }),
  },
);
