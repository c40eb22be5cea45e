/**
 * The township's handling of a case: accept (受理) or reject (不予受理), verify (核查) and conclude
 * (属实 / 不属实), close with the feedback to the reporter (办结), and the county's listing of a major
 * hazard for supervision (挂牌督办).
 */
import { isLate, notPast, refuse, withdrawPending, withId } from '../checks.ts';
import { type ActionSpec, defineAction, failed } from '../spec.ts';

const note = (req: { note?: string | undefined }) => ({ note: req.note });

export const accept = defineAction<'accept', { note: string | undefined }>({
  roles: { township_officer: ['assigned'] },
  events: ['accepted'],
  reporterVisible: true,
  notifiesReporter: true,
  discharges: ['acceptance', 'acceptanceImminent'],
  starts: ['verification'],
  validate: note,
  apply: ({ note }, { by, at }) => ({
    status: 'accepted',
    patch: { acceptedAt: at, acceptedBy: by, verificationFrom: at },
    internalNote: note,
    due: { period: 'verification', from: 'now' },
  }),
});

export const reject = defineAction<'reject', string>({
  roles: { township_officer: ['assigned'] },
  events: ['rejected'],
  reporterVisible: true,
  notifiesReporter: true,
  discharges: ['acceptance', 'acceptanceImminent'],
  starts: [],
  validate: (req) => req.reason,
  apply: (reason, { by, at }) => ({
    status: 'rejected',
    patch: { rejection: { at, by, reason } },
    text: reason,
    due: null,
  }),
});

export const startVerification = defineAction<'start_verification', { note: string | undefined }>({
  roles: { township_officer: ['accepted'] },
  events: ['verification_started'],
  reporterVisible: true,
  notifiesReporter: false,
  discharges: [],
  starts: [],
  validate: note,
  apply: ({ note }, { state, by }) => ({
    status: 'verifying',
    patch: { verifiedBy: withId(state.verifiedBy, by) },
    internalNote: note,
  }),
});

export const recordFindings = defineAction<'record_findings', string>({
  roles: { township_officer: ['verifying'] },
  events: ['findings_recorded'],
  reporterVisible: false,
  notifiesReporter: false,
  discharges: [],
  starts: [],
  validate: (req) => req.findings,
  apply: (findings, { state, by }) => ({
    patch: { verifiedBy: withId(state.verifiedBy, by) },
    internalNote: findings,
  }),
});

/** Substantiate and unsubstantiate differ only in the outcome they record. */
const conclusion = <A extends 'substantiate' | 'unsubstantiate'>(
  outcome: 'substantiated' | 'unsubstantiated',
): ActionSpec<A, string> => ({
  roles: { township_officer: ['verifying'] },
  events: [outcome],
  reporterVisible: true,
  notifiesReporter: false,
  discharges: ['verification'],
  starts: ['feedback'],
  validate: (req) => (req as { conclusion: string }).conclusion,
  apply: (conclusion, { state, by, at }) => ({
    status: outcome,
    patch: {
      conclusion: { outcome, text: conclusion, at, by },
      verifiedBy: withId(state.verifiedBy, by),
      ...withdrawPending(state),
    },
    internalNote: conclusion,
    due: { period: 'feedback', from: 'now' },
  }),
});
export const substantiate = defineAction(conclusion<'substantiate'>('substantiated'));
export const unsubstantiate = defineAction(conclusion<'unsubstantiate'>('unsubstantiated'));

export const close = defineAction<'close', string>({
  roles: { township_officer: ['substantiated', 'unsubstantiated', 'rectifying'] },
  events: ['closed'],
  reporterVisible: true,
  notifiesReporter: true,
  discharges: ['feedback'],
  starts: ['objectionWindow'],
  guard: (state) =>
    state.status === 'rectifying' && !state.rectification?.confirmedAt
      ? refuse('not_allowed_in_state', 'rectification is not confirmed yet', '整改尚未确认完成，不能办结')
      : null,
  validate: (req) => req.feedback,
  apply: (feedback, { state, now, at }) => ({
    status: 'closed',
    patch: { closedAt: at, conclusionSentAt: at, closedLate: isLate(state, ['feedback'], now) },
    text: feedback,
    due: null,
    objectionWindow: { period: 'objectionWindow', from: 'now' },
  }),
});

export const listForSupervision = defineAction<
  'list_for_supervision',
  { deadline: string; note: string | undefined; publicName: string | undefined }
>({
  roles: { county_supervisor: ['assigned', 'accepted', 'verifying', 'substantiated', 'rectifying'] },
  events: ['listed_for_supervision'],
  reporterVisible: true,
  notifiesReporter: false,
  discharges: [],
  starts: [],
  guard: (state) => {
    if (state.category !== 'major_hazard')
      return refuse(
        'invalid',
        'only major hazards are listed for supervision',
        '只有重大事故隐患可以挂牌督办',
        'category',
      );
    if (state.supervision)
      return refuse('already_done', 'the case is already listed for supervision', '本案已挂牌督办');
    return null;
  },
  validate: (req, { now }) => {
    const deadline = notPast(req.deadline, 'deadline', now);
    return failed(deadline) ? deadline : { deadline, note: req.note, publicName: req.publicName };
  },
  apply: ({ deadline, note, publicName }, { by, at }) => ({
    patch: {
      supervision: {
        deadline,
        listedAt: at,
        listedBy: by,
        ...(publicName ? { publicName } : {}),
        ...(note ? { note } : {}),
      },
    },
    internalNote: note,
    detail: { deadline },
  }),
});
