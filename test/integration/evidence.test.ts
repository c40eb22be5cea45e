/**
 * Evidence files through the real app: the report form (multipart, as a browser without JavaScript
 * sends it), the follow-up page, the JSON API and phone intake. Staff read stripped files only in
 * their jurisdiction; the blob store holds nothing readable; limits answer 4xx and keep the rest.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import exifr from 'exifr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_FIELD } from '#functions/http/csrf.tsx';
import type { FileBlobStore } from '#shared/evidence/blob-store.ts';
import { purgeEvidence } from '#shared/services/evidence.ts';
import { cookieOf, csrfFor, postForm, TEST_ORIGIN } from '../support/browser-form.ts';
import {
  bigJpeg,
  HEIC_HEAD,
  jpegWithMetadata,
  PLANTED,
  pdfWithMetadata,
  pngWithMetadata,
} from '../support/evidence-samples.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
let jpeg: Buffer;
let png: Buffer;
let pdf: Buffer;
const ORIGINAL_NAME = 'IMG_20261130_秘密工厂_GPS.jpg';

beforeAll(async () => {
  h = await createHarness();
  [jpeg, png, pdf] = await Promise.all([
    jpegWithMetadata({ seed: 11 }),
    pngWithMetadata(),
    pdfWithMetadata(),
  ]);
});
afterAll(async () => {
  await h.cleanup();
});

const fields = {
  lang: 'zh',
  category: 'major_hazard',
  description: '仓库内违规存放大量液化气钢瓶，无通风，附照片。',
  countyCode: '411003',
  townshipCode: '411003106',
  address: '灵井镇某仓库',
  action: 'submit',
};

function multipart(
  values: Record<string, string>,
  files: { bytes: Uint8Array; name: string; type?: string }[],
) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.append(k, v);
  for (const f of files) fd.append('file', new File([f.bytes], f.name, { type: f.type ?? 'image/jpeg' }));
  return fd;
}

/** A multipart POST; a browser form (not the reporter API) carries its page's CSRF token and origin. */
async function post(path: string, body: FormData, headers: Record<string, string> = {}) {
  if (path.startsWith('/api/')) return h.app.request(path, { method: 'POST', body, headers });
  const csrf = await csrfFor(h.app, path, headers.cookie ?? '');
  body.set(CSRF_FIELD, csrf.token);
  return h.app.request(path, {
    method: 'POST',
    body,
    headers: {
      ...headers,
      origin: TEST_ORIGIN,
      'sec-fetch-site': 'same-origin',
      ...(csrf.cookie ? { cookie: csrf.cookie } : {}),
    },
  });
}

async function fileWithPhotos(
  files: { bytes: Uint8Array; name: string; type?: string }[],
  extra: Record<string, string> = {},
) {
  const res = await post('/report', multipart({ ...fields, ...extra }, files));
  const html = await res.text();
  return {
    res,
    html,
    caseNumber: /id="case-number">([^<]+)</.exec(html)?.[1] ?? '',
    accessKey: (/id="access-key">([^<]+)</.exec(html)?.[1] ?? '').replace(/\s/g, ''),
  };
}

const officer = async (township = '411003106') =>
  `Bearer ${await h.tokenFor({ role: 'township_officer', jurisdiction: township })}`;

async function staffCase(caseNumber: string, township = '411003106') {
  const res = await h.app.request(`/api/v1/cases/${caseNumber}`, {
    headers: { authorization: await officer(township) },
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      evidence: { id: string; kind: string; size: number; at: string; label: string }[];
      timeline: { type: string }[];
    },
  };
}

function blobFiles(): string[] {
  const root = (h.deps.blobs as FileBlobStore).root;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  try {
    return walk(root);
  } catch {
    return [];
  }
}

