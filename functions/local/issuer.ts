/**
 * The local stand-in for Cognito (npm start only): an ES256 key pair kept under .data/, tokens with
 * Cognito's ID-token claims for the demo users, and a JWKS document — verified by the same code
 * path as in AWS (shared/auth/staff.ts fetches the JWKS by URL).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import {
  STAFF_ROLES,
  STAFF_TOKEN_MAX_LIFETIME_S,
  type StaffPrincipal,
  type StaffRole,
} from '#shared/auth/staff.ts';

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
  /** Signs exactly these claims with the issuer's key (tests of the verifier's refusals). */
  sign(claims: JWTPayload): Promise<string>;
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
    sign: (claims) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid }).sign(signingKey),
    // Shaped like a Cognito ID token (same claims, same one-hour lifetime as the app client).
    issue: (user, ttlSeconds = STAFF_TOKEN_MAX_LIFETIME_S) =>
      new SignJWT({
        name: user.name,
        'cognito:username': user.id,
        'cognito:groups': [user.role],
        'custom:jurisdiction': user.jurisdiction,
        token_use: 'id',
        auth_time: Math.floor(Date.now() / 1000),
      })
        .setJti(randomUUID())
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
