import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { KmsPhoneHasher, LocalPhoneHasher } from '#shared/crypto/phone-hash.ts';
import { MemorySmsOutbox } from '#shared/sms-sender.ts';

describe('phone hash', () => {
  it('is keyed, stable and never contains the number', async () => {
    const a = new LocalPhoneHasher(Buffer.alloc(32, 1));
    const b = new LocalPhoneHasher(Buffer.alloc(32, 2));
    const h1 = await a.hash('+8613912345678');
    expect(h1).toBe(await a.hash('+8613912345678'));
    expect(h1).not.toBe(await a.hash('+8613912345679'));
    expect(h1).not.toBe(await b.hash('+8613912345678'));
    expect(h1).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(h1).not.toContain('13912345678');
  });

  it('uses KMS GenerateMac (HMAC_SHA_256) in AWS', async () => {
    const kms = mockClient(KMSClient);
    kms.on(GenerateMacCommand).resolves({ Mac: new Uint8Array([1, 2, 3]) });
    const hasher = new KmsPhoneHasher(new KMSClient({ region: 'cn-north-1' }), 'key-1');
    expect(await hasher.hash('+8613912345678')).toBe('AQID');
    const input = kms.commandCalls(GenerateMacCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ KeyId: 'key-1', MacAlgorithm: 'HMAC_SHA_256' });
    kms.restore();
  });

  it('the memory outbox keeps what was sent, per number', async () => {
    const outbox = new MemorySmsOutbox(() => new Date('2026-11-27T00:00:00Z'), 2);
    await outbox.send('+1', 'a');
    await outbox.send('+2', 'b');
    await outbox.send('+1', 'c');
    expect(outbox.list('+1')).toEqual([{ to: '+1', text: 'c', at: '2026-11-27T00:00:00.000Z' }]);
    expect(outbox.list()).toHaveLength(2);
  });
});
