/**
 * Who a staff member is, from a verified token. In AWS the token is a Cognito ID token (groups =
 * roles, `custom:jurisdiction` = township / county / city code); locally, a token from the local
 * issuer with the same claims. Verification (signature through the JWKS, issuer, audience, expiry)
 * is jose's; this module only maps claims and decides jurisdiction.
 */
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { ROLE_LEVELS, STAFF_ROLES, type StaffRole } from '../domain/roles.ts';
import { UnauthorizedError } from '../errors.ts';

export { ROLE_LEVELS, STAFF_ROLES, type StaffRole };

export interface StaffPrincipal {
  id: string;
  name: string;
  role: StaffRole;
  /** 12 digits: a village (village coordinators only); 9: a township; 6: a county; 4: a city. */
  jurisdiction: string;
}

/** The longest a staff ID token may live (`exp` − `iat`), as the Cognito app client issues them. */
export const STAFF_TOKEN_MAX_LIFETIME_S = 3600;

/** Allowed clock difference between the issuer and this function. */
const CLOCK_TOLERANCE_S = 30;

/** Whether `jurisdiction` is a division code at one of `role`'s levels. */
export function fitsRole(role: StaffRole, jurisdiction: unknown): jurisdiction is string {
  return (
    typeof jurisdiction === 'string' &&
    /^\d+$/.test(jurisdiction) &&
    ROLE_LEVELS[role].includes(jurisdiction.length)
  );
}

const isRole = (r: unknown): r is StaffRole => STAFF_ROLES.includes(r as StaffRole);

/**
 * Maps verified claims to a principal; a token without exactly one known role, or whose
 * jurisdiction is not at that role's level, is refused.
 */
export function principalOf(payload: JWTPayload): StaffPrincipal {
  const groups = (payload['cognito:groups'] as unknown[] | undefined) ?? [];
  const roles = groups.filter(isRole);
  const role = roles[0];
  const jurisdiction = payload['custom:jurisdiction'];
  if (roles.length !== 1 || !role || !fitsRole(role, jurisdiction)) {
    throw new UnauthorizedError('token lacks a role or a jurisdiction at its level');
  }
  return {
    id: String(payload.sub ?? ''),
    name: String(payload.name ?? payload['cognito:username'] ?? payload.sub ?? ''),
    role,
    jurisdiction,
  };
}

/** Whether a place (township, county or city code) lies inside a staff member's jurisdiction. */
export function withinJurisdiction(
  staff: Pick<StaffPrincipal, 'jurisdiction'>,
  placeCode: string | undefined,
): boolean {
  return Boolean(placeCode?.startsWith(staff.jurisdiction));
}

export interface VerifierOptions {
  /** JWKS URL (Cognito's, or the local issuer's), read when first needed. */
  jwksUrl: () => string;
  issuer: string;
  audience: string;
}

export type StaffVerifier = (token: string) => Promise<StaffPrincipal>;

export function createStaffVerifier(opts: VerifierOptions): StaffVerifier {
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  return async (token) => {
    jwks ??= createRemoteJWKSet(new URL(opts.jwksUrl()), {
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: 3_000,
    });
    try {
      // exp, iat and sub are required; iat may be neither in the future nor older than the
      // longest lifetime, and exp − iat may not exceed it either: a token minted to live for days
      // (or forever) is refused even when signed by the issuer.
      const { payload } = await jwtVerify(token, jwks, {
        issuer: opts.issuer,
        audience: opts.audience,
        algorithms: ['RS256', 'ES256'],
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: STAFF_TOKEN_MAX_LIFETIME_S,
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      if ((payload.exp ?? 0) - (payload.iat ?? 0) > STAFF_TOKEN_MAX_LIFETIME_S)
        throw new Error('token lifetime too long');
      if (payload.token_use !== undefined && payload.token_use !== 'id') throw new Error('not an ID token');
      return principalOf(payload);
    } catch (err) {
      if (err instanceof UnauthorizedError) throw err;
      throw new UnauthorizedError('invalid staff token', { cause: err });
    }
  };
}
