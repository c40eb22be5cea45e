/**
 * The request functions sign page cursors and hash client addresses with sub-keys of their own KMS
 * HMAC key (not the phone hash's): the key is retained, each of them has its ARN and may only
 * GenerateMac with it, and no function may GenerateMac with the phone key unless it handles SMS.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type BuiltApp, granting, logicalIdOf, sharedTestApp, statementsOfRole, targets } from './support.ts';

let built: BuiltApp;
beforeAll(() => {
  built = sharedTestApp();
});

describe('server HMAC key', () => {
  it('is an HMAC_256 key, retained', () => {
    const keys = built.statefulTemplate.findResources('AWS::KMS::Key');
    const key = keys[logicalIdOf(built.stateful.serverHmacKey)];
    expect(key?.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect(key?.DeletionPolicy).toBe('Retain');
  });

  it('is configured on, and only usable for GenerateMac by, the API, pages and staff functions', () => {
    const keyId = logicalIdOf(built.stateful.serverHmacKey);
    const phoneKeyId = logicalIdOf(built.stateful.phoneHmacKey);
    const fns = built.statelessTemplate.findResources('AWS::Lambda::Function');
    for (const f of [built.stateless.api, built.stateless.web, built.stateless.staff]) {
      const env = fns[logicalIdOf(f.function)]?.Properties.Environment.Variables;
      expect(JSON.stringify(env.SERVER_HMAC_KEY_ID)).toContain(keyId);
      const statements = statementsOfRole(built.statelessTemplate, logicalIdOf(f.role));
      const mac = granting(statements, 'kms:GenerateMac');
      expect(mac.length).toBeGreaterThan(0);
      expect(mac.every((s) => targets(s, keyId) && !targets(s, phoneKeyId))).toBe(true);
      expect(granting(statements, 'kms:VerifyMac')).toEqual([]);
    }
  });
});
