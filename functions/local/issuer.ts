/**
 * The local stand-in for Cognito (npm start only): an ES256 key pair kept under .data/, tokens with
 * Cognito's ID-token claims for the demo users, and a JWKS document — verified by the same code
 * path as in AWS (shared/auth/staff.ts fetches the JWKS by URL).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { STAFF_ROLES, type StaffPrincipal, type StaffRole } from '#shared/auth/staff.ts';

export const LOCAL_ISSUER = 'chuishao-local-issuer';
export const LOCAL_AUDIENCE = 'chuishao-staff';

export interface DemoUser extends StaffPrincipal {}

export function demoUsers(): DemoUser[] {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'seeds', 'demo-users.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { users: DemoUser[] }).users;
}

export interface LocalIssuer {
  jwks(): { keys: JWK[] };
  issue(user: StaffPrincipal, ttlSeconds?: number): Promise<string>;
}

/** Loads the signing key from `keyFile` (creating it on first use), or keeps one in memory. */
export async function createLocalIssuer(keyFile?: string): Promise<LocalIssuer> {
  let privateJwk: JWK | undefined;
  if (keyFile) {
    try {
      privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
    } catch {
      privateJwk = undefined;
    }
  }
  if (!privateJwk) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'ES256' };
    if (keyFile) writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _d, ...publicJwk } = privateJwk;
  const signingKey = await importJWK(privateJwk, 'ES256');
  return {
    jwks: () => ({ keys: [{ ...publicJwk, use: 'sig' }] }),
    issue: (user, ttlSeconds = 8 * 3600) =>
      new SignJWT({
        name: user.name,
        'cognito:groups': [user.role],
        'custom:jurisdiction': user.jurisdiction,
        token_use: 'id',
      })
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid })
        .setSubject(user.id)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(signingKey),
  };
}

export const isStaffRole = (r: unknown): r is StaffRole => STAFF_ROLES.includes(r as StaffRole);
