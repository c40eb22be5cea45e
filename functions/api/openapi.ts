/**
 * A small OpenAPI 3.1 builder over zod's own JSON Schema output: each route states its params,
 * headers, body and responses as the same zod schemas the handlers validate with.
 */
import * as z from 'zod/mini';
import { schemaRegistry } from '#functions/http/schemas.ts';

type Schema = z.ZodMiniType;

export interface RouteDoc {
  method: 'get' | 'post';
  /** OpenAPI path template, e.g. `/api/v1/reports/{caseNumber}`. */
  path: string;
  summary: string;
  tags: string[];
  params?: z.ZodMiniObject;
  query?: z.ZodMiniObject;
  headers?: z.ZodMiniObject;
  body?: Schema;
  /** A request body that is not JSON (multipart uploads), as an OpenAPI requestBody object. */
  requestBody?: Record<string, unknown>;
  responses: Record<number, { description: string; schema?: Schema }>;
}

const COMPONENT = (id: string) => `#/components/schemas/${id}`;

function schemaRef(schema: Schema): Record<string, unknown> {
  const id = schemaRegistry.get(schema)?.id;
  if (id) return { $ref: COMPONENT(id) };
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    metadata: schemaRegistry,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

function parameters(where: 'path' | 'query' | 'header', obj?: z.ZodMiniObject) {
  if (!obj) return [];
  const json = z.toJSONSchema(obj, { io: 'input', metadata: schemaRegistry }) as {
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

export function buildOpenApiDocument(
  routes: RouteDoc[],
  info: { title: string; version: string; description: string },
) {
  const { schemas } = z.toJSONSchema(schemaRegistry, { io: 'input', uri: COMPONENT, unrepresentable: 'any' });
  const components: Record<string, unknown> = {};
  for (const [id, s] of Object.entries(schemas)) {
    const { $schema: _, id: _id, ...rest } = s as Record<string, unknown>;
    components[id] = rest;
  }
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: r.tags,
      parameters: [
        ...parameters('path', r.params),
        ...parameters('query', r.query),
        ...parameters('header', r.headers),
      ],
      responses: Object.fromEntries(
        Object.entries(r.responses).map(([status, res]) => [
          status,
          {
            description: res.description,
            ...(res.schema ? { content: { 'application/json': { schema: schemaRef(res.schema) } } } : {}),
          },
        ]),
      ),
    };
    if (r.body)
      op.requestBody = { required: true, content: { 'application/json': { schema: schemaRef(r.body) } } };
    if (r.requestBody) op.requestBody = r.requestBody;
    paths[r.path] ??= {};
    (paths[r.path] as Record<string, unknown>)[r.method] = op;
  }
  return { openapi: '3.1.0', info, paths, components: { schemas: components } };
}
