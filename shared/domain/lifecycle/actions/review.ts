/**
 * The next level up: extensions of the verification period (申请 / 批准 / 不批准延期, one granted per
 * case) and the reporter's objection (异议) to the conclusion with its review (复核) by someone who
 * did not verify the case.
 */
import { objectionWindowEnd, refuse } from '../checks.ts';
import type { CaseFacts, ExtensionFacts, ObjectionFacts } from '../facts.ts';
import { defineAction, type Refusal } from '../spec.ts';

const reason = (req: { reason: string }) => req.reason;

export const requestExtension = defineAction<'request_extension', string>({
  roles: { township_officer: ['accepted', 'verifying'] },
  events: ['extension_requested'],
  reporterVisible: false,
  notifiesReporter: false,
  discharges: [],
  starts: [],
  guard: ({ extension: ext }) => {
    if (ext?.status === 'requested')
      return refuse('already_done', 'an extension request is pending', '已有延期申请在等待县级审批');
    if (ext?.status === 'approved')
      return refuse('already_done', 'an extension was already granted', '本案已批准过一次延期，不能再申请');
    return null;
  },
  validate: reason,
  apply: (reason, { by, at }) => ({
    patch: { extension: { status: 'requested', requestedAt: at, requestedBy: by, reason } },
    internalNote: reason,
  }),
});

/** An extension request waiting for the county's decision. */
function pendingExtension({ extension: ext }: CaseFacts): Refusal | null {
  if (ext?.status === 'approved' || ext?.status === 'refused')
    return refuse(
      'already_done',
      `the extension request was already ${ext.status}`,
      ext.status === 'approved' ? '该延期申请已批准' : '该延期申请已被驳回',
    );
  if (ext?.status !== 'requested')
    return refuse('not_allowed_in_state', 'no extension request is pending', '没有待审批的延期申请');
  return null;
}

export const approveExtension = defineAction<
  'approve_extension',
  { days: number; reason: string; from: string }
>({
  roles: { county_supervisor: ['accepted', 'verifying'] },
  events: ['extension_approved'],
  reporterVisible: true,
  notifiesReporter: true,
  discharges: [],
  starts: ['verification'],
  guard: pendingExtension,
  validate: (req, { state }) => {
    const from = state.verificationFrom ?? state.acceptedAt;
    if (!from)
      return refuse(
        'not_allowed_in_state',
        'the case has no verification period to extend',
        '本案没有可延长的核查期限',
      );
    return { days: req.days, reason: req.reason, from };
  },
  apply: ({ days, reason, from }, { state, by, at }) => ({
    patch: {
      extension: {
        ...(state.extension as ExtensionFacts), // guard: pending
        status: 'approved',
        decidedAt: at,
        decidedBy: by,
        days,
        decisionReason: reason,
      },
    },
    text: reason,
    detail: { days },
    due: { period: 'verification', from, plusDays: days },
  }),
});

export const refuseExtension = defineAction<'refuse_extension', string>({
  roles: { county_supervisor: ['accepted', 'verifying'] },
  events: ['extension_refused'],
  reporterVisible: false,
  notifiesReporter: false,
  discharges: [],
  starts: [],
  guard: pendingExtension,
  validate: reason,
  apply: (reason, { state, by, at }) => ({
    patch: {
      extension: {
        ...(state.extension as ExtensionFacts), // guard: pending
        status: 'refused',
        decidedAt: at,
        decidedBy: by,
        decisionReason: reason,
      },
    },
    internalNote: reason,
  }),
});

export const object = defineAction<'object', string>({
  roles: { reporter: ['closed'] },
  events: ['objection_raised'],
  reporterVisible: true,
  notifiesReporter: false,
  discharges: [],
  starts: ['objectionReview'],
  // The window is the reporter's, not staff's: the one thing refused as too late.
  guard: (state, _actor, now) => {
    if (!state.conclusionSentAt)
      return refuse('not_allowed_in_state', 'no conclusion was sent', '尚未向举报人反馈处理结论');
    const obj = state.objection;
    if (obj && Date.parse(obj.raisedAt) >= Date.parse(state.conclusionSentAt))
      return refuse(
        'already_done',
        'an objection to this conclusion was already raised',
        '对本次结论已提出过异议',
      );
    const end = objectionWindowEnd(state);
    if (end !== null && now.getTime() > end)
      return refuse('too_late', 'the objection window has passed', '提出异议的期限已过');
    return null;
  },
  validate: reason,
  apply: (reason, { at }) => ({
    patch: { objection: { status: 'pending', raisedAt: at, reason } },
    text: reason,
    due: { period: 'objectionReview', from: 'now' },
  }),
});

export const reviewObjection = defineAction<'review_objection', { upheld: boolean; reason: string }>({
  roles: { county_supervisor: ['closed'] },
  events: ['objection_upheld', 'objection_dismissed'],
  reporterVisible: true,
  notifiesReporter: true,
  discharges: ['objectionReview'],
  starts: ['verification'],
  guard: (state, actor) => {
    const obj = state.objection;
    if (obj?.status !== 'pending') {
      const reviewedThisRound =
        obj?.reviewedAt &&
        (!state.conclusionSentAt || Date.parse(obj.reviewedAt) >= Date.parse(state.conclusionSentAt));
      return reviewedThisRound
        ? refuse('already_done', 'the objection was already reviewed', '该异议已复核')
        : refuse('not_allowed_in_state', 'no objection is pending', '没有待复核的异议');
    }
    if (actor.kind !== 'reporter' && actor.kind !== 'system' && state.verifiedBy?.includes(actor.id))
      return refuse(
        'same_person',
        'the objection must be reviewed by someone who did not verify the case',
        '参与过核查的人员不能复核本案异议，请由其他人员复核',
      );
    return null;
  },
  validate: (req) => ({ upheld: req.upheld, reason: req.reason }),
  apply: ({ upheld, reason }, { state, by, at }) => {
    const reviewed: ObjectionFacts = {
      ...(state.objection as ObjectionFacts), // guard: pending
      status: upheld ? 'upheld' : 'dismissed',
      reviewedAt: at,
      reviewedBy: by,
      reviewReason: reason,
    };
    return upheld
      ? {
          status: 'verifying',
          // Upheld on a duplicate: it was not the same matter after all, so it stands on its own.
          patch: {
            objection: reviewed,
            verificationFrom: at,
            ...(state.duplicateOf ? { duplicateOf: undefined } : {}),
          },
          text: reason,
          detail: { upheld: true },
          due: { period: 'verification', from: 'now' },
          eventType: 'objection_upheld',
        }
      : {
          patch: { objection: reviewed },
          text: reason,
          detail: { upheld: false },
          due: null,
          eventType: 'objection_dismissed',
        };
  },
});
