/**
 * A stand-in for the AWS services a deployed function calls besides DynamoDB — KMS, SNS, Secrets
 * Manager and Cognito's JWKS — answering on loopback the way the real endpoints answer on the
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
  service: 'kms' | 'sns' | 'secretsmanager' | 'jwks';
  action: string;
}

export interface AwsEdge {
  url: string;
  calls: EdgeCall[];
  /** An RS256 ID token with Cognito's claims, signed by the key the edge's JWKS serves. */
  idToken(claims: Record<string, unknown>, opts: { issuer: string; audience: string }): Promise<string>;
  jwksPath: string;
  close(): Promise<void>;
}

const body = (req: IncomingMessage) =>
  new Promise<string>((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });

export async function startAwsEdge(secretString = 'boot-test-webhook-secret'): Promise<AwsEdge> {
  const calls: EdgeCall[] = [];
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'boot', alg: 'RS256', use: 'sig' };
  const macKey = randomBytes(32);
  const jwksPath = '/cognito/.well-known/jwks.json';

  const server: Server = createServer(async (req, res) => {
    const raw = await body(req);
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
      calls.push({ service: 'sns', action: 'Publish' });
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
