/**
 * Who a staff member is, from a verified token. In AWS the token is a Cognito ID token (groups =
 * roles, `custom:jurisdiction` = township / county / city code); locally, a token from the local
 * issuer with the same claims. Verification (signature through the JWKS, issuer, audience, expiry)
 * is jose's; this module only maps claims and decides jurisdiction.
 */
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { STAFF_ROLES, type StaffRole } from '../domain/lifecycle.ts';
import { UnauthorizedError } from '../errors.ts';

export { STAFF_ROLES, type StaffRole };

export interface StaffPrincipal {
  id: string;
  name: string;
  role: StaffRole;
  /** 12 digits: a village (village coordinators only); 9: a township; 6: a county; 4: a city. */
  jurisdiction: string;
}

const isRole = (r: unknown): r is StaffRole => STAFF_ROLES.includes(r as StaffRole);

/** Maps verified claims to a principal; a token without exactly one known role is refused. */
export function principalOf(payload: JWTPayload): StaffPrincipal {
  const groups = (payload['cognito:groups'] as unknown[] | undefined) ?? [];
  const roles = groups.filter(isRole);
  const jurisdiction = payload['custom:jurisdiction'];
  if (
    roles.length !== 1 ||
    typeof jurisdiction !== 'string' ||
    !/^(\d{4}|\d{6}|\d{9}|\d{12})$/.test(jurisdiction) ||
    // A village code belongs to a village coordinator and nobody else, and they hold only that.
    (roles[0] === 'village_coordinator') !== (jurisdiction.length === 12)
  ) {
    throw new UnauthorizedError('token lacks a role or jurisdiction');
  }
  return {
    id: String(payload.sub ?? ''),
    name: String(payload.name ?? payload['cognito:username'] ?? payload.sub ?? ''),
    role: roles[0] as StaffRole,
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
      const { payload } = await jwtVerify(token, jwks, {
        issuer: opts.issuer,
        audience: opts.audience,
        algorithms: ['RS256', 'ES256'],
      });
      if (payload.token_use !== undefined && payload.token_use !== 'id') throw new Error('not an ID token');
      return principalOf(payload);
    } catch (err) {
      if (err instanceof UnauthorizedError) throw err;
      throw new UnauthorizedError('invalid staff token', { cause: err });
    }
  };
}