describe('evidence on the report form (no JavaScript: a multipart POST)', () => {
  let caseNumber = '';
  let accessKey = '';

  it('files the report with two photos; staff see them listed by label, kind, size and time', async () => {
    const r = await fileWithPhotos(
      [
        { bytes: jpeg, name: ORIGINAL_NAME },
        { bytes: png, name: 'scan.png', type: 'image/png' },
      ],
      { idempotencyKey: 'evidence-web-1' },
    );
    expect(r.res.status).toBe(201);
    expect(r.html).toContain('已保存 2 个照片或文件');
    caseNumber = r.caseNumber;
    accessKey = r.accessKey;
    const { status, body } = await staffCase(caseNumber);
    expect(status).toBe(200);
    expect(body.evidence.map((e) => [e.kind, e.label])).toEqual([
      ['photo', '照片 1'],
      ['photo', '照片 2'],
    ]);
    expect(body.evidence[0]).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      size: expect.any(Number),
      at: expect.any(String),
    });
    expect(JSON.stringify(body)).not.toContain(ORIGINAL_NAME);
    expect(body.timeline.some((e) => e.type === 'evidence_added')).toBe(true);
  });

  it('serves the stripped file to the officer (an audited view) and a thumbnail; no GPS or serial left', async () => {
    const { body } = await staffCase(caseNumber);
    const first = body.evidence[0]!;
    const res = await h.app.request(`/api/v1/cases/${caseNumber}/evidence/${first.id}`, {
      headers: { authorization: await officer() },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(res.headers.get('content-disposition')).not.toContain('IMG_');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(
      await exifr.parse(bytes, { tiff: true, gps: true, xmp: true, iptc: true, icc: true, jfif: false }),
    ).toBeUndefined();
    for (const v of Object.values(PLANTED)) expect(bytes.toString('latin1')).not.toContain(v);
    const thumb = await h.app.request(`/api/v1/cases/${caseNumber}/evidence/${first.id}/thumbnail`, {
      headers: { authorization: await officer() },
    });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const after = await staffCase(caseNumber);
    expect(after.body.timeline.filter((e) => e.type === 'evidence_viewed')).toHaveLength(1);
  });

  it('staff of another township get 404, for the list and for the file', async () => {
    const { body } = await staffCase(caseNumber);
    const id = body.evidence[0]!.id;
    const other = await officer('411081103');
    for (const path of [
      `/api/v1/cases/${caseNumber}/evidence`,
      `/api/v1/cases/${caseNumber}/evidence/${id}`,
      `/api/v1/cases/${caseNumber}/evidence/${id}/thumbnail`,
    ]) {
      expect((await h.app.request(path, { headers: { authorization: other } })).status, path).toBe(404);
    }
    const unknown = await h.app.request(`/api/v1/cases/${caseNumber}/evidence/${'0'.repeat(24)}`, {
      headers: { authorization: await officer() },
    });
    expect(unknown.status).toBe(404);
    expect((await h.app.request(`/api/v1/cases/${caseNumber}/evidence/${id}`)).status).toBe(401);
  });

  it('a retried submission (same idempotency key, same files) duplicates neither case nor files', async () => {
    const again = await fileWithPhotos(
      [
        { bytes: jpeg, name: ORIGINAL_NAME },
        { bytes: png, name: 'scan.png', type: 'image/png' },
      ],
      { idempotencyKey: 'evidence-web-1' },
    );
    expect(again.res.status).toBe(201);
    expect(again.caseNumber).toBe(caseNumber);
    expect((await staffCase(caseNumber)).body.evidence).toHaveLength(2);
  });

  it('the follow-up page adds a PDF later; the same file again adds nothing', async () => {
    const signIn = await postForm(h.app, '/follow-up', { caseNumber, accessKey });
    const cookie = cookieOf(signIn, 'chuishao_session');
    const page = await (await h.app.request('/follow-up', { headers: { cookie } })).text();
    expect(page).toContain('enctype="multipart/form-data"');
    expect(page).toContain('接受 JPEG、PNG、WebP 照片和 PDF 文件');
    for (let i = 0; i < 2; i++) {
      const res = await post(
        '/follow-up/evidence',
        multipart({ lang: 'zh' }, [{ bytes: pdf, name: 'report.pdf', type: 'application/pdf' }]),
        { cookie },
      );
      expect(res.status).toBe(303);
    }
    const { body } = await staffCase(caseNumber);
    expect(body.evidence.map((e) => e.label)).toEqual(['照片 1', '照片 2', '文件 1（PDF）']);
    const refused = await post(
      '/follow-up/evidence',
      multipart({ lang: 'zh' }, [{ bytes: HEIC_HEAD, name: 'a.heic' }]),
      { cookie },
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('暂不接受 HEIC');
    const noSession = await post(
      '/follow-up/evidence',
      multipart({ lang: 'zh' }, [{ bytes: pdf, name: 'x.pdf' }]),
    );
    expect(noSession.status).toBe(401);
  });

  it('the blob store holds no JPEG, EXIF, planted value or file name — only sealed blobs', async () => {
    const files = blobFiles();
    expect(files.length).toBeGreaterThanOrEqual(5); // 2 photos + 2 thumbnails + 1 PDF
    for (const f of files) {
      const bytes = readFileSync(f);
      expect(bytes.subarray(0, 4).toString('latin1'), f).toBe('CSB1');
      expect(bytes.includes(Buffer.from([0xff, 0xd8, 0xff])), f).toBe(false);
      // The PNG signature in full: three bytes such as "PNG" turn up by chance in random ciphertext.
      expect(bytes.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), f).toBe(false);
      for (const needle of ['Exif', 'JFIF', '%PDF', 'WEBP', ORIGINAL_NAME, 'IMG_', ...Object.values(PLANTED)])
        expect(bytes.includes(Buffer.from(needle)), `${f}: ${needle}`).toBe(false);
      expect(f).not.toContain('IMG_');
    }
    for (const line of h.logs) {
      expect(line).not.toContain(ORIGINAL_NAME);
      for (const v of Object.values(PLANTED)) expect(line).not.toContain(v);
    }
  });

  it('the retention purge deletes the sealed files; staff then see the entry but cannot open it', async () => {
    const { body } = await staffCase(caseNumber);
    const store = h.streamDeps.evidenceStore!;
    expect(await purgeEvidence({ ...store, now: h.deps.now }, caseNumber)).toBe(3);
    expect(await purgeEvidence({ ...store, now: h.deps.now }, caseNumber)).toBe(0);
    expect(blobFiles().filter((f) => f.includes(caseNumber))).toEqual([]);
    const res = await h.app.request(`/api/v1/cases/${caseNumber}/evidence/${body.evidence[0]!.id}`, {
      headers: { authorization: await officer() },
    });
    expect(res.status).toBe(404);
  });
});

