/** Lambda entry for the JSON API: configuration parsed once per container, the same app as locally. */
import { handle } from 'hono/aws-lambda';
import { composeDeps } from '#functions/http/compose.ts';
import { loadConfig } from '#shared/config.ts';
import { createApiApp } from './app.ts';

export const handler = handle(createApiApp(composeDeps(loadConfig())));
