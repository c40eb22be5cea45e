/**
 * Route fuzz: every route of every app (read from each Hono app's `routes`, so a new route is
 * fuzzed without anyone listing it) gets malformed JSON, wrong types, huge and deeply nested
 * values, control characters, bad path parameters, bad cursors and wrong content types — as each
 * staff role, with a reporter key and with no credentials. No answer may be a 5xx, and a refused
 * request (4xx) may not write a case, event or identity item (counted in DynamoDB Local before and
 * after). Deterministic (seeded) and bounded: a fixed number of requests per route.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_FIELD } from '#functions/http/csrf.tsx';
import type { StaffRole } from '#shared/auth/staff.ts';
import { csrfFor, TEST_ORIGIN } from '../support/browser-form.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

/** Requests per route (each route also gets one clean request per identity). */
const PER_ROUTE = 7;

let h: Harness;
let known: { caseNumber: string; accessKey: string };
let tokens: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  const res = await postJson(h.app, '/api/v1/reports', reportBody({ occurredAt: undefined }));
  known = (await res.json()) as typeof known;
  const staff: [StaffRole, string][] = [
    ['township_officer', '411081001'],
    ['county_supervisor', '411081'],
    ['operator', '4110'],
    ['finance_officer', '4110'],
    ['identity_custodian', '4110'],
    ['auditor', '4110'],
  ];
  tokens = {};
  for (const [role, jurisdiction] of staff)
    tokens[role] = await h.tokenFor({ role, jurisdiction, id: `fuzz-${role}` });
});
afterAll(async () => {
  await h.cleanup();
});

/** A small seeded PRNG (mulberry32): the same requests on every run. */
function rng(seed: number) {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const deep = (n: number): string => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const deepArray = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;

const PATH_VALUES = [
  () => known.caseNumber,
  () => '20000101-000000',
  () => '%0d%0aSet-Cookie:%20x=1',
  () => '..%2F..%2Fetc',
  () => '%00',
  () => '%E4%B8',
  () => 'a'.repeat(600),
  () => '%F0%9F%92%A9',
  () => "'%22%3Cscript%3E",
  () => '-1',
  () => 'CASE%23x',
];

const STRINGS = [
  '',
  ' ',
  '\u0000\u0007\u001b[31m',
  '\r\nSet-Cookie: x=1',
  'x'.repeat(70_000),
  '<script>alert(1)</script>',
  '999999999',
  '000000000',
  '410102001',
  '19990101-000000',
  'garbage!!',
  '🙂'.repeat(3000),
  '\ud800',
];
const VALUES: (() => unknown)[] = [
  () => null,
  () => 123,
  () => -1e308,
  () => true,
  () => [],
  () => ({}),
  () => [1, 'a', null],
  () => ({ __proto__: { polluted: 1 } }),
  ...STRINGS.map((s) => () => s),
];
const FIELDS = [
  'action',
  'text',
  'internal',
  'reason',
  'toTownshipCode',
  'toTriage',
  'toDepartment',
  'ofCaseNumber',
  'townshipCode',
  'category',
  'description',
  'location',
  'stage',
  'amountYuan',
  'decision',
  'caseNumber',
  'accessKey',
  'body',
  'messageBody',
  'originationNumber',
  'upheld',
  'days',
  'deadline',
];
const ACTIONS = ['transfer', 'mark_duplicate', 'assign_township', 'accept', 'close', 'object', 'approve'];

type Body = { contentType?: string; body?: string };

/** encodeURIComponent, with a lone surrogate sent as its (invalid) UTF-8 bytes instead of throwing. */
const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};

function jsonBody(r: () => number): Body {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const kind = Math.floor(r() * 9);
  const json = (v: unknown) => ({ contentType: 'application/json', body: JSON.stringify(v) });
  switch (kind) {
    case 0:
      return { contentType: 'application/json', body: pick(['{', '{"a":', 'nul', '[1,]', '\u0000', '']) };
    case 1:
      return { contentType: 'application/json', body: r() < 0.5 ? deep(3000) : deepArray(3000) };
    case 2:
      return json(pick(VALUES)());
    case 3: {
      // An action with every field of a random type.
      const o: Record<string, unknown> = { action: pick(ACTIONS) };
      for (const f of FIELDS) if (r() < 0.4) o[f] = pick(VALUES)();
      return json(o);
    }
    case 4: {
      const o: Record<string, unknown> = {};
      for (const f of FIELDS) if (r() < 0.5) o[f] = pick(VALUES)();
      return json(o);
    }
    case 5:
      return {
        contentType: 'application/x-www-form-urlencoded',
        body: FIELDS.filter(() => r() < 0.4)
          .map((f) => `${f}=${enc(String(pick(STRINGS)))}`)
          .concat(r() < 0.5 ? ['%E4%B8=%ZZ', '&&==&'] : [`action=${pick(ACTIONS)}`, 'version=abc'])
          .join('&'),
      };
    case 6:
      return {
        contentType: 'multipart/form-data; boundary=xx',
        body: '--xx\r\nContent-Disposition: form-data; name="text"\r\n\r\n\u0000\r\n--x',
      };
    case 7:
      return { contentType: pick(['text/plain', 'application/xml', 'image/png', '']), body: '{"text":"x"}' };
    default:
      return {};
  }
}

