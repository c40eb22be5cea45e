/**
 * The facts a reward is computed from: the category of the matter, whether it was verified, the
 * penalty or the accident, and who reported it. Staff record them (the facts form); the engine
 * (rewards.ts) reads them under a rule set (reward-rule-set.ts). Their shapes are the schemas in
 * reward-facts-schema.ts.
 */
import type * as z from 'zod/mini';
import type {
  AccidentSchema,
  PenaltySchema,
  RecordedFactsSchema,
  ReporterFactsSchema,
  RewardFactsSchema,
} from './reward-facts-schema.ts';

/** Reward categories (RULES.md §1); `listed_situation` exists only where a rule set lists them. */
export const REWARD_CATEGORIES = [
  'major_hazard',
  'illegal_operation',
  'concealed_accident',
  'falsely_reported_accident',
  'general_hazard',
  'listed_situation',
] as const;
export type RewardCategory = (typeof REWARD_CATEGORIES)[number];

export const REWARD_CATEGORY_LABELS: Record<RewardCategory, { zh: string; en: string }> = {
  major_hazard: { zh: '重大事故隐患', en: 'major accident hazard' },
  illegal_operation: { zh: '违法生产经营建设行为', en: 'illegal production, operation or construction' },
  concealed_accident: { zh: '瞒报事故', en: 'concealed accident' },
  falsely_reported_accident: { zh: '谎报事故', en: 'falsely reported accident' },
  general_hazard: { zh: '一般事故隐患', en: 'general hazard' },
  listed_situation: { zh: '所列举报奖励情形', en: 'listed reward situation' },
};

/**
 * Known exclusion codes for `reporter.excludedReason` (RULES.md §3.4). Any other non-empty text
 * also excludes; `close_relative_of_staff` excludes only where the rule set says so.
 */
export const EXCLUSION_REASONS = {
  supervisory_staff: { zh: '负有安全监管、监察职责的工作人员', en: 'staff with safety supervision duties' },
  instigated_by_staff: { zh: '受上述人员授意举报', en: 'put up to it by such staff' },
  close_relative_of_staff: { zh: '上述人员的近亲属', en: 'a close relative of such staff' },
  obtained_in_duties: {
    zh: '履行职责中获取的信息（第三方检查、专家、村级安全员等）',
    en: 'information obtained while performing duties (inspectors, experts, village safety coordinator)',
  },
  village_coordinator_on_duty: {
    zh: '村级安全生产协管员履行职责中发现并报告（巡查报告），属于履行职责中获取的信息',
    en: 'a village safety coordinator reporting in that role (a patrol report): information obtained while performing duties',
  },
} as const;

/**
 * The exclusion a case carries by how it was filed, whatever staff record: a village safety
 * coordinator's patrol report is information obtained while performing duties (RULES.md §3.4).
 */
export function exclusionByChannel(channel: string | undefined): keyof typeof EXCLUSION_REASONS | null {
  return channel === 'coordinator' ? 'village_coordinator_on_duty' : null;
}

/** The administrative penalty on the reported matter; totalYuan = unit + individuals + confiscated. */
export type PenaltyFacts = z.output<typeof PenaltySchema>;
export type AccidentFacts = z.output<typeof AccidentSchema>;
export type ReporterFacts = z.output<typeof ReporterFactsSchema>;
/** What the engine computes from (reward-facts-schema.ts `RewardFactsSchema`). */
export type RewardFacts = z.output<typeof RewardFactsSchema>;
/** What staff record, by category; the rest comes from the case (employee, duplicate, dates). */
export type RecordedRewardFacts = z.output<typeof RecordedFactsSchema>;
/** Recorded facts read field by field, whatever the category (a form filled from them). */
export type RecordedFactFields = Partial<
  Pick<RewardFacts, 'category' | 'alreadyKnownToAuthority' | 'penalty' | 'accident' | 'listedSituation'> &
    Pick<ReporterFacts, 'excludedReason' | 'jointSignatories'>
>;

/**
 * Engine facts for a case: what staff recorded plus what the case knows. The one mapping between
 * the two shapes: the recorded parts go through as they are, the reporter's two fields nest.
 */
export function engineFactsOf(
  recorded: RecordedRewardFacts,
  kase: { receivedAt: string; jurisdictionCode: string; isEmployeeOfUnit: boolean; duplicateOf?: string },
  substantiated: boolean,
): RewardFacts {
  const { excludedReason, jointSignatories, ...parts } = recorded;
  return {
    ...parts,
    substantiated,
    reporter: {
      // Anonymous while the case is handled; the real name is established at claim.
      realName: false,
      isEmployeeOfUnit: kase.isEmployeeOfUnit,
      excludedReason,
      isFirstValidReporter: !kase.duplicateOf,
      jointSignatories,
    },
    receivedAt: kase.receivedAt,
    jurisdictionCode: kase.jurisdictionCode,
  };
}
