// @ts-check
/**
 * The testbed: real servers on loopback for integration tests, Storybook and the demo portal.
 *
 * Each backend is a component with `start` (which returns its `stop`). They start in order; if
 * one fails, those already started are stopped (newest first) and the error says which one.
 * To add a backend (OIDC provider, Cyrus JMAP, Synapse, Apache WebDAV): write its
 * `start…({host, port, log})` in its own module, add a component below that starts it and
 * routes a gateway prefix to it, and add its URLs to `TestbedUrls`.
 */
import { isAddressInUse, messageOf } from './http-util.js';
import { startGateway } from './gateway.js';
import { startServicesServer } from './services-server.js';

export { startGateway, validateFault, MALFORMED_BODY } from './gateway.js';
export { startServicesServer, DEFAULT_CDN_DIR } from './services-server.js';
export { SERVICES_SEED, VARIANTS, logoSvg, servicesPayload } from './seed/services.js';

/** @typedef {import('./http-util.js').Log} Log */
/** @typedef {import('./gateway.js').Gateway} Gateway */
/** @typedef {import('./gateway.js').Fault} Fault */
/** @typedef {import('./gateway.js').ActiveFault} ActiveFault */
/** @typedef {import('./services-server.js').ServicesServer} ServicesServer */

/**
 * @typedef {object} TestbedUrls
 * @property {string} gateway the gateway's base URL: every backend, CORS for any origin, faults
 * @property {string} services the services JSON through the gateway (`<gateway>/services/api/services`)
 * @property {string} servicesDirect the services JSON from the services server itself
 * @property {string} portal the demo portal page
 */

/**
 * @typedef {object} Testbed
 * @property {TestbedUrls} urls
 * @property {Gateway} gateway
 * @property {ServicesServer} servicesServer
 * @property {() => Promise<void>} stop stops everything; safe to call more than once
 */

/**
 * @typedef {object} TestbedOptions
 * @property {string} [host] default `127.0.0.1`
 * @property {{services?: number, gateway?: number}} [ports] preferred ports; a busy one falls back to a free port. Default: free ports.
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
 * Starts the testbed: the services server, then the gateway in front of it.
 * @param {TestbedOptions} [options]
 * @returns {Promise<Testbed>}
 */
export async function startTestbed({ host = '127.0.0.1', ports = {}, cdnDir, log = console.log } = {}) {
  /** @type {ServicesServer | undefined} */
  let servicesServer;
  /** @type {Gateway | undefined} */
  let gateway;

  /** @type {Component[]} */
  const components = [
    {
      name: 'services server',
      async start() {
        const server = await withPortFallback('services server', ports.services ?? 0, (port) => startServicesServer({ host, port, log, gatewayUrl: () => gateway?.url, ...(cdnDir ? { cdnDir } : {}) }), log);
        servicesServer = server;
        return () => server.close();
      },
    },
    {
      name: 'gateway',
      async start() {
        const services = servicesServer;
        if (!services) throw new Error('the services server must start before the gateway');
        const started = await withPortFallback('gateway', ports.gateway ?? 0, (port) => startGateway({ host, port, log }), log);
        try {
          started.addRoute('/services/', services.url);
        } catch (error) {
          await started.close();
          throw error;
        }
        gateway = started;
        return () => started.close();
      },
    },
  ];

  const stop = await startComponents(components, log);
  if (!servicesServer || !gateway) throw new Error('testbed: a component did not start');
  return {
    urls: {
      gateway: gateway.url,
      services: `${gateway.url}/services/api/services`,
      servicesDirect: `${servicesServer.url}/api/services`,
      portal: `${servicesServer.url}/`,
    },
    gateway,
    servicesServer,
    stop,
  };
}
