/**
 * `npm run -s backfill:counters`: rebuilds the supervision (考核) counters, the case lists behind
 * the figures and the access-review log from the cases table, so a deployment that ran before the
 * dashboard existed can start using it. An admin tool: it Scans the cases table (no request path
 * does). Idempotent — the live stream consumer and this command share the once-per-case markers,
 * so it can run while the hotline is up, or twice. Against the local store (the running
 * `npm start`, or its data folder); prints one JSON line with what it did.
 *
 * `-- --rebuild` first deletes every counter and marker, then counts everything again: for
 * counters kept by a version without the year and month roll-ups. Run it while no case changes.
 */
import { openLocalStore } from '#functions/local/store.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';
import { deleteSupervisionFigures, scanCasesAndRewards } from '#shared/repositories/case-scan-repository.ts';
import { SupervisionRepository } from '#shared/repositories/supervision-repository.ts';
import { backfillCounters } from '#shared/services/supervision-counting.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const store = await openLocalStore();
try {
  // The pilot region, as `npm start` runs it (REGION_CODE when set).
  const regionCode = process.env.REGION_CODE ?? '4110';
  const deleted = process.argv.includes('--rebuild')
    ? await deleteSupervisionFigures(store.db, store.tables)
    : undefined;
  const result = await backfillCounters(
    {
      cases: new CaseRepository(store.db, store.tables),
      supervision: new SupervisionRepository(store.db, store.tables),
      regionCode,
    },
    scanCasesAndRewards(store.db, store.tables),
    (n) => {
      if (n % 500 === 0) process.stderr.write(`… ${n} cases\n`);
    },
  );
  process.stdout.write(`${JSON.stringify(deleted === undefined ? result : { deleted, ...result })}\n`);
} finally {
  await store.close();
}
