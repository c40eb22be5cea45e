/**
 * How a reporter's access key is written and read back: 16 digits, shown grouped 4-4-4-4 so it can
 * be copied from a receipt or a text message, and accepted with spaces or dashes. Formatting, not
 * cryptography: the pages, the SMS replies and the redaction of texts need it without the hashing
 * (shared/crypto/access-key.ts).
 */

/** `1234 5678 9012 3456` for display; input is accepted with or without spaces. */
export function formatAccessKey(key: string): string {
  return key.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** The 16 digits of a key written with spaces or dashes, or null when it is not one. */
export function normalizeAccessKey(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{16}$/.test(digits) ? digits : null;
}
