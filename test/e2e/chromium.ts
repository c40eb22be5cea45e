/**
 * Debian's Chromium as the browser tests run it. It must be at /usr/bin/chromium (`.ci/run` installs
 * it); never `npx playwright install`.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Without the background-networking flags Chromium calls out to Google hosts the sandbox refuses. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
