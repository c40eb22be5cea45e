/**
 * The signed gateway webhook without a store: signature and replay window, field errors, the
 * secret's cache, failing closed when the secret cannot be read, and the hand-off to the inbound
 * SMS topic. The hand-off is a trap in the refusal tests — reaching it fails the test — so those
 * requests are shown to be refused before anything is passed on.
 */

import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { type InboundHandOff, publishToInboundTopic, SENT_AT_ATTRIBUTE } from '#functions/sms/hand-off.ts';
import {
  createSmsWebhookApp,
  REPLAY_WINDOW_S,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhook,
  WEBHOOK_PATH,
} from '#functions/sms/webhook.ts';
import { cachedSecret, secretsManagerSecret } from '#functions/sms/webhook-secret.ts';
import { UnavailableError } from '#shared/errors.ts';
import { createLogger } from '#shared/log.ts';

const NOW = new Date('2026-11-20T08:00:00.000Z');
const NOW_S = NOW.getTime() / 1000;
const SECRET = 'test-webhook-secret';

const depsOf = (logs: string[] = []) => ({ now: () => NOW, logger: createLogger((line) => logs.push(line)) });
const trap: InboundHandOff = async () => {
  throw new Error('the text was handed on');
};

function post(
  app: ReturnType<typeof createSmsWebhookApp>,
  body: unknown,
  opts: { ts?: number; secret?: string; signature?: string } = {},
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const ts = opts.ts ?? NOW_S;
  return app.request(WEBHOOK_PATH, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [TIMESTAMP_HEADER]: String(ts),
      [SIGNATURE_HEADER]: opts.signature ?? signWebhook(opts.secret ?? SECRET, ts, raw),
    },
    body: raw,
  });
}

const message = { from: '+8613766667777', to: '10690000', body: '有人违规生产', messageId: 'gw-1' };

describe('verifyWebhook', () => {
  const raw = JSON.stringify(message);
  const sig = (ts: number, secret = SECRET) => signWebhook(secret, ts, raw);

  it('accepts the HMAC-SHA256 of "<timestamp>.<raw body>" within the replay window', () => {
    expect(verifyWebhook(SECRET, { timestamp: String(NOW_S), signature: sig(NOW_S) }, raw, NOW_S)).toBe(true);
    const edge = NOW_S - REPLAY_WINDOW_S;
    expect(verifyWebhook(SECRET, { timestamp: String(edge), signature: sig(edge) }, raw, NOW_S)).toBe(true);
  });

  it('refuses a wrong secret, another body, a stale or future time, and malformed headers', () => {
    const ok = { timestamp: String(NOW_S), signature: sig(NOW_S) };
    expect(verifyWebhook('other', ok, raw, NOW_S)).toBe(false);
    expect(verifyWebhook(SECRET, ok, `${raw} `, NOW_S)).toBe(false);
    for (const ts of [NOW_S - REPLAY_WINDOW_S - 1, NOW_S + REPLAY_WINDOW_S + 1])
      expect(verifyWebhook(SECRET, { timestamp: String(ts), signature: sig(ts) }, raw, NOW_S)).toBe(false);
    expect(verifyWebhook(SECRET, { timestamp: `${NOW_S}.5`, signature: sig(NOW_S) }, raw, NOW_S)).toBe(false);
    expect(verifyWebhook(SECRET, { timestamp: String(NOW_S) }, raw, NOW_S)).toBe(false);
    expect(verifyWebhook(SECRET, { signature: sig(NOW_S) }, raw, NOW_S)).toBe(false);
    expect(verifyWebhook(SECRET, { timestamp: String(NOW_S), signature: 'zz' }, raw, NOW_S)).toBe(false);
    expect(
      verifyWebhook(SECRET, { timestamp: String(NOW_S), signature: sig(NOW_S).slice(0, 32) }, raw, NOW_S),
    ).toBe(false);
    // An empty secret would make every signature computable: never valid.
    expect(verifyWebhook('', { timestamp: String(NOW_S), signature: sig(NOW_S, '') }, raw, NOW_S)).toBe(
      false,
    );
  });
});

describe('the webhook app refuses before handling', () => {
  const app = createSmsWebhookApp(depsOf(), async () => SECRET, trap);

  it('401 for a bad signature or a stale timestamp', async () => {
    const bad = await post(app, message, { secret: 'wrong' });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_signature');
    expect((await post(app, message, { ts: NOW_S - 3600 })).status).toBe(401);
    expect((await post(app, message, { signature: '' })).status).toBe(401);
  });

  it('400 naming each bad field', async () => {
    const fieldsOf = async (body: unknown) => {
      const res = await post(app, body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { code: string; fields: { field: string }[] } };
      expect(json.error.code).toBe('validation_failed');
      return json.error.fields.map((f) => f.field);
    };
    expect(await fieldsOf('{not json')).toEqual(['(body)']);
    expect(await fieldsOf({ ...message, messageId: undefined })).toEqual(['messageId']);
    expect(await fieldsOf({ ...message, messageId: 'has space' })).toEqual(['messageId']);
    expect((await fieldsOf({ nonsense: true })).sort()).toEqual(['body', 'from', 'messageId', 'to']);
    expect(await fieldsOf({ ...message, from: 'not-a-number' })).toEqual(['from']);
    expect(await fieldsOf({ ...message, sentAt: 'yesterday' })).toEqual(['sentAt']);
  });

  it('503 and nothing handled while the secret cannot be read (fails closed), then recovers', async () => {
    let calls = 0;
    const logs: string[] = [];
    const flaky = createSmsWebhookApp(
      depsOf(logs),
      async () => {
        calls++;
        if (calls === 1) throw new UnavailableError('secrets service down');
        return SECRET;
      },
      trap,
    );
    const down = await post(flaky, message);
    expect(down.status).toBe(503);
    // The failed read is not cached: the next request reads again, and its bad signature is a 401.
    expect((await post(flaky, message, { secret: 'wrong' })).status).toBe(401);
    expect(calls).toBe(2);
    expect(logs.join('\n')).not.toContain('13766667777');
  });
});

