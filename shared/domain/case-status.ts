/**
 * The words every part of the system shares about a case — categories, statuses and case numbers —
 * apart from the case record, so the lifecycle can use them without importing the record (which
 * holds the lifecycle's facts).
 */

/** Report categories (RULES.md §1). */
export const CATEGORIES = [
  'major_hazard',
  'illegal_operation',
  'concealed_accident',
  'general_hazard',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, { zh: string; en: string }> = {
  major_hazard: { zh: '重大事故隐患', en: 'Major accident hazard' },
  illegal_operation: { zh: '非法违法生产经营建设行为', en: 'Illegal production, operation or construction' },
  concealed_accident: { zh: '瞒报、谎报事故', en: 'Concealed or falsely reported accident' },
  general_hazard: { zh: '一般事故隐患', en: 'General hazard' },
};

/**
 * Case states (SPEC §2). `received` exists only inside the intake transaction's timeline; a stored
 * case starts `assigned` (township known) or `triage` (location not resolved to a township).
 */
export const STATUSES = [
  'received',
  'triage',
  'assigned',
  'accepted',
  'rejected',
  'transferred',
  'verifying',
  'substantiated',
  'unsubstantiated',
  'rectifying',
  'closed',
] as const;
export type CaseStatus = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  received: { zh: '已接收', en: 'Received' },
  triage: { zh: '待分派', en: 'Awaiting routing' },
  assigned: { zh: '已交办乡镇', en: 'Assigned to township' },
  accepted: { zh: '已受理', en: 'Accepted' },
  rejected: { zh: '不予受理', en: 'Not accepted' },
  transferred: { zh: '已移交', en: 'Transferred' },
  verifying: { zh: '核查中', en: 'Being verified' },
  substantiated: { zh: '经核查属实', en: 'Substantiated' },
  unsubstantiated: { zh: '经核查不属实', en: 'Not substantiated' },
  rectifying: { zh: '整改中', en: 'Under rectification' },
  closed: { zh: '已办结', en: 'Closed' },
};

/**
 * Case number: the Shanghai calendar date of receipt and six random digits, e.g. `20261127-482913`.
 * Digits only (typable by SMS); uniqueness is enforced by a conditional write, not by the format.
 */
export function newCaseNumber(now: Date, randomDigits: string): string {
  const shanghai = new Date(now.getTime() + 8 * 3600_000);
  const ymd = shanghai.toISOString().slice(0, 10).replaceAll('-', '');
  return `${ymd}-${randomDigits}`;
}

const CASE_NUMBER = /^\d{8}-\d{6}$/;

/** Accepts `20261127-482913`, `20261127482913` or spaced variants; returns the canonical form or null. */
export function normalizeCaseNumber(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  if (!/^\d{14}$/.test(digits)) return null;
  const canonical = `${digits.slice(0, 8)}-${digits.slice(8)}`;
  return CASE_NUMBER.test(canonical) ? canonical : null;
}
