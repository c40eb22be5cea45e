/**
 * The shape of one entry of the route table (functions/route-table/table.ts) and the helpers that
 * write one. An entry says everything the deployment, the local router, the agreement test and the
 * OpenAPI document need to know about a route, so none of them keeps a list of its own.
 */
import type * as z from 'zod/mini';

/** The function (Lambda in AWS, app behind the local router) that serves a route. */
export type RouteFunction = 'api' | 'web' | 'assets' | 'staff' | 'reveal' | 'supervision' | 'sms' | 'local';

/**
 * Who may call a route:
 * - `none`: anyone (citizen pages, the directory, health);
 * - `access-key`: the reporter, with the case number and its access key (`X-Access-Key`);
 * - `reporter-session`: the reporter's follow-up pages, after signing in with case number and key
 *   (an opaque HttpOnly session cookie);
 * - `staff-bearer`: staff API clients, a Cognito ID token as `Authorization: Bearer` (checked by
 *   API Gateway's JWT authorizer and again by the app);
 * - `staff-cookie`: the consoles, the same token in an HttpOnly cookie (checked by the app);
 * - `hmac`: the SMS gateway's signed webhook;
 * - `local`: `npm start` only (token issuer, outbox); never deployed.
 */
export type RouteAuth =
  | 'none'
  | 'access-key'
  | 'reporter-session'
  | 'staff-bearer'
  | 'staff-cookie'
  | 'hmac'
  | 'local';

/** `json`: a JSON API route (documented); `file`: an API download (documented); `page`: HTML. */
export type RouteKind = 'json' | 'file' | 'page';

export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResponseDoc {
  description: string;
  /** A JSON body. */
  schema?: z.ZodMiniType;
  /** Another body (a file, CSV), as an OpenAPI content object. */
  content?: Record<string, unknown>;
}

/** What the OpenAPI document says of a JSON or file route, as the schemas the handlers validate with. */
export interface RouteDoc {
  params?: z.ZodMiniObject;
  query?: z.ZodMiniObject;
  headers?: z.ZodMiniObject;
  body?: z.ZodMiniType;
  /** A request body that is not JSON (multipart uploads), as an OpenAPI requestBody object. */
  requestBody?: Record<string, unknown>;
  responses: Record<number, ResponseDoc>;
}

export interface RouteEntry {
  method: HttpVerb;
  /** Hono syntax, as the app registers it: `/api/v1/reports/:caseNumber`. */
  path: string;
  fn: RouteFunction;
  auth: RouteAuth;
  kind: RouteKind;
  /** Chinese first, then English. */
  summary: string;
  tags: string[];
  doc?: RouteDoc;
}

const splitKey = (key: `${HttpVerb} /${string}`) => {
  const [method, path] = key.split(' ') as [HttpVerb, string];
  return { method, path };
};

const documented =
  (kind: 'json' | 'file') =>
  (
    key: `${HttpVerb} /${string}`,
    fn: RouteFunction,
    auth: RouteAuth,
    summary: string,
    tags: string[],
    doc: RouteDoc,
  ): RouteEntry => ({ ...splitKey(key), fn, auth, kind, summary, tags, doc });

/** A JSON API route with its request and response schemas. */
export const json = documented('json');

/** An API route that answers with a file (evidence, a CSV batch). */
export const file = documented('file');

/** A server-rendered page, a form post or a console download: HTML for people, not documented. */
export const page = (
  key: `${HttpVerb} /${string}`,
  fn: RouteFunction,
  auth: RouteAuth,
  summary: string,
  tags: string[] = ['Pages'],
): RouteEntry => ({ ...splitKey(key), fn, auth, kind: 'page', summary, tags });

/** `/a/:id/b` → `/a/{id}/b` (OpenAPI and API Gateway); a trailing `*` becomes `{proxy+}`. */
export function templatePath(honoPath: string): string {
  return honoPath
    .split('/')
    .map((seg) => {
      if (seg === '*') return '{proxy+}';
      const m = /^:([A-Za-z0-9_]+)(\{.*\})?\??$/.exec(seg);
      return m ? `{${m[1]}}` : seg;
    })
    .join('/');
}

/** The names of a path's parameters, in order. */
export const pathParams = (honoPath: string): string[] =>
  [...templatePath(honoPath).matchAll(/\{([^}+]+)\}/g)].map((m) => m[1] as string);
