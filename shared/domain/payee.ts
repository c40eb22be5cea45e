/**
 * The payee of a reward claim (paid to the real-name reporter):
 * what a name, a resident ID number, a bank name and a bank account must be. One rule for every
 * way a claim comes in — the claim API and page (functions/http/schemas.ts `RewardClaimSchema`
 * builds its fields from these) and the SMS claim (sms.ts `parseClaimPayload` → `parsePayee`) — so
 * the channels cannot drift. Pure and without zod: the SMS path only needs these checks.
 *
 * Lengths are counted as the schema counts them (UTF-16 code units, after trimming).
 */
import { isValidResidentIdNumber } from './id-number.ts';

/** The payee details a reporter gives when claiming (sealed, purpose `reward_claim`). */
export interface PayeeDetails {
  name: string;
  idNumber: string;
  bankName: string;
  bankAccount: string;
}

export type PayeeField = keyof PayeeDetails;

export const PAYEE_NAME = { min: 2, max: 50 } as const;
export const PAYEE_BANK_NAME = { min: 2, max: 60 } as const;
/** Digits of a bank account, after spaces and dashes are taken out. */
export const PAYEE_BANK_ACCOUNT = { min: 10, max: 30 } as const;

/** A resident ID number as stored: trimmed, upper-case check character. */
export function normalizePayeeIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

export function isValidPayeeIdNumber(normalized: string): boolean {
  return isValidResidentIdNumber(normalized);
}

/** A bank account as stored: its digits, the spaces and dashes people group them with taken out. */
export function normalizeBankAccount(value: string): string {
  return value.replace(/[\s-]/g, '');
}

export function isValidBankAccount(normalized: string): boolean {
  return new RegExp(`^\\d{${PAYEE_BANK_ACCOUNT.min},${PAYEE_BANK_ACCOUNT.max}}$`).test(normalized);
}

/** What is wrong with a field: not given at all, or given but not acceptable. */
export type PayeeProblem = 'missing' | 'invalid';

export interface PayeeIssue {
  field: PayeeField;
  problem: PayeeProblem;
}

export type PayeeResult = { ok: true; payee: PayeeDetails } | { ok: false; issues: PayeeIssue[] };

const FIELDS: readonly PayeeField[] = ['name', 'idNumber', 'bankName', 'bankAccount'];

const within = (text: string, limits: { min: number; max: number }) =>
  text.length >= limits.min && text.length <= limits.max;

/**
 * The payee, normalised, or every field that is missing or wrong (in the order name, ID number,
 * bank name, bank account). Never throws; values that are not strings count as missing.
 *
 * @example parsePayee({ name: '张三', idNumber: '11010519491231002x', bankName: '农业银行',
 *   bankAccount: '6228 4800 1234 5678 901' }) // ok, idNumber '…002X', bankAccount '6228480012345678901'
 */
export function parsePayee(input: Partial<Record<PayeeField, unknown>>): PayeeResult {
  const text = (field: PayeeField) => {
    const v = input[field];
    return typeof v === 'string' ? v : '';
  };
  const name = text('name').trim();
  const idNumber = normalizePayeeIdNumber(text('idNumber'));
  const bankName = text('bankName').trim();
  const bankAccount = normalizeBankAccount(text('bankAccount'));
  const valid: Record<PayeeField, boolean> = {
    name: within(name, PAYEE_NAME),
    idNumber: isValidPayeeIdNumber(idNumber),
    bankName: within(bankName, PAYEE_BANK_NAME),
    bankAccount: isValidBankAccount(bankAccount),
  };
  const given: Record<PayeeField, boolean> = {
    name: name !== '',
    idNumber: idNumber !== '',
    bankName: bankName !== '',
    bankAccount: bankAccount !== '',
  };
  const issues = FIELDS.filter((f) => !valid[f]).map(
    (field): PayeeIssue => ({ field, problem: given[field] ? 'invalid' : 'missing' }),
  );
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, payee: { name, idNumber, bankName, bankAccount } };
}
