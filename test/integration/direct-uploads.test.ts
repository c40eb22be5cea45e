/**
 * Direct evidence uploads (the AWS path): the reporter API hands out presigned POSTs under
 * `incoming/<opaque id>` with a size limit and a short expiry, recording pending items staff
 * cannot see; the S3-event handler then strips, verifies and seals each object into the local
 * blob store, makes the item ready with one `evidence_added` event, and deletes the incoming
 * object — or refuses a file that is not an accepted image or PDF. S3 is aws-sdk-client-mock;
 * DynamoDB, the key provider and the blob store are the local ones.
 */
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import exifr from 'exifr';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '#functions/api/app.ts';
import { handleIncomingEvidence } from '#functions/evidence-intake/incoming.ts';
import { createWebApp } from '#functions/web/app.tsx';
import { MAX_FILE_BYTES } from '#shared/domain/evidence.ts';
import { S3BlobStore } from '#shared/evidence/s3-blob-store.ts';
import { S3UploadSigner } from '#shared/evidence/s3-upload-signer.ts';
import { createLogger } from '#shared/log.ts';
import { PublicRepository } from '#shared/repositories/public-repository.ts';
import { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { cookieOf, postForm } from '../support/browser-form.ts';
import { jpegWithMetadata } from '../support/evidence-samples.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

const BUCKET = 'test-evidence';
const s3 = new S3Client({
  region: 'cn-north-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' },
});
const s3Mock = mockClient(s3);

let h: Harness;
let api: ReturnType<typeof createApiApp>;
let filed: { caseNumber: string; accessKey: string };

beforeAll(async () => {
  h = await createHarness();
  api = createApiApp({ ...h.deps, uploadSigner: new S3UploadSigner(s3, BUCKET, 'cn-north-1') });
  const res = await postJson(
    h.app,
    '/api/v1/reports',
    reportBody({ occurredAt: undefined, location: { townshipCode: '411003106' } }),
  );
  filed = (await res.json()) as typeof filed;
});
afterAll(async () => {
  s3Mock.restore();
  await h.cleanup();
});
afterEach(() => s3Mock.reset());

interface Upload {
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

const askUploads = (app: { request: typeof api.request }, body: unknown, key = filed.accessKey) =>
  app.request(`/api/v1/reports/${filed.caseNumber}/evidence/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-access-key': key },
    body: JSON.stringify(body),
  });

/** The S3 notification of one created object. */
const s3Event = (key: string): S3Event =>
  ({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Post',
        s3: { bucket: { name: BUCKET }, object: { key: encodeURIComponent(key), size: 1 } },
      },
    ],
  }) as unknown as S3Event;

/** The bucket as the strip function sees it: these objects under incoming/, deletions recorded. */
function bucketHolding(objects: Record<string, Uint8Array>): string[][] {
  const deleted: string[][] = [];
  s3Mock.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
    const bytes = objects[Key];
    if (!bytes) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
    return { Body: { transformToByteArray: async () => bytes } } as unknown as GetObjectCommandOutput;
  });
  s3Mock.on(DeleteObjectsCommand).callsFake(({ Delete }: { Delete: { Objects: { Key: string }[] } }) => {
    deleted.push(Delete.Objects.map((o) => o.Key));
    return {};
  });
  return deleted;
}

const deps = () => ({ ...h.deps, incoming: new S3BlobStore(s3, BUCKET), logger: createLogger(() => {}) });

const staffEvidence = async () => {
  const token = await h.tokenFor({ role: 'township_officer', jurisdiction: '411003106' });
  const res = await h.app.request(`/api/v1/cases/${filed.caseNumber}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    token,
    body: (await res.json()) as { evidence: { id: string; kind: string }[]; timeline: { type: string }[] },
  };
};

describe('presigned uploads (reporter API)', () => {
  it('are not offered locally, where the multipart path is used', async () => {
    const res = await askUploads(h.app, { count: 1 });
    expect(res.status).toBe(404);
  });

  it('names the count and kinds it refuses, and the access key it does not know', async () => {
    for (const [body, field] of [
      [{ count: 0 }, 'count'],
      [{ count: 7 }, 'count'],
      [{ count: 2, kinds: ['photo'] }, 'kinds'],
    ] as const) {
      const res = await askUploads(api, body);
      expect(res.status).toBe(400);
      const error = ((await res.json()) as { error: { fields: { field: string }[] } }).error;
      expect(error.fields.map((f) => f.field)).toContain(field);
    }
    expect((await askUploads(api, { count: 1 }, 'WRONG-KEY-0000')).status).toBe(401);
  });

  it('gives one POST per file: incoming/<opaque id>, at most 10 MB, five minutes, nothing staff can see yet', async () => {
    const res = await askUploads(api, { count: 2, kinds: ['photo', 'pdf'] });
    expect(res.status).toBe(201);
    const { uploads, maxBytes, expiresInSeconds } = (await res.json()) as {
      uploads: Upload[];
      maxBytes: number;
      expiresInSeconds: number;
    };
    expect([uploads.length, maxBytes, expiresInSeconds]).toEqual([2, MAX_FILE_BYTES, 300]);
    for (const u of uploads) {
      expect(u.fields.key).toMatch(/^incoming\/[A-Za-z0-9_-]{32}$/);
      expect(u.fields.key).not.toContain(filed.caseNumber);
      expect(u.url).toContain(BUCKET);
      const policy = JSON.parse(Buffer.from(u.fields.Policy ?? '', 'base64').toString('utf8')) as {
        expiration: string;
        conditions: unknown[];
      };
      expect(policy.conditions).toContainEqual(['content-length-range', 1, MAX_FILE_BYTES]);
      expect(policy.conditions).toContainEqual({ key: u.fields.key });
      const lifetime = Date.parse(policy.expiration) - Date.now();
      expect(lifetime).toBeGreaterThan(0);
      expect(lifetime).toBeLessThanOrEqual(300_000);
    }
    expect(new Set(uploads.map((u) => u.fields.key)).size).toBe(2);
    expect((await staffEvidence()).body.evidence).toEqual([]);
  });
});

