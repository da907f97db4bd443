// @ts-check
/**
 * The testbed: real servers on loopback for integration tests, Storybook and the demo portal.
 *
 * Each backend is a component with `start` (which returns its `stop`). They start in order; if
 * one fails, those already started are stopped (newest first) and the error says which one.
 * Besides the services server and the gateway: an OpenID Connect provider set up like ProConnect,
 * `whoami`, a resource server that checks its bearer tokens, the portal's BFF, and Apache httpd
 * with mod_dav behind the gateway's `/dav/` (bearer tokens turned into Basic credentials).
 * To add a backend (Cyrus JMAP, Synapse): write its
 * `start…({host, port, log})` in its own module, add a component below that starts it and
 * routes a gateway prefix to it, and add its URLs to `TestbedUrls`.
 */
import { isAddressInUse, messageOf } from './http-util.js';
import { startGateway } from './gateway.js';
import { startServicesServer } from './services-server.js';
import { startOidcProvider } from './oidc.js';
import { createBearerVerifier } from './bearer.js';
import { startWhoami } from './whoami.js';
import { startTestbedBff } from './bff.js';
import { FILES_AUDIENCE, createBearerAuthorizer, startWebdav } from './webdav.js';

export { startGateway, validateFault, MALFORMED_BODY } from './gateway.js';
export { startServicesServer, DEFAULT_CDN_DIR } from './services-server.js';
export { SERVICES_SEED, VARIANTS, logoSvg, servicesPayload } from './seed/services.js';
export { startOidcProvider, OIDC_USERS, OIDC_SCOPES, DEFAULT_OIDC_SETTINGS, CONFIDENTIAL_CLIENT_ID, PUBLIC_CLIENT_ID, RESOURCE } from './oidc.js';
export { createBearerVerifier } from './bearer.js';
export { startWhoami } from './whoami.js';
export { startWebdav, createBearerAuthorizer, APACHE_BIN, WEBDAV_REALM, FILES_AUDIENCE } from './webdav.js';
export { FILES_SEED, SEED_OWNERS, seedTree, seedChildren } from './seed/files.js';

/** Origins besides the portal's where the public OIDC client may redirect and call from (Storybook). */
export const DEFAULT_OIDC_ORIGINS = Object.freeze(['http://localhost:6006', 'http://127.0.0.1:6006']);

/** @typedef {import('./http-util.js').Log} Log */
/** @typedef {import('./gateway.js').Gateway} Gateway */
/** @typedef {import('./gateway.js').Fault} Fault */
/** @typedef {import('./gateway.js').ActiveFault} ActiveFault */
/** @typedef {import('./services-server.js').ServicesServer} ServicesServer */
/** @typedef {import('./oidc.js').OidcServer} OidcServer */
/** @typedef {import('./whoami.js').WhoamiServer} WhoamiServer */
/** @typedef {import('./bearer.js').BearerVerifier} BearerVerifier */
/** @typedef {import('./webdav.js').WebdavServer} WebdavServer */

/**
 * @typedef {object} TestbedUrls
 * @property {string} gateway the gateway's base URL: every backend, CORS for any origin, faults
 * @property {string} services the services JSON through the gateway (`<gateway>/services/api/services`)
 * @property {string} servicesDirect the services JSON from the services server itself
 * @property {string} portal the demo portal page
 * @property {string} oidcIssuer the OpenID Connect provider's issuer (discovery at `<issuer>/.well-known/openid-configuration`)
 * @property {string} whoami the resource server's `GET /whoami` (needs `Authorization: Bearer <jwt>`)
 * @property {string} bff the portal's backend-for-frontend (`@suite-widgets/bff`), mounted at `<portal>/bff`
 * @property {string} webdav the WebDAV root through the gateway (`<gateway>/dav/`; homes at `<webdav><username>/`): what widgets use. Basic (`alice:alice-password`) or `Bearer <jwt>` of the OIDC provider or the BFF (audience `files`)
 * @property {string} webdavDirect the same root on Apache itself (`http://127.0.0.1:<port>/dav/`, Basic only, no CORS)
 */

/**
 * @typedef {object} Testbed
 * @property {TestbedUrls} urls
 * @property {Gateway} gateway
 * @property {ServicesServer} servicesServer
 * @property {OidcServer} oidc the OpenID Connect provider (clients, users, TTLs, stats, redirect targets)
 * @property {WhoamiServer} whoami
 * @property {BearerVerifier} bearer what whoami trusts; `bearer.addTrusted(…)` for more issuers
 * @property {import('./bff.js').TestbedBff} bff the portal's backend-for-frontend
 * @property {WebdavServer} webdav Apache with mod_dav: `users`, `dataDir`, `reset()` (back to the seed), `errorLog()`, `timings`
 * @property {() => Promise<void>} stop stops everything; safe to call more than once
 */

