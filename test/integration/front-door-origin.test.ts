/**
 * Form posts through the front door: CloudFront replaces Host with API Gateway's name, so the
 * request URL is the execute-api address while the browser's Origin is the public name. The
 * viewer-host header (set by the distribution's function) makes the origin check pass, but only
 * next to the origin secret: a client calling API Gateway directly cannot name a host of its choosing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_FIELD } from '#functions/http/csrf.tsx';
import { EDGE_SECRET_HEADER, VIEWER_HOST_HEADER } from '#functions/http/source.ts';
import { createWebApp } from '#functions/web/app.tsx';
import { PublicRepository } from '#shared/repositories/public-repository.ts';
import { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { csrfFor } from '../support/browser-form.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

const SECRET = 'origin-secret-of-the-test-distribution';
const API = 'https://abc123.execute-api.ap-east-1.amazonaws.com';
const VIEWER = 'jubao.example.cn';

let h: Harness;
let web: ReturnType<typeof createWebApp>;
let filed: { caseNumber: string; accessKey: string };

/** A browser behind CloudFront: every request reaches the app at API Gateway's address. */
const through = (edge: Record<string, string>) => ({
  request: (path: string, init: RequestInit = {}) =>
    web.request(`${API}${path}`, {
      ...init,
      headers: { ...edge, ...(init.headers as Record<string, string>) },
    }),
});
const frontDoor = { [EDGE_SECRET_HEADER]: SECRET, [VIEWER_HOST_HEADER]: VIEWER };

/** The follow-up sign-in as an older browser posts it: Origin, no Sec-Fetch-Site. */
async function signIn(edge: Record<string, string>): Promise<Response> {
  const client = through(edge);
  const csrf = await csrfFor(client, '/follow-up');
  return client.request('/follow-up', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: `https://${VIEWER}`,
      cookie: csrf.cookie,
    },
    body: new URLSearchParams({ ...filed, [CSRF_FIELD]: csrf.token }).toString(),
  });
}

beforeAll(async () => {
  h = await createHarness();
  web = createWebApp({
    ...h.deps,
    edgeSecret: SECRET,
    rewards: new RewardRepository(h.db, h.tables, h.deps.cases),
    publicRecords: new PublicRepository(h.db, h.tables),
  });
  filed = (await (await postJson(h.app, '/api/v1/reports', reportBody())).json()) as typeof filed;
});
afterAll(async () => {
  await h.cleanup();
});

describe('the forged-form origin check behind the front door', () => {
  it('accepts a form posted from the public name when the origin secret vouches for the viewer host', async () => {
    const res = await signIn(frontDoor);
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('chuishao_session='))).toBe(true);
  });

  it('refuses the same post with a forged viewer host (no secret, or a wrong one)', async () => {
    const forged: Record<string, string>[] = [
      { [VIEWER_HOST_HEADER]: VIEWER },
      { [VIEWER_HOST_HEADER]: VIEWER, [EDGE_SECRET_HEADER]: 'a-wrong-secret-of-the-same-size!!!!!!' },
    ];
    for (const edge of forged) {
      const res = await signIn(edge);
      expect(res.status).toBe(403);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('chuishao_session='))).toBe(false);
    }
  });

  it('ignores a viewer host that is not a plain host name, even with the secret', async () => {
    const res = await signIn({ ...frontDoor, [VIEWER_HOST_HEADER]: `${VIEWER}/x@evil.example` });
    expect(res.status).toBe(403);
  });
});
