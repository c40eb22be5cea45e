/**
 * Staff roles, in their own module because everything needs them — sign-in, the lifecycle, the
 * reward workflow, the consoles and the CDK subscriptions — and none of those should have to load
 * the case state machine to learn who may exist.
 */

export const STAFF_ROLES = [
  'operator',
  'township_officer',
  'county_supervisor',
  'finance_officer',
  'identity_custodian',
  'auditor',
  /** Village safety coordinator (安全生产协管员/信息员): 12-digit village code; patrol reports and re-checks. */
  'village_coordinator',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A signed-in staff member; `jurisdiction` is a 9-digit township, 6-digit county or 4-digit city code. */
export interface StaffActor {
  kind?: 'staff';
  id: string;
  role: StaffRole;
  jurisdiction: string;
}

/**
 * The jurisdiction levels (code lengths) a role's token may name: a township officer a township
 * (9 digits), a county supervisor a county (6); the hotline operator, finance, the identity
 * custodian and the auditor a county or the whole city (4); a village coordinator only a village
 * (12), which no other role may name. Anything else is refused at sign-in
 * and on every request, so no query or write ever runs with a jurisdiction wider than the role's.
 */
export const ROLE_LEVELS: Record<StaffRole, readonly number[]> = {
  township_officer: [9],
  county_supervisor: [6],
  operator: [4, 6],
  finance_officer: [4, 6],
  identity_custodian: [4, 6],
  auditor: [4, 6],
  village_coordinator: [12],
};

/**
 * Jurisdiction code lengths the lifecycle accepts for each role when it decides a transition
 * (wider than sign-in for county supervisors: a city-wide supervisor may act on any county).
 */
export const SCOPE_LENGTHS: Record<StaffRole, readonly number[]> = {
  operator: [4, 6],
  township_officer: [9],
  county_supervisor: [4, 6],
  finance_officer: [4, 6, 9],
  identity_custodian: [4, 6, 9],
  auditor: [4, 6, 9],
  village_coordinator: [12],
};

/** Role names as staff call them. */
export const ROLE_LABELS: Record<StaffRole, { zh: string; en: string }> = {
  operator: { zh: '话务员', en: 'Operator' },
  township_officer: { zh: '乡镇安监员', en: 'Township officer' },
  county_supervisor: { zh: '县级监督', en: 'County supervisor' },
  finance_officer: { zh: '财务', en: 'Finance officer' },
  identity_custodian: { zh: '身份保管人', en: 'Identity custodian' },
  auditor: { zh: '审计', en: 'Auditor' },
  village_coordinator: { zh: '村安全生产协管员', en: 'Village safety coordinator' },
};
