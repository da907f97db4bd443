// @ts-check
/**
 * What `bin/testbed.js` and `bin/start.js` share: port options, the URL banner, clean shutdown.
 */

/** Preferred ports of `npm start` / `npm run testbed`; busy ones fall back to free ports. */
export const DEFAULT_PORTS = Object.freeze({ services: 8787, gateway: 8788, oidc: 8789, whoami: 8790, webdav: 8791 });

/** The `--port-<component>` options of the bin scripts, for node:util's parseArgs. */
export const PORT_OPTIONS = Object.freeze(
  Object.fromEntries(Object.keys(DEFAULT_PORTS).map((name) => [`port-${name}`, /** @type {const} */ ({ type: 'string' })])),
);

/**
 * The preferred ports from parsed `--port-<component>` options, defaults for the others.
 * @param {Record<string, string | boolean | undefined>} values
 * @returns {Record<keyof typeof DEFAULT_PORTS, number>}
 */
export function portsFrom(values) {
  const port = (/** @type {keyof typeof DEFAULT_PORTS} */ name) => {
    const value = values[`port-${name}`];
    return parsePort(typeof value === 'string' ? value : undefined, `--port-${name}`, DEFAULT_PORTS[name]);
  };
  return { services: port('services'), gateway: port('gateway'), oidc: port('oidc'), whoami: port('whoami'), webdav: port('webdav') };
}

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
 * The URLs, and what each one is for, in French and English; with the OIDC provider's clients
 * and test accounts when given (a local testbed: its client secret may be printed).
 * @param {import('./index.js').TestbedUrls} urls
 * @param {Pick<import('./oidc.js').OidcServer, 'clients' | 'users'>} [oidc]
 * @returns {string}
 */
export function describeUrls(urls, oidc) {
  const accounts = oidc ? oidc.users.map((user) => `${user.username} / ${user.password}`).join(', ') : '';
  return [
    'Banc d’essai Suite widgets / Suite widgets testbed',
    '',
    `  Portail de démo / Demo portal         ${urls.portal}`,
    `  Passerelle / Gateway (CORS, pannes)   ${urls.gateway}`,
    `  Liste des services (via passerelle)   ${urls.services}`,
    `  Services JSON (direct)                ${urls.servicesDirect}`,
    `  Pannes / Faults API                   ${urls.gateway}/__testbed/faults`,
    `  Fournisseur OIDC / OIDC issuer        ${urls.oidcIssuer}`,
    `  Réglages OIDC / OIDC control          ${urls.oidcIssuer}/__testbed/oidc`,
    `  Ressource / whoami (Bearer)           ${urls.whoami}`,
    `  WebDAV (via passerelle / gateway)     ${urls.webdav}  (Basic ou / or Bearer)`,
    `  WebDAV Apache (direct, Basic)         ${urls.webdavDirect}`,
    ...(oidc
      ? [
          '',
          `  Comptes de test / Test accounts       ${accounts}`,
          `  Dossiers WebDAV / WebDAV homes        ${urls.webdav}<compte|account>/, ${urls.webdav}public/ (lecture / read-only)`,
          `  Client public / Public client         ${oidc.clients.public.clientId} (PKCE, pas de secret / no secret)`,
          `  Client confidentiel / Confidential    ${oidc.clients.confidential.clientId} (client_secret_post)`,
          `  Secret du client / Client secret      ${oidc.clients.confidential.clientSecret}`,
        ]
      : []),
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
