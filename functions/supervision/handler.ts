/**
 * Lambda entry for the supervision function (dashboards, exports, the auditor's views): it reads
 * counters, markers, the county index, case records and timelines, and writes only access-log lines.
 */
import { handle } from 'hono/aws-lambda';
import { tableNamesOf } from '#functions/http/adapters.ts';
import { createStaffVerifier } from '#shared/auth/staff.ts';
import { loadConfig } from '#shared/config.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { createLogger } from '#shared/log.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';
import { DirectoryRepository } from '#shared/repositories/directory-repository.ts';
import { SupervisionRepository } from '#shared/repositories/supervision-repository.ts';
import { createSupervisionApp } from './app.tsx';

const config = loadConfig();
const { STAFF_JWKS_URL, STAFF_ISSUER, STAFF_AUDIENCE } = config;
if (!STAFF_JWKS_URL || !STAFF_ISSUER || !STAFF_AUDIENCE) {
  throw new Error('configuration invalid: STAFF_JWKS_URL, STAFF_ISSUER and STAFF_AUDIENCE are required');
}
const db = createDynamoClient({ region: config.AWS_REGION });
const tables = tableNamesOf(config);
// No identity table, no key: this function never sees anything sealed.
const deps = {
  cases: new CaseRepository(db, tables),
  directory: new DirectoryRepository(db, tables),
  supervision: new SupervisionRepository(db, tables),
  regionCode: config.REGION_CODE,
  now: () => new Date(),
  logger: createLogger(),
  edgeSecret: config.EDGE_ORIGIN_SECRET,
};

export const handler = handle(
  createSupervisionApp(
    deps,
    createStaffVerifier({ jwksUrl: () => STAFF_JWKS_URL, issuer: STAFF_ISSUER, audience: STAFF_AUDIENCE }),
  ),
);