/**
 * @typedef {object} TestbedOptions
 * @property {string} [host] default `127.0.0.1`
 * @property {{services?: number, gateway?: number, oidc?: number, whoami?: number, webdav?: number}} [ports] preferred ports; a busy one falls back to a free port. Default: free ports.
 * @property {readonly string[]} [oidcOrigins] origins, besides the portal's, where the public OIDC client may redirect and call from; default {@link DEFAULT_OIDC_ORIGINS} (Storybook)
 * @property {string} [cdnDir] the CDN build served under `/cdn/`; default `<repo>/dist/cdn`
 * @property {Log} [log] default `console.log`
 */

/**
 * One backend of the testbed.
 * @typedef {object} Component
 * @property {string} name
 * @property {() => Promise<() => Promise<void>>} start starts it and returns how to stop it
 */

/**
 * Starts the components in order. If one fails, stops the started ones (newest first) and
 * rethrows, naming the component. Returns a `stop` for all of them, newest first, idempotent.
 * @param {Component[]} components
 * @param {Log} log
 * @returns {Promise<() => Promise<void>>}
 */
export async function startComponents(components, log) {
  /** @type {{name: string, stop: () => Promise<void>}[]} */
  const started = [];
  const stopStarted = async () => {
    /** @type {unknown[]} */
    const errors = [];
    for (const { name, stop } of started.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        log(`testbed: stopping ${name} failed: ${messageOf(error)}`);
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, `testbed: ${errors.length} component(s) did not stop cleanly`);
  };
  for (const component of components) {
    try {
      started.push({ name: component.name, stop: await component.start() });
    } catch (error) {
      await stopStarted().catch(() => {});
      throw new Error(`testbed: could not start the ${component.name}: ${messageOf(error)}`, { cause: error });
    }
  }
  /** @type {Promise<void> | undefined} */
  let stopping;
  return () => (stopping ??= stopStarted());
}

/**
 * Starts a server on its preferred port, or on a free one if that port is taken.
 * @template T
 * @param {string} name
 * @param {number} preferred
 * @param {(port: number) => Promise<T>} start
 * @param {Log} log
 * @returns {Promise<T>}
 */
export async function withPortFallback(name, preferred, start, log) {
  try {
    return await start(preferred);
  } catch (error) {
    if (preferred === 0 || !isAddressInUse(error)) throw error;
    log(`testbed: port ${preferred} is busy, the ${name} takes a free port instead`);
    return start(0);
  }
}

/**
 * Sets up a server that has just started; if that throws, the server is closed and the error
 * rethrown (a component that fails must not leave its server listening).
 * @template {{close: () => unknown}} T
 * @param {T} started
 * @param {(server: T) => void} configure
 * @returns {Promise<T>}
 */
async function configuredOrClosed(started, configure) {
  try {
    configure(started);
  } catch (error) {
    await started.close();
    throw error;
  }
  return started;
}

/**
 * The portal's origin, and its `localhost` twin when it is on 127.0.0.1.
 * @param {string} portalUrl
 */
function portalOrigins(portalUrl) {
  const url = new URL(portalUrl);
  if (url.hostname !== '127.0.0.1') return [url.origin];
  return [url.origin, `${url.protocol}//localhost:${url.port}`];
}

/**
 * Starts the testbed: the services server, the gateway in front of it, the OpenID Connect
 * provider, the whoami resource server, the BFF and the WebDAV server.
 * @param {TestbedOptions} [options]
 * @returns {Promise<Testbed>}
 */
