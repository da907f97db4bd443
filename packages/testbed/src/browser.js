// @ts-check
/**
 * How this project starts a browser: Debian's Chromium (or `CHROME_PATH`), headless, with the
 * switches that keep it off the internet and working as root in CI. Used by the browser tests
 * (web-test-runner.config.mjs) and the benchmark (packages/bench).
 */
export const chromiumPath = process.env.CHROME_PATH || '/usr/bin/chromium';

export const chromiumArgs = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
]);
