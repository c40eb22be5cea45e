/** Lambda entry for static assets; the CDK bundling step copies each manifest file next to this module. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handle } from 'hono/aws-lambda';
import { createAssetsApp } from './app.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const handler = handle(createAssetsApp((asset) => join(here, asset.file)));
