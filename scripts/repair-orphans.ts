/**
 * `npm run -s repair:orphans [-- --dry-run]`: one-off repair of open cases that an earlier version
 * let staff send to a township or county that does not exist in this city (nobody could reach
 * them). Each is returned to its county's triage (else the city's) with an audit event. Prints one
 * JSON line per case found. This admin tool Scans the cases table; no request path does.
 *
 * Locally it uses the `npm start` store (or starts DynamoDB Local on .data/). Against AWS, set
 * CASES_TABLE, IDENTITY_TABLE, DIRECTORY_TABLE (and AWS_REGION, REGION_CODE) as the functions have.
 */

import { openLocalStore } from '#functions/local/store.ts';
import { loadConfig } from '#shared/config.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { loadCalendar, loadDeadlinePolicies } from '#shared/policies.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';
import { CaseScanRepository } from '#shared/repositories/case-scan-repository.ts';
import { DirectoryRepository } from '#shared/repositories/directory-repository.ts';
import { repairOrphanedCases } from '#shared/services/orphan-repair.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const args = process.argv.slice(2);
if (args.some((a) => a !== '--dry-run')) {
  process.stderr.write('usage: npm run -s repair:orphans [-- --dry-run]\n');
  process.exit(2);
}

const aws = Boolean(process.env.CASES_TABLE);
const store = aws
  ? (() => {
      const config = loadConfig();
      const db = createDynamoClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
      return {
        db,
        tables: {
          cases: config.CASES_TABLE,
          identity: config.IDENTITY_TABLE,
          directory: config.DIRECTORY_TABLE,
        },
        regionCode: config.REGION_CODE,
        close: async () => db.destroy(),
      };
    })()
  : { ...(await openLocalStore()), regionCode: process.env.REGION_CODE ?? '4110' };

let found = 0;
try {
  const reports = await repairOrphanedCases(
    {
      cases: new CaseRepository(store.db, store.tables),
      scan: new CaseScanRepository(store.db, store.tables),
      directory: new DirectoryRepository(store.db, store.tables),
      now: () => new Date(),
      regionCode: store.regionCode,
      calendar: loadCalendar(),
      policies: loadDeadlinePolicies(),
    },
    { dryRun: args.includes('--dry-run') },
  );
  for (const r of reports) process.stdout.write(`${JSON.stringify(r)}\n`);
  found = reports.length;
} finally {
  await store.close();
}
process.stderr.write(`${found} unreachable case(s) found\n`);