describe('limits: a clear 4xx naming the file, and nothing else of the submission lost', () => {
  it('refuses 7 files, a file over 10 MB, a disguised text file and a HEIC photo — keeping what was typed', async () => {
    const seven = Array.from({ length: 7 }, (_, i) => ({ bytes: jpeg, name: `p${i}.jpg` }));
    const tooMany = await fileWithPhotos(seven);
    expect(tooMany.res.status).toBe(400);
    expect(tooMany.html).toContain('一次最多上传 6 个文件');
    expect(tooMany.html).toContain(fields.description);
    expect(tooMany.caseNumber).toBe('');

    const mixed = await fileWithPhotos([
      { bytes: jpeg, name: 'ok.jpg' },
      { bytes: Buffer.alloc(10 * 1024 * 1024 + 1, 0xff), name: 'huge.jpg' },
      { bytes: Buffer.from('not really a photo'), name: 'fake.jpg', type: 'image/jpeg' },
      { bytes: HEIC_HEAD, name: 'iphone.heic', type: 'image/heic' },
    ]);
    expect(mixed.res.status).toBe(400);
    expect(mixed.html).toContain('第 2 个文件：文件超过 10 MB');
    expect(mixed.html).toContain('第 3 个文件：只接受 JPEG、PNG、WebP 照片和 PDF 文件');
    expect(mixed.html).toContain('第 4 个文件：暂不接受 HEIC');
    expect(mixed.html).toContain(fields.description);
    expect(mixed.html).toContain('灵井镇某仓库');
    expect(mixed.caseNumber).toBe('');
  });

  it('a report error and a file error are shown together', async () => {
    const r = await fileWithPhotos([{ bytes: Buffer.from('MZ'), name: 'x.exe' }], { description: '短' });
    expect(r.res.status).toBe(400);
    expect(r.html).toContain('第 1 个文件');
    expect(r.html).toContain('f-description');
  });
});

