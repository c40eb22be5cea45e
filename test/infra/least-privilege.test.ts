/**
 * IAM of the stateless functions, read from the synthesised template. Wildcards count: a
 * `dynamodb:*` or a `Resource: '*'` that would cover a forbidden action is caught like the action.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  type BuiltApp,
  granting,
  logicalIdOf,
  type Statement,
  sharedTestApp,
  statementsOfRole,
  targets,
} from './support.ts';

let built: BuiltApp;
let ids: { cases: string; identity: string; directory: string; identityKey: string; tableKey: string };
beforeAll(() => {
  built = sharedTestApp();
  ids = {
    cases: logicalIdOf(built.stateful.tables.cases),
    identity: logicalIdOf(built.stateful.tables.identity),
    directory: logicalIdOf(built.stateful.tables.directory),
    identityKey: logicalIdOf(built.stateful.identityKey),
    tableKey: logicalIdOf(built.stateful.tableKey),
  };
});

const statementsOf = (name: 'api' | 'web' | 'assets' | 'staff'): Statement[] =>
  statementsOfRole(built.statelessTemplate, logicalIdOf(built.stateless[name].role));

const on = (statements: Statement[], action: string, target: string) =>
  granting(statements, action).filter((s) => targets(s, target));

describe.each(['api', 'web'] as const)('%s (reporter-facing) function', (name) => {
  it('never grants on Resource "*"', () => {
    for (const s of statementsOf(name)) {
      const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
      expect(resources).not.toContain('*');
    }
  });

  it('has no access to any index (the queue index is for staff)', () => {
    for (const s of statementsOf(name)) expect(JSON.stringify(s.Resource)).not.toContain('/index/');
  });

  it('can read and write cases, and read the directory', () => {
    const st = statementsOf(name);
    for (const a of ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem']) {
      expect(on(st, `dynamodb:${a}`, ids.cases), a).not.toHaveLength(0);
    }
    for (const a of ['GetItem', 'Query'])
      expect(on(st, `dynamodb:${a}`, ids.directory), a).not.toHaveLength(0);
  });

  it('cannot Scan, Delete or batch anything, nor write the directory (the pages delete only sessions)', () => {
    const st = statementsOf(name);
    const deletes = granting(st, 'dynamodb:DeleteItem');
    if (name === 'web') {
      expect(deletes.map((s) => s.Sid)).toEqual(['SessionEnd']);
      expect(deletes[0]?.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SESSION#*'] },
      });
      expect(targets(deletes[0] as Statement, ids.cases)).toBe(true);
    } else expect(deletes).toEqual([]);
    for (const a of ['Scan', 'BatchGetItem', 'BatchWriteItem', 'PartiQLSelect', 'DeleteTable']) {
      expect(granting(st, `dynamodb:${a}`), a).toEqual([]);
    }
    for (const a of ['PutItem', 'UpdateItem']) expect(on(st, `dynamodb:${a}`, ids.directory), a).toEqual([]);
  });

  it('may write the identity table, but only IDENT# and IDEM# items (and CLAIM# from the pages)', () => {
    const puts = on(statementsOf(name), 'dynamodb:PutItem', ids.identity);
    expect(puts.map((s) => s.Condition)).toEqual([
      { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IDENT#*', 'IDEM#*'] } },
      // Reward claims are taken by the pages function only.
      ...(name === 'web' ? [{ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CLAIM#*'] } }] : []),
    ]);
  });

  it('reads the identity table only for IDEM# idempotency records, never a sealed identity', () => {
    const reads = on(statementsOf(name), 'dynamodb:GetItem', ids.identity);
    expect(reads).not.toHaveLength(0);
    for (const s of reads) {
      expect(s.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IDEM#*'] } });
    }
    for (const a of ['Query', 'Scan', 'UpdateItem', 'DeleteItem', 'BatchGetItem', 'GetRecords']) {
      expect(on(statementsOf(name), `dynamodb:${a}`, ids.identity), a).toEqual([]);
    }
  });

  it('makes identity data keys only for the identity and idempotency purposes (and reward claims)', () => {
    const generate = on(statementsOf(name), 'kms:GenerateDataKey', ids.identityKey);
    expect(generate.map((s) => s.Condition)).toEqual([
      { StringEquals: { 'kms:EncryptionContext:purpose': ['identity', 'idempotency'] } },
      ...(name === 'web' ? [{ StringEquals: { 'kms:EncryptionContext:purpose': 'reward_claim' } }] : []),
      // Evidence files are sealed with data keys of their own purpose.
      { StringEquals: { 'kms:EncryptionContext:purpose': 'evidence' } },
    ]);
  });

  it('unwraps identity-key data keys only with purpose=idempotency', () => {
    const decrypt = on(statementsOf(name), 'kms:Decrypt', ids.identityKey);
    expect(decrypt).not.toHaveLength(0);
    for (const s of decrypt) {
      expect(s.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': 'idempotency' } });
    }
    for (const a of ['ReEncryptFrom', 'ReEncryptTo', 'CreateGrant', 'Encrypt']) {
      expect(on(statementsOf(name), `kms:${a}`, ids.identityKey), a).toEqual([]);
    }
  });

  it('uses the table key only through DynamoDB', () => {
    const tableKey = statementsOf(name).filter((s) => targets(s, ids.tableKey));
    expect(granting(tableKey, 'kms:Decrypt')).not.toHaveLength(0);
    for (const s of tableKey) {
      expect(JSON.stringify(s.Condition?.StringEquals?.['kms:ViaService'])).toMatch(/"dynamodb\."/);
    }
    expect(on(statementsOf(name), 'kms:CreateGrant', ids.tableKey)).toEqual([]);
  });

  it('writes logs only to its own log group', () => {
    const own = logicalIdOf(built.stateless[name].logGroup);
    for (const s of granting(statementsOf(name), 'logs:PutLogEvents')) {
      expect(s.Resource).toEqual({ 'Fn::GetAtt': [own, 'Arn'] });
    }
  });
});

describe('assets function', () => {
  it('has no DynamoDB or KMS permission at all', () => {
    const st = statementsOf('assets');
    expect(st.flatMap(actionsOf).filter((a) => /^(dynamodb|kms):|^\*$/i.test(a))).toEqual([]);
    for (const target of Object.values(ids)) {
      expect(st.filter((s) => targets(s, target))).toEqual([]);
    }
  });

  it('may only write its own logs', () => {
    const own = logicalIdOf(built.stateless.assets.logGroup);
    expect(statementsOf('assets')).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [own, 'Arn'] },
      },
    ]);
  });
});

describe('staff function', () => {
  it('never grants on Resource "*"', () => {
    for (const s of statementsOf('staff')) {
      const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
      expect(resources).not.toContain('*');
    }
  });

  it('has exactly the identity access of the intake functions: seal, never read back or unwrap', () => {
    const identityOf = (st: Statement[]) =>
      st
        .filter((s) => targets(s, ids.identity) || targets(s, ids.identityKey))
        .map((s) => JSON.stringify({ a: s.Action, c: s.Condition }))
        .sort();
    // Plus one thing: the staff function opens evidence files (purpose `evidence`) for the case page.
    const evidenceDecrypt = JSON.stringify({
      a: 'kms:Decrypt',
      c: { StringEquals: { 'kms:EncryptionContext:purpose': 'evidence' } },
    });
    expect(identityOf(statementsOf('staff'))).toEqual(
      [...identityOf(statementsOf('api')), evidenceDecrypt].sort(),
    );
    const decrypt = on(statementsOf('staff'), 'kms:Decrypt', ids.identityKey);
    for (const s of decrypt) expect(JSON.stringify(s.Condition)).toMatch(/"idempotency"|"evidence"/);
  });

  it('can read and write cases, and read the directory', () => {
    const st = statementsOf('staff');
    for (const a of ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem']) {
      expect(on(st, `dynamodb:${a}`, ids.cases), a).not.toHaveLength(0);
    }
    for (const a of ['GetItem', 'Query'])
      expect(on(st, `dynamodb:${a}`, ids.directory), a).not.toHaveLength(0);
  });

  it('can Query the queue, county and time (archive, inbox) indexes, and nothing else on any index', () => {
    const st = statementsOf('staff');
    const onIndex = st.filter((s) => JSON.stringify(s.Resource).includes('/index/'));
    expect(onIndex.flatMap(actionsOf)).toEqual(['dynamodb:Query']);
    const resources = JSON.stringify(onIndex.map((s) => s.Resource));
    expect(resources).toContain('"/index/byQueue"');
    expect(resources).toContain('"/index/byCounty"');
    expect(resources).toContain('"/index/byTime"');
    expect(resources).not.toContain('/index/*');
    for (const s of onIndex) expect(targets(s, ids.cases)).toBe(true);
  });

  it('batch-reads only case items (a page of search results)', () => {
    const batch = granting(statementsOf('staff'), 'dynamodb:BatchGetItem');
    expect(batch).toHaveLength(1);
    expect(targets(batch[0] as Statement, ids.cases)).toBe(true);
    expect(batch[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] },
    });
  });

  it('cannot Scan, Delete or batch-write anything, nor write the directory', () => {
    const st = statementsOf('staff');
    for (const a of [
      'Scan',
      'DeleteItem',
      'BatchWriteItem',
      'PartiQLSelect',
      'PartiQLInsert',
      'PartiQLUpdate',
      'PartiQLDelete',
      'DeleteTable',
      'GetRecords',
    ]) {
      expect(granting(st, `dynamodb:${a}`), a).toEqual([]);
    }
    for (const a of ['PutItem', 'UpdateItem']) expect(on(st, `dynamodb:${a}`, ids.directory), a).toEqual([]);
  });

  it('uses the table key only through DynamoDB, the identity key only as the intake functions do', () => {
    const st = statementsOf('staff');
    const kms = st.filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
    expect(kms).not.toHaveLength(0);
    for (const s of kms) {
      if (targets(s, ids.identityKey)) {
        expect(JSON.stringify(s.Condition)).toContain('kms:EncryptionContext:purpose');
        continue;
      }
      // The server HMAC key (signed cursors, client-address hashes): MACs only.
      if (targets(s, logicalIdOf(built.stateful.serverHmacKey))) {
        expect(actionsOf(s)).toEqual(['kms:GenerateMac']);
        continue;
      }
      if (targets(s, logicalIdOf(built.stateful.evidenceBucketKey))) {
        // The evidence bucket's SSE-KMS key, only through S3.
        expect(JSON.stringify(s.Condition?.StringEquals?.['kms:ViaService'])).toMatch(/"s3\./);
        continue;
      }
      expect(targets(s, ids.tableKey)).toBe(true);
      expect(JSON.stringify(s.Condition?.StringEquals?.['kms:ViaService'])).toMatch(/"dynamodb\."/);
    }
    // S3: only the evidence objects, put (phone intake) and get (the case page).
    expect(
      st
        .flatMap(actionsOf)
        .filter((a) => !/^(dynamodb|kms|logs):/.test(a))
        .sort(),
    ).toEqual(['s3:GetObject', 's3:PutObject']);
  });

  it('writes logs only to its own log group', () => {
    const own = logicalIdOf(built.stateless.staff.logGroup);
    for (const s of granting(statementsOf('staff'), 'logs:PutLogEvents')) {
      expect(s.Resource).toEqual({ 'Fn::GetAtt': [own, 'Arn'] });
    }
  });
});

describe('reveal function', () => {
  const st = () => statementsOfRole(built.statelessTemplate, logicalIdOf(built.stateless.reveal.role));

  it('reads only sealed identities and reward claims, and unwraps only their data keys', () => {
    const reads = on(st(), 'dynamodb:GetItem', ids.identity);
    expect(reads).toHaveLength(1);
    expect(reads[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IDENT#*', 'CLAIM#*'] },
    });
    expect(on(st(), 'dynamodb:PutItem', ids.identity)).toEqual([]);
    const decrypt = on(st(), 'kms:Decrypt', ids.identityKey);
    expect(decrypt).toHaveLength(1);
    expect(decrypt[0]?.Condition).toEqual({
      StringEquals: { 'kms:EncryptionContext:purpose': ['identity', 'reward_claim'] },
    });
    expect(on(st(), 'kms:GenerateDataKey', ids.identityKey)).toEqual([]);
  });

  it("cannot Scan or Delete, and queries only the queue index (the paying officer's rewards)", () => {
    for (const a of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:BatchGetItem'])
      expect(granting(st(), a)).toEqual([]);
    const indexed = st().filter((s) => JSON.stringify(s.Resource).includes('/index/'));
    expect(indexed).toHaveLength(1);
    expect(actionsOf(indexed[0] as Statement)).toEqual(['dynamodb:Query']);
    expect(JSON.stringify(indexed[0]?.Resource)).toContain('/index/byQueue');
    expect(JSON.stringify(indexed[0]?.Resource)).not.toContain('/index/byCounty');
  });
});

describe.each(['handler'] as const)('SMS %s function: claims by text', (which) => {
  const st = () => statementsOfRole(built.statelessTemplate, logicalIdOf(built.stateless.sms[which].role));

  it('seals reward claims like the pages function: CLAIM# PutItem, reward_claim data keys', () => {
    const puts = on(st(), 'dynamodb:PutItem', ids.identity);
    expect(puts.map((s) => s.Condition)).toContainEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CLAIM#*'] },
    });
    // Every identity write is scoped to its key prefixes.
    for (const s of puts)
      expect(s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']).toBeDefined();
    const generate = on(st(), 'kms:GenerateDataKey', ids.identityKey);
    expect(generate.map((s) => s.Condition)).toContainEqual({
      StringEquals: { 'kms:EncryptionContext:purpose': 'reward_claim' },
    });
  });

  it("writes the claim's transaction on the cases table (the intake grants) and reads the reward", () => {
    for (const a of ['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'])
      expect(on(st(), `dynamodb:${a}`, ids.cases), a).not.toHaveLength(0);
  });

  it('never reads a sealed claim or identity back, never unwraps a reward_claim or identity data key', () => {
    const reads = on(st(), 'dynamodb:GetItem', ids.identity);
    expect(reads).not.toHaveLength(0);
    for (const s of reads) {
      expect(s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']).toBeDefined();
      expect(JSON.stringify(s.Condition)).not.toMatch(/CLAIM#|IDENT#/);
    }
    for (const a of ['Query', 'Scan', 'BatchGetItem', 'UpdateItem'])
      expect(on(st(), `dynamodb:${a}`, ids.identity), a).toEqual([]);
    const decrypt = on(st(), 'kms:Decrypt', ids.identityKey);
    expect(decrypt).not.toHaveLength(0);
    for (const s of decrypt)
      expect(s.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': 'idempotency' } });
  });
});