describe('the webhook hands a verified text to the inbound SMS topic', () => {
  const TOPIC = 'arn:aws-cn:sns:cn-north-1:000000000000:inbound-sms';

  it('publishes the End User Messaging shape with the gateway time as `sentAt`, and answers 202 queued', async () => {
    const client = new SNSClient({ region: 'cn-north-1' });
    const sns = mockClient(client);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const app = createSmsWebhookApp(depsOf(), async () => SECRET, publishToInboundTopic(client, TOPIC));
    const res = await post(app, { ...message, sentAt: '2026-11-20T07:59:30.000Z' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ outcome: 'queued' });
    const [call] = sns.commandCalls(PublishCommand);
    expect(call?.args[0].input.TopicArn).toBe(TOPIC);
    expect(JSON.parse(call?.args[0].input.Message ?? '')).toEqual({
      originationNumber: message.from,
      destinationNumber: message.to,
      messageKeyword: '',
      messageBody: message.body,
      inboundMessageId: 'gw:gw-1',
      previousPublishedMessageId: null,
    });
    expect(call?.args[0].input.MessageAttributes).toEqual({
      [SENT_AT_ATTRIBUTE]: { DataType: 'String', StringValue: '2026-11-20T07:59:30.000Z' },
    });
    // Without `sentAt`, the signed timestamp is the text's time.
    await post(app, { ...message, messageId: 'gw-2' });
    expect(sns.commandCalls(PublishCommand)[1]?.args[0].input.MessageAttributes).toEqual({
      [SENT_AT_ATTRIBUTE]: { DataType: 'String', StringValue: NOW.toISOString() },
    });
  });

  it('503 when the topic does not take it, so the gateway sends it again; nothing is logged of it', async () => {
    const client = new SNSClient({ region: 'cn-north-1' });
    mockClient(client)
      .on(PublishCommand)
      .rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    const logs: string[] = [];
    const app = createSmsWebhookApp(depsOf(logs), async () => SECRET, publishToInboundTopic(client, TOPIC));
    const res = await post(app, message);
    expect(res.status).toBe(503);
    expect(logs.join('\n')).not.toContain('13766667777');
    expect(logs.join('\n')).not.toContain(message.body);
  });
});

describe('cachedSecret', () => {
  it('loads once per period, shares a load in flight, and reloads after the period', async () => {
    let t = 0;
    let loads = 0;
    const secret = cachedSecret(
      async () => {
        loads++;
        return `s${loads}`;
      },
      { ttlMs: 1000, now: () => t },
    );
    expect(await Promise.all([secret(), secret(), secret()])).toEqual(['s1', 's1', 's1']);
    t = 999;
    expect(await secret()).toBe('s1');
    t = 1000;
    expect(await secret()).toBe('s2');
    expect(loads).toBe(2);
  });

  it('does not cache a failure or an empty secret', async () => {
    const answers = [Promise.reject(new Error('down')), Promise.resolve(''), Promise.resolve('ok')];
    for (const a of answers) a.catch(() => undefined);
    let i = 0;
    const secret = cachedSecret(() => answers[i++]!, { now: () => 0 });
    await expect(secret()).rejects.toThrow('down');
    await expect(secret()).rejects.toBeInstanceOf(UnavailableError);
    expect(await secret()).toBe('ok');
    expect(await secret()).toBe('ok');
    expect(i).toBe(3);
  });
});

describe('secretsManagerSecret', () => {
  it('reads the secret by its ARN, and fails closed (503) when Secrets Manager does not answer', async () => {
    const client = new SecretsManagerClient({ region: 'cn-north-1' });
    const sm = mockClient(client);
    sm.on(GetSecretValueCommand, { SecretId: 'arn:secret' }).resolves({ SecretString: SECRET });
    expect(await secretsManagerSecret('arn:secret', client)()).toBe(SECRET);
    sm.on(GetSecretValueCommand).rejects(
      Object.assign(new Error('throttled'), { name: 'ThrottlingException' }),
    );
    await expect(secretsManagerSecret('arn:secret', client)()).rejects.toBeInstanceOf(UnavailableError);
    sm.on(GetSecretValueCommand).resolves({});
    await expect(cachedSecret(secretsManagerSecret('arn:secret', client))()).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });
});
