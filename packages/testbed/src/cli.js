// @ts-check
/**
 * What `bin/testbed.js` and `bin/start.js` share: port options, the URL banner, clean shutdown.
 */

/** Preferred ports of `npm start` / `npm run testbed`; busy ones fall back to free ports. */
export const DEFAULT_PORTS = Object.freeze({ services: 8787, gateway: 8788 });

/**
 * A TCP port from the command line.
 * @param {string | undefined} value
 * @param {string} option
 * @param {number} fallback
 * @returns {number}
 */
export function parsePort(value, option, fallback) {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new Error(`${option} must be a port number from 0 to 65535, got "${value}"`);
  return port;
}

/**
 * The URLs, and what each one is for, in French and English.
 * @param {import('./index.js').TestbedUrls} urls
 * @returns {string}
 */
export function describeUrls(urls) {
  return [
    'Banc d’essai Suite widgets / Suite widgets testbed',
    '',
    `  Portail de démo / Demo portal         ${urls.portal}`,
    `  Passerelle / Gateway (CORS, pannes)   ${urls.gateway}`,
    `  Liste des services (via passerelle)   ${urls.services}`,
    `  Services JSON (direct)                ${urls.servicesDirect}`,
    `  Pannes / Faults API                   ${urls.gateway}/__testbed/faults`,
    '',
  ].join('\n');
}

/**
 * Runs `shutdown` once on SIGINT or SIGTERM, then exits with its code. A second signal while
 * shutting down exits at once with code 1.
 * @param {(signal: NodeJS.Signals) => Promise<number>} shutdown resolves with the exit code
 * @param {(message: string) => void} [log]
 */
export function onShutdownSignal(shutdown, log = console.error) {
  let shuttingDown = false;
  /** @param {NodeJS.Signals} signal */
  const handler = (signal) => {
    if (shuttingDown) {
      log(`testbed: ${signal} again, exiting now`);
      process.exit(1);
    }
    shuttingDown = true;
    shutdown(signal).then(
      (code) => process.exit(code),
      (/** @type {unknown} */ error) => {
        log(`testbed: shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
