/**
 * The page's direct-upload path (what it does in AWS) in Chromium, against the local stack: the
 * page is served with the AWS flag on its evidence field, the presign answer and the bucket are
 * stood in for by the test (same origin, so the local Content-Security-Policy allows them). The
 * script must send the report without the files, ask for one POST per file with the new case's
 * access key, post each file after the policy fields, and show the new case's page saying the files
 * are being processed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegWithMetadata, pngWithMetadata } from '../support/evidence-samples.ts';
import { type E2E, fillReportDetails, readCredentials, SUBMIT_REPORT, startE2E, text } from './support.ts';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

describe('direct uploads from the report form', () => {
  it('files the report, then posts each file to the bucket with the presigned fields', async () => {
    const { page } = await e2e.newPage({ viewport: { width: 390, height: 844 } });
    // The page as the AWS pages function renders it: the evidence field says where POSTs come from.
    await page.route(
      (url) => url.pathname === '/',
      async (route) => {
        const res = await route.fetch();
        const html = (await res.text()).replace(
          /(<fieldset[^>]*\bdata-evidence\b(?:="")?)/,
          '$1 data-direct="report"',
        );
        await route.fulfill({ response: res, body: html });
      },
    );
    const asked: { accessKey: string | null; body: unknown; path: string }[] = [];
    await page.route('**/api/v1/reports/*/evidence/uploads', async (route) => {
      const req = route.request();
      asked.push({
        accessKey: await req.headerValue('x-access-key'),
        body: req.postDataJSON(),
        path: new URL(req.url()).pathname,
      });
      const uploads = [0, 1].map((i) => ({
        url: `${e2e.url}/test-bucket`,
        fields: { key: `incoming/${String(i).repeat(32)}`, Policy: 'cG9saWN5', 'X-Amz-Signature': 'sig' },
        expiresAt: new Date(Date.now() + 300_000).toISOString(),
      }));
      await route.fulfill({ status: 201, json: { uploads, maxBytes: 10_485_760, expiresInSeconds: 300 } });
    });
    const posted: string[] = [];
    await page.route('**/test-bucket', async (route) => {
      posted.push(route.request().postDataBuffer()?.toString('latin1') ?? '');
      await route.fulfill({ status: 204 });
    });
    const reportBodies: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/report' && r.method() === 'POST')
        reportBodies.push(r.postDataBuffer()?.toString('latin1') ?? '');
    });

    await page.goto(`${e2e.url}/`);
    await fillReportDetails(page, { description: '仓库里堆着液化气钢瓶，附照片两张（直传）。' });
    await page.locator('select[name=countyCode]').selectOption('411003');
    await page.locator('select[name=townshipCode]').selectOption('411003106');
    await page.locator('#f-file').setInputFiles([
      { name: 'IMG_0101.jpg', mimeType: 'image/jpeg', buffer: await jpegWithMetadata({ seed: 31 }) },
      { name: 'IMG_0102.png', mimeType: 'image/png', buffer: await pngWithMetadata() },
    ]);
    await page.locator(SUBMIT_REPORT).click();
    await page.locator('#files-added').waitFor({ timeout: 60_000 });

    const { caseNumber, accessKey } = await readCredentials(page);
    expect(await text(page.locator('#files-added'))).toContain('正在删除其中的拍摄位置');
    // The report went without its files; the POSTs were asked for with the new case's key.
    expect(reportBodies).toHaveLength(1);
    expect(reportBodies[0]).not.toContain('IMG_0101.jpg');
    expect(asked).toEqual([
      {
        accessKey: accessKey.replace(/\s/g, ''),
        body: { count: 2 },
        path: `/api/v1/reports/${caseNumber}/evidence/uploads`,
      },
    ]);
    // Each file to its own POST, after the policy fields (S3 ignores fields after the file).
    expect(posted).toHaveLength(2);
    posted.forEach((body, i) => {
      const key = body.indexOf(`incoming/${String(i).repeat(32)}`);
      const file = body.indexOf('name="file"');
      expect(key).toBeGreaterThan(-1);
      expect(file).toBeGreaterThan(key);
      expect(body.indexOf('X-Amz-Signature')).toBeLessThan(file);
    });
    await page.context().close();
  });
});
