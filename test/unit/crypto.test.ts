import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateAccessKey, hashAccessKey, verifyAccessKey } from '#shared/crypto/access-key.ts';
import { open, seal } from '#shared/crypto/envelope.ts';
import { LocalKeyProvider, loadOrCreateMasterKey } from '#shared/crypto/local-key-provider.ts';
import { formatAccessKey, normalizeAccessKey } from '#shared/domain/access-key-format.ts';

const provider = new LocalKeyProvider(randomBytes(32));
const ctx = { purpose: 'identity', caseNumber: '20261127-000001' };

describe('envelope encryption', () => {
  it('round-trips a value', async () => {
    const sealed = await seal(provider, { name: '张三' }, '20261127-000001', ctx);
    expect(JSON.stringify(sealed)).not.toContain('张三');
    expect(await open(provider, sealed, '20261127-000001', ctx)).toEqual({ name: '张三' });
  });

  it('uses a fresh data key and IV every time', async () => {
    const a = await seal(provider, 'x', 'aad', ctx);
    const b = await seal(provider, 'x', 'aad', ctx);
    expect(a.dk).not.toBe(b.dk);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });

  it('refuses another case number as associated data, another context, or a tampered ciphertext', async () => {
    const sealed = await seal(provider, { phone: '13800138000' }, '20261127-000001', ctx);
    await expect(open(provider, sealed, '20261127-000002', ctx)).rejects.toThrow();
    await expect(
      open(provider, sealed, '20261127-000001', { ...ctx, purpose: 'idempotency' }),
    ).rejects.toThrow();
    const ct = Buffer.from(sealed.ct, 'base64');
    ct[0] = (ct[0] ?? 0) ^ 1;
    await expect(
      open(provider, { ...sealed, ct: ct.toString('base64') }, '20261127-000001', ctx),
    ).rejects.toThrow();
  });

  it('cannot be opened with another master key', async () => {
    const sealed = await seal(provider, 'secret', 'aad', ctx);
    await expect(open(new LocalKeyProvider(randomBytes(32)), sealed, 'aad', ctx)).rejects.toThrow();
  });

  it('creates the local master key file once, readable only by its owner', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mk-')), 'sub', 'master.key');
    const first = loadOrCreateMasterKey(path);
    expect(loadOrCreateMasterKey(path).equals(first)).toBe(true);
    expect(statSync(path).mode & 0o077).toBe(0);
    expect(readFileSync(path, 'utf8').trim()).toBe(first.toString('base64'));
  });
});

describe('access keys', () => {
  it('are 16 digits, shown grouped, accepted with spaces', () => {
    const key = generateAccessKey();
    expect(key).toMatch(/^\d{16}$/);
    expect(formatAccessKey('1234567812345678')).toBe('1234 5678 1234 5678');
    expect(normalizeAccessKey('1234 5678-1234 5678')).toBe('1234567812345678');
    expect(normalizeAccessKey('12345')).toBeNull();
  });

  it('are stored only as a salted scrypt hash that verifies the right key and no other', async () => {
    const key = generateAccessKey();
    const a = await hashAccessKey(key);
    const b = await hashAccessKey(key);
    expect(a.hash).not.toBe(b.hash);
    expect(JSON.stringify(a)).not.toContain(key);
    expect(await verifyAccessKey(key, a)).toBe(true);
    expect(
      await verifyAccessKey(
        key.replace(/.$/, (d) => String((Number(d) + 1) % 10)),
        a,
      ),
    ).toBe(false);
  });
});