function query(r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const parts = [
    `cursor=${enc(pick(['garbage!!', 'e30', 'eyJhIjoxfQ.AAAA', '%', 'a'.repeat(5000)]))}`,
    `limit=${pick(['-1', '0', '1e9', 'NaN', 'x'])}`,
    `stage=${pick(['approve', 'pay', 'x', ''])}`,
    `status=${pick(['assigned', '\u0000', 'x'.repeat(100)])}`,
    `township=${pick(['999999999', '4110', 'x'])}`,
    `lang=${pick(['en', 'zh', 'xx'])}`,
    `next=${enc(pick(['/staff', 'https://evil.example', '\r\nx', '//evil']))}`,
    `parent=${pick(['411081', '', 'x', '999999'])}`,
    `q=${enc(pick(STRINGS).slice(0, 200))}`,
  ];
  return parts.filter(() => r() < 0.35).join('&');
}

function identities(): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = { none: {} };
  for (const [role, token] of Object.entries(tokens)) out[role] = { authorization: `Bearer ${token}` };
  out.reporter = { 'x-access-key': known.accessKey };
  out.bad = { authorization: 'Bearer x.y.z', 'x-access-key': '%%%', cookie: 'cs_session=%%%' };
  return out;
}

/**
 * Case, event and identity items written to DynamoDB Local, as the client saw each write succeed:
 * an observer on the real client every repository of the stack shares. (A per-request Scan count
 * would cost more than the fuzz itself; the observer also sees overwrites a count would miss.) The
 * whole run is also checked by counting the items before and after.
 */
const writes: string[] = [];
type Item = Record<string, { S?: string }> | undefined;
interface WriteInput {
  TableName?: string;
  Item?: Item;
  Key?: Item;
  TransactItems?: Record<
    'Put' | 'Update' | 'Delete',
    { TableName?: string; Item?: Item; Key?: Item } | undefined
  >[];
  RequestItems?: Record<string, { PutRequest?: { Item?: Item }; DeleteRequest?: { Key?: Item } }[]>;
}
function observeWrites() {
  const keyOf = (table: string | undefined, item: Item) => {
    const pk = item?.pk?.S ?? '';
    if (table === h.tables.identity || (table === h.tables.cases && pk.startsWith('CASE#')))
      writes.push(`${table}:${pk}`);
  };
  h.db.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      const input = args.input as WriteInput;
      switch (context.commandName) {
        case 'PutItemCommand':
          keyOf(input.TableName, input.Item);
          break;
        case 'UpdateItemCommand':
        case 'DeleteItemCommand':
          keyOf(input.TableName, input.Key);
          break;
        case 'TransactWriteItemsCommand':
          for (const t of input.TransactItems ?? []) {
            const op = t.Put ?? t.Update ?? t.Delete;
            if (op) keyOf(op.TableName, op.Item ?? op.Key);
          }
          break;
        case 'BatchWriteItemCommand':
          for (const [table, reqs] of Object.entries(input.RequestItems ?? {}) as [
            string,
            Record<string, Record<string, never>>[],
          ][])
            for (const r of reqs) keyOf(table, r.PutRequest?.Item ?? r.DeleteRequest?.Key);
          break;
      }
      return out;
    },
    { step: 'initialize', name: 'fuzzWriteObserver' },
  );
}

