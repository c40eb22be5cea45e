/**
 * The supervision function in the template: its console routes go to it (no other function), its
 * role only reads cases, figures and indexes and writes access-log lines, it never touches the
 * identity table or key, and the stream consumer may read a case's timeline (for the counters).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SUPERVISION_ROUTES } from '../../infra/constructs/supervision.ts';
import {
  type BuiltApp,
  granting,
  logicalIdOf,
  type Statement,
  sharedTestApp,
  statementsOfRole,
  targets,
} from './support.ts';

let built: BuiltApp;
let ids: { cases: string; identity: string; identityKey: string; fn: string };
beforeAll(() => {
  built = sharedTestApp();
  ids = {
    cases: logicalIdOf(built.stateful.tables.cases),
    identity: logicalIdOf(built.stateful.tables.identity),
    identityKey: logicalIdOf(built.stateful.identityKey),
    fn: logicalIdOf(built.stateless.supervision.function),
  };
});

const role = (): Statement[] =>
  statementsOfRole(built.statelessTemplate, logicalIdOf(built.stateless.supervision.role));
const on = (statements: Statement[], action: string, target: string) =>
  granting(statements, action).filter((s) => targets(s, target));

describe('supervision function', () => {
  it('serves the dashboard, access review and audit routes (GET only)', () => {
    const routes = built.statelessTemplate.findResources('AWS::ApiGatewayV2::Route');
    const integrations = built.statelessTemplate.findResources('AWS::ApiGatewayV2::Integration');
    const toFn = new Set(
      Object.entries(integrations)
        .filter(([, i]) => JSON.stringify(i.Properties.IntegrationUri).includes(ids.fn))
        .map(([id]) => id),
    );
    const keys = Object.values(routes)
      .filter((r) =>
        toFn.has(JSON.stringify(r.Properties.Target).match(/integrations\/", *\{"Ref":"([^"]+)"/)?.[1] ?? ''),
      )
      .map((r) => r.Properties.RouteKey as string)
      .sort();
    expect(keys).toEqual(SUPERVISION_ROUTES.map((p) => `GET ${p}`).sort());
  });

  it('reads cases and figures, writes only access-log lines, and never Scans or deletes', () => {
    const st = role();
    for (const a of ['GetItem', 'Query', 'BatchGetItem'])
      expect(on(st, `dynamodb:${a}`, ids.cases), a).not.toHaveLength(0);
    const puts = on(st, 'dynamodb:PutItem', ids.cases);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ACCESS#*'] },
    });
    for (const a of ['Scan', 'DeleteItem', 'UpdateItem', 'BatchWriteItem'])
      expect(granting(st, `dynamodb:${a}`), a).toEqual([]);
    const reads = on(st, 'dynamodb:Query', ids.cases).filter(
      (s) => !JSON.stringify(s.Resource).includes('/index/'),
    );
    for (const s of reads)
      expect(s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']).toEqual([
        'CASE#*',
        'SUP#*',
        'ACCESS#*',
      ]);
  });

  it('has nothing of the identity table or the identity key', () => {
    const st = role();
    for (const s of st) {
      expect(targets(s, ids.identity)).toBe(false);
      expect(targets(s, ids.identityKey)).toBe(false);
    }
  });
});

describe('stream consumer', () => {
  it("may Query a case's timeline (CASE# keys only) to count its figures", () => {
    const st = statementsOfRole(built.statelessTemplate, logicalIdOf(built.stateless.events.consumer.role));
    const queries = on(st, 'dynamodb:Query', ids.cases).filter(
      (s) => !JSON.stringify(s.Resource).includes('/index/'),
    );
    expect(queries.map((s) => s.Condition)).toContainEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] },
    });
  });
});