describe('the JSON API', () => {
  it('POST /api/v1/reports/{n}/evidence with X-Access-Key and repeated `file`; a retry adds nothing', async () => {
    const created = (await (await postJson(h.app, '/api/v1/reports', reportBody())).json()) as {
      caseNumber: string;
      accessKey: string;
    };
    const path = `/api/v1/reports/${created.caseNumber}/evidence`;
    const body = () =>
      multipart({}, [
        { bytes: jpeg, name: ORIGINAL_NAME },
        { bytes: pdf, name: 'doc.pdf', type: 'application/pdf' },
      ]);
    const first = await post(path, body(), { 'x-access-key': created.accessKey });
    expect(first.status).toBe(201);
    const json = (await first.json()) as { added: number; evidence: { id: string; kind: string }[] };
    expect(json.added).toBe(2);
    expect(json.evidence.map((e) => e.kind)).toEqual(['photo', 'pdf']);
    const retry = await post(path, body(), { 'x-access-key': created.accessKey });
    expect(((await retry.json()) as { added: number }).added).toBe(0);

    expect((await post(path, body(), { 'x-access-key': '1111222233334444' })).status).toBe(401);
    const none = await post(path, multipart({ x: '1' }, []), { 'x-access-key': created.accessKey });
    expect(none.status).toBe(400);
    const json400 = await postJson(h.app, path, { file: 'x' }, { 'x-access-key': created.accessKey });
    expect(json400.status).toBe(400);
    const broken = await post(path, multipart({}, [{ bytes: jpeg.subarray(0, 300), name: 'cut.jpg' }]), {
      'x-access-key': created.accessKey,
    });
    expect(broken.status).toBe(400);
    const err = (await broken.json()) as { error: { fields: { field: string; zh: string }[] } };
    expect(err.error.fields[0]).toMatchObject({ field: 'file', zh: expect.stringContaining('第 1 个文件') });
    const doc = (await (await h.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(doc.paths['/api/v1/reports/{caseNumber}/evidence']).toBeDefined();
  });

  it('two 3 MB photos go through in one request', async () => {
    const created = (await (await postJson(h.app, '/api/v1/reports', reportBody())).json()) as {
      caseNumber: string;
      accessKey: string;
    };
    const [a, b] = await Promise.all([bigJpeg(3, 1), bigJpeg(3, 2)]);
    const res = await post(
      `/api/v1/reports/${created.caseNumber}/evidence`,
      multipart({}, [
        { bytes: a, name: 'a.jpg' },
        { bytes: b, name: 'b.jpg' },
      ]),
      {
        'x-access-key': created.accessKey,
      },
    );
    expect(res.status).toBe(201);
  });
});

describe('phone intake', () => {
  it('the operator attaches a photo the caller sent', async () => {
    const cookie = `chuishao_staff=${await h.tokenFor({ role: 'operator', jurisdiction: '4110', id: 'operator-xuchang' })}`;
    const res = await post(
      '/staff/intake',
      multipart({ ...fields, idempotencyKey: 'intake-evidence-1' }, [{ bytes: jpeg, name: ORIGINAL_NAME }]),
      { cookie },
    );
    expect(res.status).toBe(201);
    const caseNumber = /id="case-number">([^<]+)</.exec(await res.text())?.[1] ?? '';
    const { body } = await staffCase(caseNumber);
    expect(body.evidence).toHaveLength(1);
    // Added by staff: not shown to the reporter as their own addition.
    const page = await h.app.request(`/staff/cases/${caseNumber}`, {
      headers: {
        cookie: `chuishao_staff=${await h.tokenFor({ role: 'township_officer', jurisdiction: '411003106' })}`,
      },
    });
    const html = await page.text();
    expect(html).toContain('照片 1');
    expect(html).toMatch(/<img src="\/staff\/cases\/[\d-]+\/evidence\/[0-9a-f]{24}\/thumbnail"/);
  });
});