/** Case and event items plus identity items, counted in DynamoDB Local. */
async function protectedCount(): Promise<number> {
  const count = async (TableName: string, casesOnly: boolean) => {
    let total = 0;
    let ExclusiveStartKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
    do {
      const out = await h.db.send(
        new ScanCommand({
          TableName,
          Select: 'COUNT',
          ...(casesOnly
            ? {
                FilterExpression: 'begins_with(#pk, :case)',
                ExpressionAttributeNames: { '#pk': 'pk' },
                ExpressionAttributeValues: { ':case': { S: 'CASE#' } },
              }
            : {}),
          ExclusiveStartKey,
        }),
      );
      total += out.Count ?? 0;
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return total;
  };
  const [cases, identity] = await Promise.all([count(h.tables.cases, true), count(h.tables.identity, false)]);
  return cases + identity;
}

interface RouteEntry {
  app: string;
  method: string;
  path: string;
}

function routesOf(): RouteEntry[] {
  const seen = new Set<string>();
  const out: RouteEntry[] = [];
  for (const [name, app] of Object.entries(h.apps)) {
    for (const r of (app as unknown as Hono).routes) {
      // `app.use` middleware is registered as ALL; a route is a concrete method.
      if (r.method === 'ALL' || r.path.includes('*')) continue;
      const key = `${name} ${r.method} ${r.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ app: name, method: r.method, path: r.path });
    }
  }
  return out;
}

describe('route fuzz', () => {
  it('covers every route of every app', () => {
    const routes = routesOf();
    const apps = new Set(routes.map((r) => r.app));
    for (const app of ['api', 'web', 'staff', 'reveal', 'sms', 'local'])
      expect(apps.has(app), app).toBe(true);
    expect(routes.length).toBeGreaterThan(30);
  });

  it('answers no request with a 5xx, and a refused one writes no case, event or identity', {
    timeout: 300_000,
  }, async () => {
    const routes = routesOf();
    const who = identities();
    const names = Object.keys(who);
    const failures: string[] = [];
    observeWrites();
    const before = await protectedCount();
    let acceptedWrites = 0;
    let sent = 0;
    for (const [i, route] of routes.entries()) {
      const r = rng(0x5eed + i);
      for (let n = 0; n < PER_ROUTE; n++) {
        const identity = names[(n + i) % names.length] as string;
        const path = route.path
          .replace(/:(\w+)(\{[^}]*\})?/g, () =>
            (PATH_VALUES[Math.floor(r() * PATH_VALUES.length)] as () => string)(),
          )
          .replace(/\?$/, '');
        const q = query(r);
        const body: Body = route.method === 'GET' || route.method === 'HEAD' ? {} : jsonBody(r);
        const headers: Record<string, string> = { ...who[identity] };
        if (body.contentType) headers['content-type'] = body.contentType;
        if (r() < 0.5) headers['if-match'] = r() < 0.5 ? '"1"' : 'W/"x"';
        if (r() < 0.3) headers['idempotency-key'] = r() < 0.5 ? 'k'.repeat(300) : `fuzz-${i}-${n}`;
        const url = `${path}${q ? `?${q}` : ''}`;
        // Most form posts also carry a valid CSRF token and cookie (as a browser would), so the fuzz
        // reaches the handlers behind the forgery check, not only its refusal.
        if (body.contentType === 'application/x-www-form-urlencoded' && r() < 0.7 && !headers.authorization) {
          const csrf = await csrfFor(h.app, route.path).catch(() => null);
          if (csrf) {
            body.body = `${body.body}&${CSRF_FIELD}=${encodeURIComponent(csrf.token)}`;
            Object.assign(headers, {
              origin: TEST_ORIGIN,
              'sec-fetch-site': 'same-origin',
              cookie: csrf.cookie,
            });
          }
        }
        writes.length = 0;
        let status: number;
        try {
          const send = () => h.app.request(url, { method: route.method, headers, body: body.body });
          let res = await send();
          // A storage timeout on a loaded CI machine is a true 503; a bug answers 5xx again.
          if (res.status >= 500) {
            await res.arrayBuffer();
            res = await send();
          }
          status = res.status;
          await res.arrayBuffer();
        } catch (err) {
          failures.push(`${route.method} ${url.slice(0, 120)} as ${identity}: threw ${(err as Error).name}`);
          continue;
        }
        sent++;
        const label = `${route.method} ${route.path} as ${identity} → ${status} (${url.slice(0, 100)}; ${String(body.contentType)}; ${String(body.body).slice(0, 60)})`;
        if (status >= 500) failures.push(label);
        if (status >= 400 && writes.length)
          failures.push(`wrote ${writes.join(', ')} while refusing: ${label}`);
        if (status < 400) acceptedWrites += writes.length;
      }
    }
    // Cross-check with DynamoDB Local itself: no more new items than accepted requests wrote.
    expect((await protectedCount()) - before).toBeLessThanOrEqual(acceptedWrites);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(routes.length * PER_ROUTE * 0.9);
  });
});
