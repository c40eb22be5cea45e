/**
 * The reveal app — its own function in AWS, the only one that may read a sealed identity and
 * unwrap an identity data key. It serves two things: the decrypted identity for the requester of
 * an approved request (audited in the case's chain and shown to the reporter), and the paying
 * finance officer's payment batch of the claims the custodian released to them (CSV, each export
 * audited in every case it contains).
 */
import { stringify } from 'csv-stringify/sync';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { useCommonMiddleware, useErrorHandling } from '#functions/http/common.ts';
import type { AppDeps } from '#functions/http/compose.ts';
import { csrfProtection } from '#functions/http/csrf.tsx';
import { requireStaff } from '#functions/staff/auth.ts';
import { StaffLayout } from '#functions/staff/layout.tsx';
import { IdentityView, revealText } from '#functions/staff/reveal-pages.tsx';
import { pickLang } from '#functions/web/i18n.ts';
import type { StaffVerifier } from '#shared/auth/staff.ts';
import type { RevealRepository } from '#shared/repositories/reveal-repository.ts';
import type { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { revealIdentity } from '#shared/services/identity-reveal.ts';
import { type PaymentRow, paymentBatch } from '#shared/services/rewards.ts';

export const PAYMENT_BATCH_PATH = '/api/v1/rewards/payment-batch';

/** A cell a spreadsheet would run as a formula is prefixed with an apostrophe (CSV injection). */
const cell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export const PAYMENT_COLUMNS = [
  'case_number',
  'amount_yuan',
  'payee_name',
  'id_number',
  'bank_name',
  'bank_account',
  'approved_by',
] as const;

export function paymentCsv(rows: PaymentRow[]): string {
  return stringify(
    rows.map((r) => [
      r.caseNumber,
      String(r.amountYuan),
      cell(r.payee.name),
      r.payee.idNumber,
      cell(r.payee.bankName),
      r.payee.bankAccount,
      r.approvedBy.join(' '),
    ]),
    { header: true, columns: [...PAYMENT_COLUMNS], bom: true },
  );
}

/** What the reveal function is given: the case and identity stores and the identity key, no intake. */
export type RevealAppDeps = Pick<
  AppDeps,
  'cases' | 'directory' | 'keys' | 'now' | 'logger' | 'regionCode' | 'edgeSecret'
> & { reveals: RevealRepository; rewards: RewardRepository };

export function createRevealApp(deps: RevealAppDeps, verify: StaffVerifier) {
  const app = new Hono();
  useCommonMiddleware(app, deps.logger, { csrf: csrfProtection({ edgeSecret: deps.edgeSecret }) });
  const batch = async (c: Context) => {
    const { batchId, rows } = await paymentBatch(deps, c.get('staff'));
    c.header('Cache-Control', 'no-store');
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="payment-batch-${batchId}.csv"`);
    c.header('X-Batch-Id', batchId);
    return c.body(paymentCsv(rows));
  };
  app.use(PAYMENT_BATCH_PATH, requireStaff(verify, { pages: false }));
  app.get(PAYMENT_BATCH_PATH, batch);
  app.use('/staff/reveal/payment-batch.csv', requireStaff(verify, { pages: true }));
  app.get('/staff/reveal/payment-batch.csv', batch);
  app.use('/api/v1/cases/*', requireStaff(verify, { pages: false }));
  app.get('/api/v1/cases/:caseNumber/identity-requests/:requestId/identity', async (c) => {
    const identity = await revealIdentity(
      deps,
      c.get('staff'),
      c.req.param('caseNumber'),
      c.req.param('requestId'),
    );
    c.header('Cache-Control', 'no-store');
    return c.json({ identity }, 200);
  });
  app.use('/staff/reveal/*', requireStaff(verify, { pages: true }));
  app.get('/staff/reveal/:caseNumber/:requestId', async (c) => {
    const lang = pickLang(c.req.query('lang'));
    const staff = c.get('staff');
    const identity = await revealIdentity(deps, staff, c.req.param('caseNumber'), c.req.param('requestId'));
    c.header('Cache-Control', 'no-store');
    return c.html(
      <StaffLayout lang={lang} title={revealText[lang].title} staff={staff}>
        <h1>
          {revealText[lang].title} · {c.req.param('caseNumber')}
        </h1>
        <IdentityView lang={lang} identity={identity} />
        <p>
          <a href={`/staff/cases/${c.req.param('caseNumber')}?lang=${lang}`}>←</a>
        </p>
      </StaffLayout>,
    );
  });
  useErrorHandling(app, deps.logger);
  return app;
}
