/**
 * Accident grade (事故等级) from its consequences, as the State Council's 生产安全事故报告和调查处理条例
 * (Decree 493, "F") Art 3 defines it. The reward for a concealed or falsely reported accident is
 * paid per concealed death at a rate set by the grade (RULES.md §2), so when the confirmed grade
 * is not recorded the engine derives it here. Pure and national: the thresholds are the decree's,
 * not a rule-set choice.
 */

/** 一般 | 较大 | 重大 | 特别重大, lowest first. */
export const ACCIDENT_GRADES = ['general', 'larger', 'major', 'especially_major'] as const;
export type AccidentGrade = (typeof ACCIDENT_GRADES)[number];

export const ACCIDENT_GRADE_LABELS: Record<AccidentGrade, { zh: string; en: string }> = {
  general: { zh: '一般事故', en: 'general accident' },
  larger: { zh: '较大事故', en: 'larger accident' },
  major: { zh: '重大事故', en: 'major accident' },
  especially_major: { zh: '特别重大事故', en: 'especially major accident' },
};

export const CRITERIA = ['deaths', 'seriousInjuries', 'directLossYuan'] as const;
export type Criterion = (typeof CRITERIA)[number];

/**
 * Lowest value of each criterion that reaches a grade. F Art 3 ¶2: "以上" includes the number itself,
 * "以下" excludes it — so 3 deaths is 较大, 10 is 重大, 30 is 特别重大. Serious injuries include
 * acute industrial poisoning (急性工业中毒).
 */
export const GRADE_THRESHOLDS: Record<Exclude<AccidentGrade, 'general'>, Record<Criterion, number>> = {
  larger: { deaths: 3, seriousInjuries: 10, directLossYuan: 10_000_000 },
  major: { deaths: 10, seriousInjuries: 50, directLossYuan: 50_000_000 },
  especially_major: { deaths: 30, seriousInjuries: 100, directLossYuan: 100_000_000 },
};

export const GRADE_SOURCE =
  '生产安全事故报告和调查处理条例 (国务院令第493号) 第三条: the grade is the highest reached by deaths, serious injuries or direct economic loss; 以上 includes the number';

export interface AccidentConsequences {
  deaths: number;
  seriousInjuries: number;
  directLossYuan: number;
}

export interface DerivedGrade {
  grade: AccidentGrade;
  /** The criteria that reach `grade` (at least one; several when they agree). */
  decidedBy: Criterion[];
  /** The grade each criterion alone reaches. */
  byCriterion: Record<Criterion, AccidentGrade>;
}

const rank = (g: AccidentGrade) => ACCIDENT_GRADES.indexOf(g);

/** The grade one criterion reaches on its own. */
export function gradeOf(criterion: Criterion, value: number): AccidentGrade {
  if (value >= GRADE_THRESHOLDS.especially_major[criterion]) return 'especially_major';
  if (value >= GRADE_THRESHOLDS.major[criterion]) return 'major';
  if (value >= GRADE_THRESHOLDS.larger[criterion]) return 'larger';
  return 'general';
}

/**
 * The grade of an accident: the highest any criterion reaches (F Art 3).
 * @example deriveAccidentGrade({ deaths: 4, seriousInjuries: 0, directLossYuan: 0 })
 *   // → { grade: 'larger', decidedBy: ['deaths'], … } (the Zhumadian 2023 mine roof fall)
 */
export function deriveAccidentGrade(c: AccidentConsequences): DerivedGrade {
  const byCriterion = {
    deaths: gradeOf('deaths', c.deaths),
    seriousInjuries: gradeOf('seriousInjuries', c.seriousInjuries),
    directLossYuan: gradeOf('directLossYuan', c.directLossYuan),
  };
  const grade = CRITERIA.map((k) => byCriterion[k]).reduce((a, b) => (rank(b) > rank(a) ? b : a));
  return { grade, decidedBy: CRITERIA.filter((k) => byCriterion[k] === grade), byCriterion };
}
