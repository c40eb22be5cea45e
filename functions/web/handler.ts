/** Lambda entry for the citizen pages: the same app as locally, built once per container. */
import { handle } from 'hono/aws-lambda';
import { composeDeps } from '#functions/http/compose.ts';
import { loadConfig } from '#shared/config.ts';
import { createWebApp } from './app.tsx';

export const handler = handle(createWebApp(composeDeps(loadConfig())));
