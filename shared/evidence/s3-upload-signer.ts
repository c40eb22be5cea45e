/**
 * AWS adapter of the direct-upload signer (shared/services/direct-uploads.ts): a presigned S3 POST
 * whose policy pins the key (`incoming/<upload id>`), the size (1 byte to the file limit) and a
 * short expiry; the bucket's default SSE-KMS encrypts it at rest. The client learns nothing it
 * could use to read or overwrite anything else.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { PresignedUpload, UploadSigner } from '../services/direct-uploads.ts';
import { bucketOrigin } from './bucket-origin.ts';

export class S3UploadSigner implements UploadSigner {
  readonly origin: string;
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    region: string,
  ) {
    this.origin = bucketOrigin(bucket, region);
  }

  async presign(key: string, maxBytes: number, expiresS: number): Promise<PresignedUpload> {
    const { url, fields } = await createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: key,
      Expires: expiresS,
      Conditions: [['content-length-range', 1, maxBytes]],
    });
    return { url, fields };
  }
}
