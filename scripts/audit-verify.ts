/**
 * `npm run -s audit:verify -- <caseNumber> [...]`: checks each case's hash chain against the local
 * store (the running `npm start`, or its data folder). Prints one JSON line per case; exits 1 if
 * any chain is broken or a case is unknown, 2 on bad usage.
 */
import { openLocalStore } from '#functions/local/store.ts';
import { normalizeCaseNumber } from '#shared/domain/case.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';
import { verifyCaseChain } from '#shared/services/audit.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const numbers = process.argv.slice(2).map((a) => normalizeCaseNumber(a));
if (numbers.length === 0 || numbers.some((n) => n === null)) {
  process.stderr.write('usage: npm run -s audit:verify -- <caseNumber> [<caseNumber> ...]\n');
  process.exit(2);
}

const store = await openLocalStore();
let ok = true;
try {
  const cases = new CaseRepository(store.db, store.tables);
  for (const caseNumber of numbers as string[]) {
    const report = await verifyCaseChain(cases, caseNumber);
    if (!report?.intact) ok = false;
    process.stdout.write(`${JSON.stringify(report ?? { caseNumber, found: false, intact: false })}\n`);
  }
} finally {
  await store.close();
}
process.exit(ok ? 0 : 1);
