/**
 * The OpenAPI 3.1 document, generated from the route table (functions/route-table/) with zod's own
 * JSON Schema output: every JSON route and API download, with the schemas the handlers validate
 * with, the way each is authorised (the staff API's bearer token, the reporter's access key, the
 * gateway's signature) and the house error shape (functions/http/errors.ts) for every error.
 *
 * It runs at build time (the API bundle ships the result as a file, see openapi-source.ts) and in
 * `npm start`; the API bundle never imports it, so it carries neither the table nor toJSONSchema.
 */
import * as z from 'zod/mini';
import { ErrorSchema, schemaRegistry } from '#functions/http/schemas.ts';
import {
  documentedRoutes,
  pathParams,
  type RouteAuth,
  type RouteEntry,
  templatePath,
} from '#functions/route-table/table.ts';
import { SIGNATURE_HEADER } from '#functions/sms/gateway-message.ts';

type Schema = z.ZodMiniType;

const COMPONENT = (id: string) => `#/components/schemas/${id}`;

const SECURITY_SCHEMES = {
  staffBearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A Cognito ID token of a staff member (locally: POST /local/token). Role and jurisdiction are checked on every request.',
  },
  accessKey: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Access-Key',
    description: 'The 16-digit access key shown once when the report was filed.',
  },
  gatewaySignature: {
    type: 'apiKey',
    in: 'header',
    name: SIGNATURE_HEADER,
    description: 'Hex HMAC-SHA256 of `<timestamp>.<raw body>` under the shared secret.',
  },
} as const;

const SECURITY: Partial<Record<RouteAuth, Record<string, string[]>[]>> = {
  'staff-bearer': [{ staffBearer: [] }],
  'access-key': [{ accessKey: [] }],
  hmac: [{ gatewaySignature: [] }],
};

function schemaRef(schema: Schema): Record<string, unknown> {
  const id = schemaRegistry.get(schema)?.id;
  if (id) return { $ref: COMPONENT(id) };
  const {
    $schema: _,
    $defs: __,
    ...rest
  } = z.toJSONSchema(schema, {
    io: 'input',
    metadata: schemaRegistry,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  // Registered schemas inside come out as local `$defs`; in the document they are components.
  return JSON.parse(JSON.stringify(rest).replaceAll('"#/$defs/', `"${COMPONENT('')}`));
}

function parameters(where: 'path' | 'query' | 'header', obj?: z.ZodMiniObject) {
  if (!obj) return [];
  const json = z.toJSONSchema(obj, { io: 'input', metadata: schemaRegistry, unrepresentable: 'any' }) as {
    properties?: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(schema.description ? { description: schema.description } : {}),
    schema,
  }));
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: COMPONENT('Error') } } },
});

/** Errors every route of its kind can answer, in the house shape, unless the route says more. */
function defaultErrors(r: RouteEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const doc = r.doc;
  if (doc?.body || doc?.requestBody || doc?.query || doc?.params || doc?.headers)
    out['400'] = errorResponse('Invalid field(s), named in `error.fields` (English and Chinese)');
  if (r.auth === 'staff-bearer') {
    out['401'] = errorResponse('No valid staff token');
    out['403'] = errorResponse('Your role may not do this');
  }
  out['5XX'] = errorResponse(
    'Unexpected error (a request id, never details), or storage unavailable (Retry-After)',
  );
  return out;
}

function operation(r: RouteEntry) {
  const doc = r.doc ?? { responses: {} };
  // Path parameters the route names but no schema describes are still declared (as text).
  const declared = new Set(Object.keys(doc.params?.shape ?? {}));
  const undeclared = pathParams(r.path)
    .filter((name) => !declared.has(name))
    .map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const responses: Record<string, unknown> = defaultErrors(r);
  for (const [status, res] of Object.entries(doc.responses)) {
    responses[status] = {
      description: res.description,
      ...(res.schema ? { content: { 'application/json': { schema: schemaRef(res.schema) } } } : {}),
      ...(res.content ? { content: res.content } : {}),
    };
  }
  const security = SECURITY[r.auth];
  return {
    operationId: `${r.method.toLowerCase()}${templatePath(r.path).replace(/[^A-Za-z0-9]+(.)?/g, (_, c?: string) => (c ? c.toUpperCase() : ''))}`,
    summary: r.summary,
    tags: r.tags,
    ...(security ? { security } : { security: [] }),
    parameters: [
      ...parameters('path', doc.params),
      ...undeclared,
      ...parameters('query', doc.query),
      ...parameters('header', doc.headers),
    ],
    ...(doc.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: schemaRef(doc.body) } } } }
      : {}),
    ...(doc.requestBody ? { requestBody: doc.requestBody } : {}),
    responses,
  };
}

/** What the served document says of itself. */
export const API_INFO = {
  title: 'Chuishao 吹哨 — work-safety tip hotline API',
  version: '1.0.0',
  description:
    'Confidential reporting of work-safety hazards, illegal production and concealed accidents, and the staff case work behind it. Errors name each bad field in English and Chinese.',
};

let generated: string | undefined;

/**
 * The document as the API serves it (JSON text, generated once): written beside the API bundle at
 * build time (infra/stateless-stack.ts) and served from memory by `npm start`.
 */
export function openApiJson(): string {
  generated ??= JSON.stringify(buildOpenApiDocument(API_INFO));
  return generated;
}

export function buildOpenApiDocument(
  info: { title: string; version: string; description: string },
  routes: readonly RouteEntry[] = documentedRoutes(),
) {
  // Referenced here so the error shape is a component even if no route named it.
  void ErrorSchema;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = templatePath(r.path);
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[r.method.toLowerCase()] = operation(r);
  }
  const { schemas } = z.toJSONSchema(schemaRegistry, { io: 'input', uri: COMPONENT, unrepresentable: 'any' });
  const components: Record<string, unknown> = {};
  for (const [id, s] of Object.entries(schemas)) {
    const { $schema: _, id: _id, ...rest } = s as Record<string, unknown>;
    components[id] = rest;
  }
  return {
    openapi: '3.1.0',
    info,
    tags: [...new Set(routes.flatMap((r) => r.tags))].map((name) => ({ name })),
    paths,
    components: { schemas: components, securitySchemes: SECURITY_SCHEMES },
  };
}
