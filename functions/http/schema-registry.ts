/**
 * The registry that turns the API's zod schemas into the OpenAPI document
 * (functions/api/openapi.ts): a schema registered with an `id` becomes a component, and its
 * description and examples show in the document. Its own module because the public API's schemas,
 * the report's and the staff API's all register here.
 */
import * as z from 'zod/mini';

export interface SchemaMeta {
  id?: string;
  description?: string;
  examples?: unknown[];
  /** JSON Schema alternatives shown in the document (the questionnaire's answers by category). */
  oneOf?: unknown[];
}

/** Schemas with an `id` become components of the OpenAPI document. */
export const schemaRegistry = z.registry<SchemaMeta>();
/** Registers a schema's documentation and returns the schema, so it can wrap a definition. */
export const doc = <S extends z.ZodMiniType>(schema: S, meta: SchemaMeta): S => {
  schemaRegistry.add(schema, meta as never);
  return schema;
};
