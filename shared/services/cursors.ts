/**
 * Page cursors, the one mechanism every paginated list uses. A cursor handed to a client is opaque
 * and authenticated: the repository's position, plus an HMAC (shared/crypto/server-keys.ts) over
 * the list's name, the query that produced it and who asked (role and jurisdiction). A cursor that
 * was altered, forged, or replayed against another list, another query or another caller is a 400
 * naming `cursor` — never a 5xx, and never a read the caller's own query would not have made.
 */
import { keyedHash, type ServerSecrets, sameMac } from '../crypto/server-keys.ts';
import { ValidationError } from '../errors.ts';

/** What a cursor is bound to. `query` holds the effective filters (after jurisdiction checks). */
export interface CursorScope {
  list: string;
  caller: { role: string; jurisdiction: string };
  query: Record<string, string | number | boolean | undefined>;
}

/** Longest cursor accepted (a city-wide merged queue carries one position per county). */
export const MAX_CURSOR_LENGTH = 4000;

function binding(scope: CursorScope, position: string): string {
  const query = Object.entries(scope.query)
    .filter(([, v]) => v !== undefined && v !== '')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('&');
  return [scope.list, scope.caller.role, scope.caller.jurisdiction, query, position].join('\n');
}

export function badCursor(): ValidationError {
  return new ValidationError([
    {
      field: 'cursor',
      en: 'cursor is not valid for this list; start again from the first page',
      zh: '翻页链接已失效，请从第一页重新开始。',
    },
  ]);
}

/** The opaque cursor for `position` (undefined when there is no next page). */
export async function sealCursor(
  secrets: ServerSecrets,
  scope: CursorScope,
  position: string | undefined,
): Promise<string | undefined> {
  if (position === undefined) return undefined;
  const body = Buffer.from(position, 'utf8').toString('base64url');
  return `${body}.${await keyedHash(secrets, 'cursor', binding(scope, position))}`;
}

/** The position inside a cursor from `sealCursor` with the same scope; throws a 400 otherwise. */
export async function openCursor(
  secrets: ServerSecrets,
  scope: CursorScope,
  cursor: string | undefined,
): Promise<string | undefined> {
  if (cursor === undefined || cursor === '') return undefined;
  const m =
    cursor.length <= MAX_CURSOR_LENGTH ? /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(cursor) : null;
  if (!m) throw badCursor();
  const position = Buffer.from(m[1] as string, 'base64url').toString('utf8');
  if (!sameMac(m[2] as string, await keyedHash(secrets, 'cursor', binding(scope, position))))
    throw badCursor();
  return position;
}
