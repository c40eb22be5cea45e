/**
 * One Chromium for the whole browser-test run: started once here and reached by every file over
 * Playwright's WebSocket, instead of a launch per file (seconds each on a busy machine). Each file
 * still works in contexts of its own, closed when it ends, so files see nothing of each other.
 */
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the run's Chromium listens (playwright-core's `connect`). */
    browserWsEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  // launchServer() always starts from a fresh temporary profile (it refuses a --user-data-dir flag).
  const server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  project.provide('browserWsEndpoint', server.wsEndpoint());
  return async () => {
    await server.close();
  };
}
