// @ts-check
/**
 * The portal's backend-for-frontend: `@suite-widgets/bff` (built into packages/bff/dist),
 * configured as a ProConnect client of the testbed's provider and mounted at `<portal>/bff`, the
 * way a host site serves it. The tokens it mints for sibling widgets are trusted by whoami.
 */
import { randomBytes } from 'node:crypto';
import { messageOf } from './http-util.js';

/**
 * @typedef {object} TestbedBff
 * @property {string} url the BFF's base URL (`<portal origin>/bff`)
 * @property {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<boolean>} handler answers the requests under `/bff/`
 * @property {() => void} close
 */

/** Audiences the BFF mints tokens for: whoami (the tests' sibling backend) and the widgets to come. */
export const BFF_AUDIENCES = Object.freeze(['whoami', 'default', 'files', 'mail', 'chat']);

/**
 * @param {{portalUrl: string, oidc: import('./oidc.js').OidcServer, bearer: import('./bearer.js').BearerVerifier, log: import('./http-util.js').Log}} options
 * @returns {Promise<TestbedBff>}
 */
export async function startTestbedBff({ portalUrl, oidc, bearer, log }) {
  /** @type {typeof import('@suite-widgets/bff')} */
  let bff;
  try {
    bff = await import('@suite-widgets/bff');
  } catch (error) {
    throw new Error(`@suite-widgets/bff is not built (run "npm run build"): ${messageOf(error)}`, { cause: error });
  }
  const url = `${new URL(portalUrl).origin}/bff`;
  const handler = bff.createBff({
    issuer: oidc.issuer,
    clientId: oidc.clients.confidential.clientId,
    clientSecret: oidc.clients.confidential.clientSecret,
    baseUrl: url,
    secrets: randomBytes(32).toString('base64url'),
    scope: 'openid given_name usual_name email uid siret idp_id organizational_unit',
    acrValues: ['eidas1'],
    userinfoSignedResponseAlg: 'RS256',
    // Loopback http: the provider is http://127.0.0.1 (browsers still take Secure cookies there).
    allowInsecureRequests: true,
    audiences: Object.fromEntries(BFF_AUDIENCES.map((audience) => [audience, {}])),
    log: (level, message) => {
      if (level !== 'info') log(`bff: ${level}: ${message}`);
    },
  });
  for (const audience of BFF_AUDIENCES) bearer.addTrusted({ issuer: url, jwksUri: `${url}/jwks`, audience });
  return { url, handler: (req, res) => handler(req, res), close: () => handler.close() };
}
