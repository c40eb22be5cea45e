/**
 * A stand-in for the AWS services a deployed function calls besides DynamoDB — KMS, SNS, Secrets
 * Manager, Cognito's JWKS and S3 objects (path-style, the SDK's choice for an IP endpoint) — answering on loopback the way the real endpoints answer on the
 * wire, so a bundle built by `cdk synth` can be booted and driven unchanged (the SDK is pointed
 * here with AWS_ENDPOINT_URL_<SERVICE>). Every call is recorded for the test to check.
 *
 * KMS "wraps" a data key by encoding it with its encryption context, so Decrypt can check the
 * context as KMS does; it is a wire fake, not a key service.
 */
import { createHmac, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, type JWK, SignJWT } from 'jose';

export interface EdgeCall {
  service: 'kms' | 'sns' | 'secretsmanager' | 'jwks' | 's3';
  action: string;
  /** SNS Publish: the parameters as the SDK sent them (TopicArn, Message, MessageAttributes…). */
  params?: Record<string, string>;
}

export interface AwsEdge {
  url: string;
  calls: EdgeCall[];
  /** An RS256 ID token with Cognito's claims, signed by the key the edge's JWKS serves. */
  idToken(claims: Record<string, unknown>, opts: { issuer: string; audience: string }): Promise<string>;
  jwksPath: string;
  /** S3 objects by `<bucket>/<key>`: put by the test or a function, read and deleted by functions. */
  objects: Map<string, Uint8Array>;
  close(): Promise<void>;
}

const body = (req: IncomingMessage) =>
  new Promise<Buffer>((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** S3's object calls, path-style: GET/PUT/DELETE /<bucket>/<key>, POST /<bucket>?delete (keys in XML). */
function answerS3(
  req: IncomingMessage,
  raw: Buffer,
  objects: Map<string, Uint8Array>,
  calls: EdgeCall[],
  res: import('node:http').ServerResponse,
): boolean {
  const url = new URL(req.url ?? '/', 'http://edge');
  const [, bucket, ...rest] = url.pathname.split('/');
  if (!bucket || req.headers['x-amz-target'] || !String(req.headers.authorization ?? '').includes('/s3/'))
    return false;
  const name = `${bucket}/${rest.map(decodeURIComponent).join('/')}`;
  if (req.method === 'POST' && url.searchParams.has('delete')) {
    calls.push({ service: 's3', action: 'DeleteObjects' });
    for (const m of raw.toString('utf8').matchAll(/<Key>([^<]*)<\/Key>/g))
      objects.delete(`${bucket}/${m[1]}`);
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><DeleteResult xmlns="${S3_NS}"></DeleteResult>`);
  } else if (req.method === 'GET') {
    calls.push({ service: 's3', action: 'GetObject' });
    const found = objects.get(name);
    res.writeHead(found ? 200 : 404, {
      'content-type': found ? 'application/octet-stream' : 'application/xml',
    });
    res.end(
      found ??
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>none</Message></Error>`,
    );
  } else if (req.method === 'PUT') {
    calls.push({ service: 's3', action: 'PutObject' });
    objects.set(name, new Uint8Array(raw));
    res.writeHead(200, { etag: '"boot"' });
    res.end();
  } else {
    res.writeHead(405);
    res.end();
  }
  return true;
}

export async function startAwsEdge(secretString = 'boot-test-webhook-secret'): Promise<AwsEdge> {
  const calls: EdgeCall[] = [];
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'boot', alg: 'RS256', use: 'sig' };
  const macKey = randomBytes(32);
  const jwksPath = '/cognito/.well-known/jwks.json';

  const objects = new Map<string, Uint8Array>();
  const server: Server = createServer(async (req, res) => {
    const bytes = await body(req);
    if (answerS3(req, bytes, objects, calls, res)) return;
    const raw = bytes.toString('utf8');
    const target = String(req.headers['x-amz-target'] ?? '');
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(value));
    };
    if (req.method === 'GET' && req.url === jwksPath) {
      calls.push({ service: 'jwks', action: 'GET' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    if (target.startsWith('TrentService.')) {
      const action = target.slice('TrentService.'.length);
      calls.push({ service: 'kms', action });
      const input = JSON.parse(raw || '{}') as Record<string, unknown>;
      if (action === 'GenerateDataKey') {
        const plaintext = randomBytes(32);
        const wrapped = Buffer.from(
          JSON.stringify({ k: plaintext.toString('base64'), c: input.EncryptionContext ?? {} }),
        );
        return json(200, {
          KeyId: input.KeyId,
          Plaintext: plaintext.toString('base64'),
          CiphertextBlob: wrapped.toString('base64'),
        });
      }
      if (action === 'Decrypt') {
        const wrapped = JSON.parse(Buffer.from(String(input.CiphertextBlob), 'base64').toString('utf8')) as {
          k: string;
          c: unknown;
        };
        if (JSON.stringify(wrapped.c) !== JSON.stringify(input.EncryptionContext ?? {}))
          return json(400, { __type: 'InvalidCiphertextException', message: 'context mismatch' });
        return json(200, { KeyId: input.KeyId, Plaintext: wrapped.k });
      }
      if (action === 'GenerateMac') {
        const mac = createHmac('sha256', macKey)
          .update(Buffer.from(String(input.Message), 'base64'))
          .digest('base64');
        return json(200, { KeyId: input.KeyId, Mac: mac, MacAlgorithm: input.MacAlgorithm });
      }
      return json(400, { __type: 'UnsupportedOperationException', message: action });
    }
    if (target.startsWith('secretsmanager.')) {
      calls.push({ service: 'secretsmanager', action: target.slice('secretsmanager.'.length) });
      const input = JSON.parse(raw || '{}') as { SecretId?: string };
      return json(200, { ARN: input.SecretId, Name: 'webhook', SecretString: secretString, VersionId: 'v1' });
    }
    const form = new URLSearchParams(raw);
    if (form.get('Action') === 'Publish') {
      calls.push({ service: 'sns', action: 'Publish', params: Object.fromEntries(form) });
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
      );
      return;
    }
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end('unknown call');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    jwksPath,
    objects,
    idToken: (claims, opts) =>
      new SignJWT({ token_use: 'id', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'boot' })
        .setIssuer(opts.issuer)
        .setAudience(opts.audience)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
