/**
 * The public page's grants, unchanged by it: the stream consumer writes the listing items and the
 * counters (PutItem; a transaction of Put + UpdateItem ADD) on the cases table, and the pages
 * function reads them with Query on the table itself — no index, no Scan, no batch.
 */
import { beforeAll, describe, expect, it } from 'vitest';
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
let cases: string;
beforeAll(() => {
  built = sharedTestApp();
  cases = logicalIdOf(built.stateful.tables.cases);
});

const consumer = (): Statement[] =>
  statementsOfRole(built.statelessTemplate, logicalIdOf(built.stateless.events.consumer.role));
const web = (): Statement[] =>
  statementsOfRole(built.statelessTemplate, logicalIdOf(built.stateless.web.role));
/** Statements granting `action` on the cases table itself (not one of its indexes). */
const onTable = (st: Statement[], action: string) =>
  granting(st, action).filter((s) => targets(s, cases) && !JSON.stringify(s.Resource).includes('/index/'));

describe('public page grants', () => {
  it('lets the stream consumer put listings and add to counters on the cases table', () => {
    for (const a of ['dynamodb:PutItem', 'dynamodb:UpdateItem'])
      expect(onTable(consumer(), a), a).not.toHaveLength(0);
  });

  it('lets the pages function read them with Query on the table, and never Scan or batch', () => {
    expect(onTable(web(), 'dynamodb:Query')).not.toHaveLength(0);
    for (const a of ['dynamodb:Scan', 'dynamodb:BatchGetItem', 'dynamodb:PartiQLSelect'])
      expect(granting(web(), a), a).toEqual([]);
    for (const a of ['dynamodb:Scan', 'dynamodb:BatchGetItem'])
      expect(granting(consumer(), a), a).toEqual([]);
  });
});
