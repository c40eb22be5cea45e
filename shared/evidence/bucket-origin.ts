/**
 * Where a browser posts a direct upload: the bucket's virtual-hosted origin, as the presigned POST
 * names it (China regions under `amazonaws.com.cn`). Apart from the signer so the pages can put it
 * in their Content-Security-Policy without loading the S3 SDK at start.
 */
export const bucketOrigin = (bucket: string, region: string) =>
  `https://${bucket}.s3.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
