/**
 * Where the API function gets its OpenAPI document. Generating it takes the whole route table, every
 * staff schema and zod's JSON Schema output — more code than the rest of the API — so the deployed
 * function serves a file generated at build time from the same generator (functions/api/openapi.ts,
 * written beside the bundle while `cdk synth` bundles it), and `npm start` and the tests generate it
 * in process. This module imports neither zod nor the route table.
 */
import { readFileSync } from 'node:fs';

/** The document as JSON text, produced once and kept. */
export type OpenApiSource = () => string;

/** The file name the API bundle ships its document under, beside `index.mjs`. */
export const OPENAPI_FILE = 'openapi.json';

/** The document shipped beside the running bundle (read on the first request, then kept). */
export function shippedOpenApi(dir: URL = new URL('.', import.meta.url)): OpenApiSource {
  let text: string | undefined;
  return () => (text ??= readFileSync(new URL(OPENAPI_FILE, dir), 'utf8'));
}
