/**
 * AWS adapter of the blob store: the evidence bucket (SSE-KMS on top of the envelope sealing,
 * TLS-only, no public access; infra/constructs/evidence-bucket.ts). The intake functions may only
 * put, the staff function only get, the sweep only delete, each under `evidence/`.
 */
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { UnavailableError } from '../errors.ts';
import type { BlobStore } from './blob-store.ts';

/**
 * The client, for callers that import this module lazily: importing the package itself that way
 * would keep every S3 command in the bundle.
 */
export { S3Client };

export class S3BlobStore implements BlobStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, sealed: Uint8Array): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: sealed,
          ContentType: 'application/octet-stream',
          ServerSideEncryption: 'aws:kms',
        }),
      );
    } catch (err) {
      throw new UnavailableError('evidence store unavailable', { cause: err });
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : null;
    } catch (err) {
      if (err instanceof NoSuchKey) return null;
      throw new UnavailableError('evidence store unavailable', { cause: err });
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      if (!batch.length) continue;
      try {
        await this.s3.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
      } catch (err) {
        throw new UnavailableError('evidence store unavailable', { cause: err });
      }
    }
  }
}