describe('the strip function (S3 ObjectCreated under incoming/)', () => {
  const upload = async () => {
    const res = await askUploads(api, { count: 1 });
    return ((await res.json()) as { uploads: Upload[] }).uploads[0]!.fields.key!;
  };

  it('strips and seals a JPEG with GPS into the blob store, makes it ready, deletes the incoming object', async () => {
    const key = await upload();
    const deleted = bucketHolding({ [key]: await jpegWithMetadata() });
    const before = (await staffEvidence()).body.timeline.filter((e) => e.type === 'evidence_added').length;

    const summary = await handleIncomingEvidence(deps(), s3Event(key));
    expect(summary).toEqual({ ready: 1, refused: 0, ignored: 0 });
    expect(deleted).toEqual([[key]]);

    const { token, body } = await staffEvidence();
    expect(body.evidence.map((e) => e.kind)).toEqual(['photo']);
    expect(body.timeline.filter((e) => e.type === 'evidence_added')).toHaveLength(before + 1);
    const file = await h.app.request(`/api/v1/cases/${filed.caseNumber}/evidence/${body.evidence[0]!.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(await exifr.gps(bytes).catch(() => undefined)).toBeUndefined();

    // S3 may deliver the same event again: nothing is added twice.
    const again = await handleIncomingEvidence(deps(), s3Event(key));
    expect(again).toEqual({ ready: 0, refused: 0, ignored: 1 });
    expect((await staffEvidence()).body.evidence).toHaveLength(1);
  });

  it('refuses a file that is not an accepted image or PDF, with the reason, and never shows it', async () => {
    const key = await upload();
    const deleted = bucketHolding({ [key]: new TextEncoder().encode('#!/bin/sh\necho not a photo\n') });
    const summary = await handleIncomingEvidence(deps(), s3Event(key));
    expect(summary).toEqual({ ready: 0, refused: 1, ignored: 0 });
    expect(deleted).toEqual([[key]]);
    expect((await staffEvidence()).body.evidence).toHaveLength(1);
    const uploads = await h.deps.evidence.listUploads(filed.caseNumber, Math.floor(Date.now() / 1000));
    expect(uploads.filter((u) => u.status === 'refused').map((u) => u.refusedReason)).toEqual(['type']);
  });

  it('ignores keys outside incoming/ and deletes an incoming object nobody asked for', async () => {
    const stray = `incoming/${'A'.repeat(32)}`;
    const deleted = bucketHolding({ [stray]: await jpegWithMetadata() });
    const summary = await handleIncomingEvidence(deps(), {
      Records: [...s3Event('evidence/x/y').Records, ...s3Event(stray).Records],
    });
    expect(summary).toEqual({ ready: 0, refused: 0, ignored: 2 });
    expect(deleted).toEqual([[stray]]);
  });
});

describe('the pages in AWS', () => {
  const web = () =>
    createWebApp({
      ...h.deps,
      uploadSigner: new S3UploadSigner(s3, BUCKET, 'cn-north-1'),
      rewards: new RewardRepository(h.db, h.tables, h.deps.cases),
      publicRecords: new PublicRepository(h.db, h.tables),
    });

  it('tell their script to upload straight to the bucket, and let it connect there; locally they do not', async () => {
    const aws = await web().request('/');
    expect(await aws.text()).toContain('data-direct="report"');
    expect(aws.headers.get('content-security-policy')).toContain(
      `connect-src 'self' https://${BUCKET}.s3.cn-north-1.amazonaws.com.cn`,
    );
    const local = await h.app.request('/');
    expect(await local.text()).not.toContain('data-direct');
    expect(local.headers.get('content-security-policy')).toContain("connect-src 'self';");
  });

  it("give the signed-in reporter's follow-up page its presigned POSTs, and nobody else", async () => {
    const app = web();
    const signIn = await postForm(app, '/follow-up', filed);
    expect(signIn.status).toBe(303);
    const session = cookieOf(signIn, 'chuishao_session');
    const page = await (await app.request('/follow-up', { headers: { cookie: session } })).text();
    expect(page).toContain('data-direct="/follow-up/evidence/uploads"');
    // Earlier tests left two uploads pending and one refused: the reporter is told both.
    const status = /<ul id="upload-status"[^>]*>([\s\S]*?)<\/ul>/.exec(page)?.[1] ?? '';
    expect(status).toContain('有 2 个照片或文件正在处理');
    expect(status).toContain('有一个文件没有保存：只接受 JPEG、PNG、WebP 照片和 PDF 文件');
    const ask = (cookie: string) =>
      app.request('/follow-up/evidence/uploads', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ count: 1 }),
      });
    const res = await ask(session);
    expect(res.status).toBe(201);
    const { uploads } = (await res.json()) as { uploads: Upload[] };
    expect(uploads[0]!.fields.key).toMatch(/^incoming\//);
    expect((await ask('')).status).toBe(401);
  });
});
