/** Lambda entry for the API: configuration parsed once per container, the same app as locally. */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '#shared/config.ts';
import { createApp } from './app.ts';
import { composeDeps } from './compose.ts';

export const handler = handle(createApp(composeDeps(loadConfig())));
