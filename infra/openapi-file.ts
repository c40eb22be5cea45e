/**
 * The API's OpenAPI document as a file for the API bundle to ship (functions/api/openapi-source.ts):
 * generated at synth from the route table, by the same generator `npm start` serves from, into a
 * folder of its own that is removed when the synth process ends.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiJson } from '../functions/api/openapi.ts';
import { OPENAPI_FILE } from '../functions/api/openapi-source.ts';

let file: string | undefined;

/** The path of the generated document (written on first use, once per process). */
export function openApiFile(): string {
  if (file) return file;
  const dir = mkdtempSync(join(tmpdir(), 'chuishao-openapi-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, OPENAPI_FILE);
  writeFileSync(path, openApiJson());
  file = path;
  return path;
}