export async function startTestbed({ host = '127.0.0.1', ports = {}, cdnDir, oidcOrigins = DEFAULT_OIDC_ORIGINS, log = console.log } = {}) {
  /** @type {ServicesServer | undefined} */
  let servicesServer;
  /** @type {Gateway | undefined} */
  let gateway;
  /** @type {OidcServer | undefined} */
  let oidc;
  /** @type {WhoamiServer | undefined} */
  let whoami;
  /** @type {BearerVerifier | undefined} */
  let bearer;
  /** @type {import('./bff.js').TestbedBff | undefined} */
  let bff;
  /** @type {WebdavServer | undefined} */
  let webdav;

  /** @type {Component[]} */
  const components = [
    {
      name: 'services server',
      async start() {
        const portalValues = () => ({
          OIDC_ISSUER: oidc?.issuer ?? '',
          OIDC_PUBLIC_CLIENT: oidc?.clients.public.clientId ?? '',
          WHOAMI_URL: whoami?.whoamiUrl ?? '',
          // The pickers' WebDAV root through the gateway (the page adds the signed-in agent's uid).
          WEBDAV: gateway && webdav ? `${gateway.url}/dav/` : '',
        });
        /** @type {import('./services-server.js').ServicesServerOptions['handlers']} */
        const handlers = [(req, res) => bff?.handler(req, res) ?? Promise.resolve(false)];
        const server = await withPortFallback(
          'services server',
          ports.services ?? 0,
          (port) => startServicesServer({ host, port, log, gatewayUrl: () => gateway?.url, portalValues, handlers, ...(cdnDir ? { cdnDir } : {}) }),
          log,
        );
        servicesServer = server;
        return () => server.close();
      },
    },
    {
      name: 'gateway',
      async start() {
        const services = servicesServer;
        if (!services) throw new Error('the services server must start before the gateway');
        const started = await configuredOrClosed(
          await withPortFallback('gateway', ports.gateway ?? 0, (port) => startGateway({ host, port, log }), log),
          (server) => server.addRoute('/services/', services.url),
        );
        gateway = started;
        return () => started.close();
      },
    },
    {
      name: 'oidc provider',
      async start() {
        const services = servicesServer;
        if (!services) throw new Error('the services server must start before the OIDC provider');
        const portal = new URL(services.url).origin;
        const started = await configuredOrClosed(
          await withPortFallback('oidc provider', ports.oidc ?? 0, (port) => startOidcProvider({ host, port, log }), log),
          (server) =>
            server.setRedirectTargets({
              publicRedirectOrigins: [...new Set([...portalOrigins(services.url), ...oidcOrigins])],
              confidentialRedirectUris: [`${portal}/bff/callback`],
              confidentialPostLogoutRedirectUris: [`${portal}/`, `${portal}/login/bff.html`],
            }),
        );
        oidc = started;
        return () => started.close();
      },
    },
    {
      name: 'whoami',
      async start() {
        const provider = oidc;
        if (!provider) throw new Error('the OIDC provider must start before whoami');
        const verifier = createBearerVerifier([{ issuer: provider.issuer, jwksUri: provider.jwksUri, audience: provider.resource }]);
        const started = await withPortFallback('whoami', ports.whoami ?? 0, (port) => startWhoami({ host, port, verifier, log }), log);
        bearer = verifier;
        whoami = started;
        return () => started.close();
      },
    },
    {
      name: 'backend-for-frontend',
      async start() {
        if (!servicesServer || !oidc || !bearer) throw new Error('the portal, the OIDC provider and whoami must start before the BFF');
        const started = await startTestbedBff({ portalUrl: servicesServer.url, oidc, bearer, log });
        bff = started;
        return async () => {
          bff = undefined;
          started.close();
        };
      },
    },
    {
      name: 'WebDAV server (Apache httpd)',
      async start() {
        const provider = oidc;
        const front = gateway;
        if (!provider || !front || !bearer) throw new Error('the gateway, the OIDC provider and whoami must start before the WebDAV server');
        const users = provider.users.map(({ username, password, sub }) => ({ username, password, sub }));
        const verifier = bearer;
        const started = await configuredOrClosed(
          await withPortFallback('WebDAV server', ports.webdav ?? 0, (port) => startWebdav({ host, port, log, users }), log),
          // Bearer tokens of the provider (its resource) or of the BFF (audience "files") → the account's Basic.
          (server) => front.addRoute('/dav/', server.url, { authorize: createBearerAuthorizer({ verifier, users: server.users, audiences: [provider.resource, FILES_AUDIENCE] }) }),
        );
        webdav = started;
        return async () => {
          front.removeRoute('/dav/');
          await started.close();
        };
      },
    },
  ];

  const stop = await startComponents(components, log);
  if (!servicesServer || !gateway || !oidc || !whoami || !bearer || !bff || !webdav) throw new Error('testbed: a component did not start');
  return {
    urls: {
      gateway: gateway.url,
      services: `${gateway.url}/services/api/services`,
      servicesDirect: `${servicesServer.url}/api/services`,
      portal: `${servicesServer.url}/`,
      oidcIssuer: oidc.issuer,
      whoami: whoami.whoamiUrl,
      bff: bff.url,
      webdav: `${gateway.url}/dav/`,
      webdavDirect: webdav.url,
    },
    gateway,
    servicesServer,
    oidc,
    whoami,
    bearer,
    bff,
    webdav,
    stop,
  };
}
