// @ts-check
/**
 * A real OpenID Connect provider (panva's `oidc-provider`) set up like ProConnect, the French
 * State's identity federation, for the login widget, the backend-for-frontend and their tests.
 *
 * - Issuer `http://127.0.0.1:<port>`; endpoints under `/api/v2/` like ProConnect
 *   (`authorize`, `token`, `userinfo`, `session/end`, `jwks`, `token/revocation`); discovery at
 *   `/.well-known/openid-configuration`.
 * - Two clients: the confidential `suite-bff` (`client_secret_post`, JWT userinfo, no CORS, exact
 *   redirect URIs) and the public `suite-spa` (PKCE S256, refresh-token rotation, JWT access
 *   tokens for the resource `urn:suite-widgets:testbed`, any redirect URI on an allowed origin,
 *   CORS for those origins).
 * - ProConnect's scopes and claims (`given_name usual_name email uid siret idp_id …`), `acr`
 *   `eidas1`, `claims` parameter, `idp_hint`/`siret_hint`; refresh tokens without
 *   `offline_access`.
 * - Its own French login page (`/interaction/<uid>`), automatic consent, logout without a click.
 * - Control over HTTP on the same server: `POST /__testbed/oidc` (TTLs or `{"reset": true}`),
 *   `GET /__testbed/oidc/stats`, `GET /__testbed/oidc/last-authorization`,
 *   `GET`/`POST /__testbed/oidc/redirect-targets`.
 */
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
// oidc-provider ships no types (@types/oidc-provider is not installed); only strict checkers
// complain about that, so @ts-expect-error would itself be an error elsewhere.
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore
import Provider, { errors as oidcErrors } from 'oidc-provider';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { closeServer, listen, messageOf, send, sendJson } from './http-util.js';

/** @typedef {import('./http-util.js').Log} Log */

/**
 * Token and session lifetimes, in seconds.
 * @typedef {object} OidcSettings
 * @property {number} accessTokenTtl
 * @property {number} idTokenTtl
 * @property {number} refreshTokenTtl
 * @property {number} sessionTtl
 */

/**
 * @typedef {object} OidcStats
 * @property {{authorization_code: number, refresh_token: number}} tokenRequests token requests by grant type, failed ones included
 * @property {number} refreshFailures refresh_token requests that failed (expired, rotated, revoked…)
 * @property {number} userinfoRequests userinfo requests (preflights excluded), failed ones included
 * @property {number} authorizations authorization responses that carried a code
 * @property {number} authorizationRequests requests to the authorization endpoint (initial ones, not the resumes after the login page)
 */

/**
 * What the last request to the authorization endpoint carried.
 * @typedef {object} AuthorizationRecord
 * @property {string | undefined} client_id
 * @property {string | undefined} redirect_uri
 * @property {string | undefined} response_type
 * @property {string | undefined} scope
 * @property {string | undefined} state
 * @property {string | undefined} nonce
 * @property {string | undefined} code_challenge
 * @property {string | undefined} code_challenge_method
 * @property {unknown} claims the `claims` parameter, parsed (the raw string when it is not JSON)
 * @property {string | undefined} acr_values
 * @property {string | undefined} idp_hint
 * @property {string | undefined} siret_hint
 * @property {string | undefined} login_hint
 * @property {string | undefined} prompt
 * @property {Record<string, string>} params every parameter as sent
 * @property {string} receivedAt ISO date
 */

/**
 * @typedef {object} RedirectTargets
 * @property {string[]} [publicRedirectOrigins] origins where `suite-spa` may redirect (any path) and that get CORS
 * @property {string[]} [confidentialRedirectUris] exact redirect URIs of `suite-bff`
 * @property {string[]} [confidentialPostLogoutRedirectUris] exact post-logout redirect URIs of `suite-bff`
 */

/**
 * @typedef {object} OidcUser
 * @property {string} username what the login form takes (the email works too)
 * @property {string} password
 * @property {string} sub stable subject identifier
 * @property {Readonly<Record<string, string | boolean>>} claims ProConnect and standard claims
 */

/**
 * @typedef {object} OidcServer
 * @property {string} issuer `http://127.0.0.1:<port>`, no trailing slash
 * @property {string} url same as `issuer` (the server's base URL)
 * @property {{confidential: {clientId: string, clientSecret: string}, public: {clientId: string}}} clients
 * @property {readonly OidcUser[]} users
 * @property {string} resource the audience of the public client's JWT access tokens
 * @property {string} jwksUri
 * @property {import('node:http').Server} server
 * @property {Provider} provider the oidc-provider instance
 * @property {(settings: Partial<OidcSettings>) => OidcSettings} configure changes TTLs for what is issued afterwards; throws a TypeError on bad values
 * @property {() => OidcSettings} settings the current TTLs
 * @property {() => void} reset default TTLs, stats cleared, last authorization forgotten
 * @property {() => OidcStats} stats
 * @property {() => AuthorizationRecord | undefined} lastAuthorization
 * @property {(targets: RedirectTargets) => void} setRedirectTargets replaces the given lists; throws a TypeError on bad values
 * @property {() => Required<RedirectTargets>} redirectTargets the current lists (public ones as origins)
 * @property {() => Promise<void>} close
 */

/**
 * @typedef {object} OidcProviderOptions
 * @property {string} [host] default `127.0.0.1`
 * @property {number} [port] default 0 (a free port)
 * @property {string[]} [publicRedirectOrigins]
 * @property {string[]} [confidentialRedirectUris]
 * @property {string[]} [confidentialPostLogoutRedirectUris]
 * @property {Log} [log]
 */

export const CONFIDENTIAL_CLIENT_ID = 'suite-bff';
export const PUBLIC_CLIENT_ID = 'suite-spa';
export const RESOURCE = 'urn:suite-widgets:testbed';
export const ACR = 'eidas1';

/** @type {Readonly<OidcSettings>} */
export const DEFAULT_OIDC_SETTINGS = Object.freeze({ accessTokenTtl: 3600, idTokenTtl: 3600, refreshTokenTtl: 7200, sessionTtl: 43200 });

/** ProConnect-like paths (its issuer ends in `/api/v2`; here the issuer is the bare origin). */
const ROUTES = Object.freeze({
  authorization: '/api/v2/authorize',
  token: '/api/v2/token',
  userinfo: '/api/v2/userinfo',
  end_session: '/api/v2/session/end',
  jwks: '/api/v2/jwks',
  revocation: '/api/v2/token/revocation',
});

const CONTROL_PATH = '/__testbed/oidc';
const MAX_BODY = 16 * 1024;

/**
 * The part of oidc-provider's request context that `loadExistingGrant` uses.
 * @typedef {{oidc: {
 *   provider: {Grant: (new (init: {accountId: string, clientId: string}) => OidcGrant) & {find(id: string): Promise<OidcGrant | undefined>}},
 *   client: {clientId: string},
 *   session: {accountId: string, grantIdFor(clientId: string): string | undefined},
 *   result?: {consent?: {grantId?: string}},
 *   requestParamOIDCScopes: Set<string>,
 *   requestParamClaims: Set<string>,
 *   requestParamScopes: Set<string>,
 *   resourceServers: Record<string, {scopes: Set<string>}>,
 * }}} GrantContext
 */
/**
 * @typedef {{addOIDCScope(scope: string): void, addOIDCClaims(claims: string[]): void, addResourceScope(indicator: string, scope: string): void, save(): Promise<string>}} OidcGrant
 */

/** @type {readonly OidcUser[]} */
export const OIDC_USERS = Object.freeze([
  Object.freeze({
    username: 'alice',
    password: 'alice-password',
    sub: '5f0c9b2e-7a41-4d8e-9c63-a1b2c3d4e5f6',
    claims: Object.freeze({
      given_name: 'Alice',
      usual_name: 'Martin',
      family_name: 'Martin',
      name: 'Alice Martin',
      email: 'alice@ministere.example',
      email_verified: true,
      uid: 'alice',
      siret: '13002526500013',
      siren: '130025265',
      idp_id: 'testbed-idp',
      organizational_unit: 'Direction du numérique',
      belonging_population: 'agent-public',
      phone: '+33 1 23 45 67 89',
    }),
  }),
  Object.freeze({
    username: 'bob',
    password: 'bob-password',
    sub: '8d3e6a71-2c5b-4f90-b7e4-0f1a2b3c4d5e',
    claims: Object.freeze({
      given_name: 'Bob',
      usual_name: 'Lefèvre',
      family_name: 'Lefèvre',
      name: 'Bob Lefèvre',
      email: 'bob@ministere.example',
      email_verified: true,
      uid: 'bob',
      siret: '11000201100044',
      siren: '110002011',
      idp_id: 'testbed-idp',
      belonging_population: 'agent-public',
    }),
  }),
]);

/**
 * Scope → claims, ProConnect's and the standard `profile` and `email`. `acr` comes with
 * `openid`: ProConnect always puts it in the id_token; `amr` only when asked for.
 */
const SCOPE_CLAIMS = Object.freeze({
  openid: ['sub', 'acr'],
  profile: ['name', 'given_name', 'family_name'],
  email: ['email', 'email_verified'],
  given_name: ['given_name'],
  usual_name: ['usual_name'],
  uid: ['uid'],
  siret: ['siret'],
  siren: ['siren'],
  idp_id: ['idp_id'],
  organizational_unit: ['organizational_unit'],
  belonging_population: ['belonging_population'],
  phone: ['phone'],
});

/** Every scope the provider knows. */
export const OIDC_SCOPES = Object.freeze([...Object.keys(SCOPE_CLAIMS), 'offline_access']);

/**
 * Claims copied into the public client's JWT access tokens, with the scopes that grant each.
 * @type {readonly [string, string[]][]}
 */
const ACCESS_TOKEN_CLAIMS = Object.freeze([
  ['email', ['email']],
  ['given_name', ['given_name', 'profile']],
  ['usual_name', ['usual_name']],
]);

const AUTHORIZATION_FIELDS = /** @type {const} */ ([
  'client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method',
  'acr_values', 'idp_hint', 'siret_hint', 'login_hint', 'prompt',
]);

/** @returns {OidcStats} */
const emptyStats = () => ({ tokenRequests: { authorization_code: 0, refresh_token: 0 }, refreshFailures: 0, userinfoRequests: 0, authorizations: 0, authorizationRequests: 0 });

/**
 * Escapes text for HTML content and attribute values.
 * @param {unknown} value
 */
export const escapeHtml = (value) =>
  String(value).replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

/**
 * Checks TTL settings from code or JSON; returns a clean copy.
 * @param {unknown} input
 * @returns {Partial<OidcSettings>}
 */
export function validateOidcSettings(input) {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError('settings are a JSON object, e.g. {"accessTokenTtl": 5}');
  const known = /** @type {(keyof OidcSettings)[]} */ (Object.keys(DEFAULT_OIDC_SETTINGS));
  const source = /** @type {Record<string, unknown>} */ (input);
  const unknown = Object.keys(source).filter((key) => !(/** @type {string[]} */ (known)).includes(key));
  if (unknown.length > 0) throw new TypeError(`unknown setting(s): ${unknown.join(', ')} (known: ${known.join(', ')})`);
  /** @type {Partial<OidcSettings>} */
  const settings = {};
  for (const key of known) {
    const value = source[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || /** @type {number} */ (value) < 1 || /** @type {number} */ (value) > 365 * 24 * 3600) throw new TypeError(`"${key}" must be a whole number of seconds from 1 to one year`);
    settings[key] = /** @type {number} */ (value);
  }
  return settings;
}

/**
 * The origins of a list of URLs or origins (invalid entries throw).
 * @param {string[]} values
 */
const originsOf = (values) => values.map((value) => new URL(value).origin);

/**
 * A per-provider in-memory store for oidc-provider's models (sessions, grants, codes, tokens,
 * interactions): entries expire, grants index their tokens for revocation, sessions are found
 * by uid. Everything is lost on close, which is what a testbed wants.
 * @returns {new (model: string) => object}
 */
export function createMemoryAdapter() {
  /** @type {Map<string, {payload: Record<string, unknown>, expiresAt: number}>} */
  const entries = new Map();
  /** @type {Map<string, Set<string>>} */
  const grants = new Map();
  /** @type {Map<string, string>} */
  const sessionUids = new Map();
  let writes = 0;

  /** @param {string} key */
  const live = (key) => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const sweep = () => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
    for (const [uid, key] of sessionUids) if (!entries.has(key)) sessionUids.delete(uid);
    for (const [grantId, keys] of grants) {
      for (const key of keys) if (!entries.has(key)) keys.delete(key);
      if (keys.size === 0) grants.delete(grantId);
    }
  };

  return class MemoryAdapter {
    /** @param {string} model */
    constructor(model) {
      this.model = model;
    }

    /** @param {string} id */
    key(id) {
      return `${this.model}:${id}`;
    }

    /**
     * @param {string} id
     * @param {Record<string, unknown>} payload
     * @param {number} [expiresIn] seconds
     */
    async upsert(id, payload, expiresIn) {
      const key = this.key(id);
      const previous = entries.get(key)?.payload;
      if (previous && typeof previous.uid === 'string' && sessionUids.get(previous.uid) === key) sessionUids.delete(previous.uid);
      entries.set(key, { payload, expiresAt: typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity });
      if (typeof payload.grantId === 'string') {
        const keys = grants.get(payload.grantId) ?? new Set();
        keys.add(key);
        grants.set(payload.grantId, keys);
      }
      if (this.model === 'Session' && typeof payload.uid === 'string') sessionUids.set(payload.uid, key);
      writes += 1;
      if (writes % 200 === 0) sweep();
    }

    /** @param {string} id */
    async find(id) {
      return live(this.key(id))?.payload;
    }

    /** @param {string} uid */
    async findByUid(uid) {
      const key = sessionUids.get(uid);
      return key ? live(key)?.payload : undefined;
    }

    /** @param {string} userCode */
    async findByUserCode(userCode) {
      for (const [key, entry] of entries) {
        if (key.startsWith(`${this.model}:`) && entry.payload.userCode === userCode) return live(key)?.payload;
      }
      return undefined;
    }

    /** @param {string} id */
    async consume(id) {
      const entry = live(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }

    /** @param {string} id */
    async destroy(id) {
      const key = this.key(id);
      const payload = entries.get(key)?.payload;
      if (payload && typeof payload.uid === 'string' && sessionUids.get(payload.uid) === key) sessionUids.delete(payload.uid);
      entries.delete(key);
    }

    /** @param {string} grantId */
    async revokeByGrantId(grantId) {
      for (const key of grants.get(grantId) ?? []) entries.delete(key);
      grants.delete(grantId);
    }
  };
}

/**
 * The page frame of every HTML answer.
 * @param {string} title
 * @param {string} main
 */
function page(title, main) {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – fournisseur d’identité de test</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f6f6f6; color: #161616; }
  main { max-width: 28rem; margin: 3rem auto; padding: 2rem; background: #fff; border: 1px solid #ddd; }
  h1 { font-size: 1.5rem; margin-top: 0; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { display: block; width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; font-size: 1rem; border: 1px solid #3a3a3a; }
  .actions { display: flex; gap: 1rem; margin-top: 1.5rem; }
  button { font-size: 1rem; padding: .5rem 1rem; border: 1px solid #000091; background: #000091; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #000091; }
  [role="alert"] { color: #ce0500; font-weight: 600; }
  .hint { color: #666; font-size: .875rem; }
</style>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
}

/**
 * The login page.
 * @param {{uid: string, clientId: string, username?: string, error?: string}} options
 */
function loginPage({ uid, clientId, username = '', error }) {
  const invalid = error ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  return page(
    'Connexion',
    `<h1>Connexion au fournisseur d’identité de test</h1>
<p>L’application <strong>${escapeHtml(clientId)}</strong> demande à vous identifier.</p>
${error ? `<p role="alert" id="login-error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" novalidate>
  <label for="username">Identifiant</label>
  <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(username)}"${invalid}>
  <label for="password">Mot de passe</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
  <div class="actions">
    <button type="submit" name="action" value="login">Se connecter</button>
    <button type="submit" name="action" value="deny" class="secondary">Refuser</button>
  </div>
</form>
<p class="hint">Comptes de test : alice / alice-password, bob / bob-password.</p>`,
  );
}

/**
 * Reads a small request body as text.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<string>}
 */
async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += /** @type {Buffer} */ (chunk).length;
    if (size > MAX_BODY) throw new RangeError('request body too large');
    chunks.push(/** @type {Buffer} */ (chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * CORS headers reflecting the request's Origin (control endpoints only).
 * @param {import('node:http').IncomingMessage} req
 * @returns {Record<string, string>}
 */
function reflectCors(req) {
  const origin = req.headers.origin;
  if (!origin) return { 'Access-Control-Allow-Origin': '*' };
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
}

/**
 * Generates the provider's RS256 signing key (a private JWK with its thumbprint as `kid`).
 */
async function signingJwk() {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' };
}

/**
 * Starts the OpenID Connect provider.
 * @param {OidcProviderOptions} [options]
 * @returns {Promise<OidcServer>}
 */
export async function startOidcProvider({ host = '127.0.0.1', port = 0, publicRedirectOrigins = [], confidentialRedirectUris = [], confidentialPostLogoutRedirectUris = [], log = () => {} } = {}) {
  /** @type {OidcSettings} */
  let settings = { ...DEFAULT_OIDC_SETTINGS };
  let stats = emptyStats();
  /** @type {AuthorizationRecord | undefined} */
  let lastAuthorization;
  const targets = {
    publicOrigins: originsOf(publicRedirectOrigins),
    confidentialRedirectUris: [...confidentialRedirectUris],
    confidentialPostLogoutRedirectUris: [...confidentialPostLogoutRedirectUris],
  };

  /** @type {((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | undefined} */
  let handle;
  const server = createServer((req, res) => {
    if (handle) handle(req, res);
    else send(req, res, 503, 'starting');
  });
  // Listen first: the issuer needs the real port.
  const issuer = await listen(server, host, port);

  try {
    const clientSecret = randomBytes(32).toString('base64url');
    const unusedRedirect = `${issuer}/__testbed/unregistered-redirect`;
    const jwk = await signingJwk();

    /** @param {string} sub */
    const userBySub = (sub) => OIDC_USERS.find((user) => user.sub === sub);
    /** @param {{clientId: string}} client */
    const isPublic = (client) => client.clientId === PUBLIC_CLIENT_ID;

    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CONFIDENTIAL_CLIENT_ID,
          client_name: 'Suite widgets BFF (testbed)',
          client_secret: clientSecret,
          token_endpoint_auth_method: 'client_secret_post',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: [unusedRedirect],
          post_logout_redirect_uris: [unusedRedirect],
          id_token_signed_response_alg: 'RS256',
          userinfo_signed_response_alg: 'RS256',
        },
        {
          client_id: PUBLIC_CLIENT_ID,
          client_name: 'Suite widgets SPA (testbed)',
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: [unusedRedirect],
          post_logout_redirect_uris: [unusedRedirect],
          id_token_signed_response_alg: 'RS256',
        },
      ],
      adapter: createMemoryAdapter(),
      jwks: { keys: [jwk] },
      cookies: {
        // The portal and the provider share the host 127.0.0.1 (cookies ignore ports): names
        // nobody else uses.
        names: { session: 'oidc_testbed_session', interaction: 'oidc_testbed_interaction', resume: 'oidc_testbed_resume' },
        keys: ['suite-widgets-testbed-oidc-cookie-key-1'],
      },
      routes: ROUTES,
      responseTypes: ['code'],
      scopes: ['openid', 'offline_access'],
      claims: { ...SCOPE_CLAIMS, amr: null, auth_time: null, sid: null, iss: null },
      acrValues: [ACR],
      extraParams: ['idp_hint', 'siret_hint'],
      conformIdTokenClaims: false,
      allowOmittingSingleRegisteredRedirectUri: false,
      pkce: { required: (/** @type {unknown} */ _ctx, /** @type {{clientAuthMethod: string}} */ client) => client.clientAuthMethod === 'none' },
      clientBasedCORS: (/** @type {unknown} */ _ctx, /** @type {string} */ origin, /** @type {{clientId: string}} */ client) => isPublic(client) && targets.publicOrigins.includes(origin),
      issueRefreshToken: async (/** @type {unknown} */ _ctx, /** @type {{grantTypeAllowed(type: string): boolean}} */ client) => client.grantTypeAllowed('refresh_token'),
      async findAccount(/** @type {unknown} */ _ctx, /** @type {string} */ sub) {
        const user = userBySub(sub);
        if (!user) return undefined;
        return { accountId: sub, claims: async () => ({ sub, ...user.claims }) };
      },
      async extraTokenClaims(/** @type {unknown} */ _ctx, /** @type {{resourceServer?: unknown, accountId?: string, scope?: string}} */ token) {
        if (!token.resourceServer || !token.accountId) return undefined;
        const user = userBySub(token.accountId);
        if (!user) return undefined;
        const scopes = new Set((token.scope ?? '').split(' '));
        /** @type {Record<string, unknown>} */
        const claims = {};
        for (const [claim, grantedBy] of ACCESS_TOKEN_CLAIMS) {
          if (grantedBy.some((scope) => scopes.has(scope)) && user.claims[claim] !== undefined) claims[claim] = user.claims[claim];
        }
        return claims;
      },
      ttl: {
        AccessToken: (/** @type {unknown} */ _ctx, /** @type {{resourceServer?: {accessTokenTTL?: number}}} */ token) => token.resourceServer?.accessTokenTTL ?? settings.accessTokenTtl,
        AuthorizationCode: 30,
        IdToken: () => settings.idTokenTtl,
        RefreshToken: (/** @type {{oidc?: {entities?: {RotatedRefreshToken?: {remainingTTL: number}}}} | undefined} */ ctx, /** @type {unknown} */ _token, /** @type {{clientAuthMethod: string}} */ client) => {
          // A rotated public-client refresh token keeps the lifetime of the first one.
          const rotated = ctx?.oidc?.entities?.RotatedRefreshToken;
          if (rotated && client.clientAuthMethod === 'none') return Math.max(1, rotated.remainingTTL);
          return settings.refreshTokenTtl;
        },
        Session: () => settings.sessionTtl,
        Grant: () => Math.max(settings.sessionTtl, settings.refreshTokenTtl),
        Interaction: 3600,
      },
      // ProConnect asks for no consent: the grant follows what is requested, so silent logins
      // (prompt=none) work for every client of the session and never end in consent_required.
      async loadExistingGrant(/** @type {GrantContext} */ ctx) {
        const { oidc } = ctx;
        const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
        const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
        const grant = existing ?? new oidc.provider.Grant({ accountId: oidc.session.accountId, clientId: oidc.client.clientId });
        grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
        if (oidc.requestParamClaims.size > 0) grant.addOIDCClaims([...oidc.requestParamClaims]);
        for (const [indicator, resourceServer] of Object.entries(oidc.resourceServers)) {
          const scopes = [...oidc.requestParamScopes].filter((scope) => resourceServer.scopes.has(scope));
          if (scopes.length > 0) grant.addResourceScope(indicator, scopes.join(' '));
        }
        await grant.save();
        return grant;
      },
      interactions: { url: (/** @type {unknown} */ _ctx, /** @type {{uid: string}} */ interaction) => `/interaction/${interaction.uid}` },
      features: {
        devInteractions: { enabled: false },
        claimsParameter: { enabled: true },
        jwtUserinfo: { enabled: true },
        userinfo: { enabled: true },
        revocation: { enabled: true },
        // ProConnect has neither.
        pushedAuthorizationRequests: { enabled: false },
        dPoP: { enabled: false },
        resourceIndicators: {
          enabled: true,
          defaultResource: async (/** @type {unknown} */ _ctx, /** @type {{clientId: string}} */ client, /** @type {string[] | undefined} */ oneOf) => {
            if (oneOf) return oneOf.includes(RESOURCE) ? RESOURCE : oneOf;
            return isPublic(client) ? RESOURCE : undefined;
          },
          useGrantedResource: async () => true,
          getResourceServerInfo: async (/** @type {unknown} */ _ctx, /** @type {string} */ indicator, /** @type {{clientId: string}} */ client) => {
            if (indicator !== RESOURCE || !isPublic(client)) throw new oidcErrors.InvalidTarget();
            // Every scope: the token gets the requested ones that the grant holds.
            return { audience: RESOURCE, scope: OIDC_SCOPES.join(' '), accessTokenFormat: 'jwt', accessTokenTTL: settings.accessTokenTtl, jwt: { sign: { alg: 'RS256' } } };
          },
        },
        rpInitiatedLogout: {
          enabled: true,
          // ProConnect logs out without asking: the form submits itself.
          async logoutSource(/** @type {{body: unknown}} */ ctx, /** @type {string} */ form) {
            const autoForm = form.replace('</form>', '<input type="hidden" name="logout" value="yes"><noscript><button type="submit">Se déconnecter</button></noscript></form>');
            ctx.body = page(
              'Déconnexion',
              `<h1>Déconnexion en cours…</h1>\n${autoForm}\n<script>document.getElementById('op.logoutForm').submit();</script>`,
            );
          },
          async postLogoutSuccessSource(/** @type {{body: unknown}} */ ctx) {
            ctx.body = page('Déconnecté', '<h1>Vous êtes déconnecté</h1>\n<p>Vous pouvez fermer cette page.</p>');
          },
        },
      },
      async renderError(/** @type {{type: string, body: unknown}} */ ctx, /** @type {Record<string, unknown>} */ out) {
        ctx.type = 'html';
        const details = Object.entries(out).map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n');
        ctx.body = page('Erreur', `<h1>Une erreur est survenue</h1>\n<dl>\n${details}\n</dl>`);
      },
    });

    // suite-spa: any redirect URI on an allowed origin; suite-bff: the exact configured lists.
    const ClientPrototype = provider.Client.prototype;
    const originalRedirectUriAllowed = ClientPrototype.redirectUriAllowed;
    const originalPostLogoutRedirectUriAllowed = ClientPrototype.postLogoutRedirectUriAllowed;
    /** @param {string} value */
    const onPublicOrigin = (value) => {
      const url = URL.parse(value);
      return url !== null && !url.hash && targets.publicOrigins.includes(url.origin);
    };
    /** @this {{clientId: string}} @param {string} value */
    ClientPrototype.redirectUriAllowed = function redirectUriAllowed(value) {
      if (this.clientId === PUBLIC_CLIENT_ID) return onPublicOrigin(value);
      if (this.clientId === CONFIDENTIAL_CLIENT_ID) return targets.confidentialRedirectUris.includes(value);
      return originalRedirectUriAllowed.call(this, value);
    };
    /** @this {{clientId: string}} @param {string} value */
    ClientPrototype.postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowed(value) {
      if (this.clientId === PUBLIC_CLIENT_ID) return onPublicOrigin(value);
      if (this.clientId === CONFIDENTIAL_CLIENT_ID) return targets.confidentialPostLogoutRedirectUris.includes(value);
      return originalPostLogoutRedirectUriAllowed.call(this, value);
    };

    /**
     * @param {{oidc?: {params?: Record<string, unknown>}, request?: {body?: unknown}}} ctx
     * @returns {string | undefined}
     */
    const grantTypeOf = (ctx) => {
      const fromParams = ctx.oidc?.params?.grant_type;
      if (typeof fromParams === 'string') return fromParams;
      const body = ctx.request?.body;
      if (body && typeof body === 'object' && 'grant_type' in body && typeof body.grant_type === 'string') return body.grant_type;
      return undefined;
    };
    /** @param {string | undefined} grantType */
    const countToken = (grantType) => {
      if (grantType === 'authorization_code' || grantType === 'refresh_token') stats.tokenRequests[grantType] += 1;
    };
    provider.on('grant.success', (/** @type {Parameters<typeof grantTypeOf>[0]} */ ctx) => countToken(grantTypeOf(ctx)));
    provider.on('grant.error', (/** @type {Parameters<typeof grantTypeOf>[0]} */ ctx, /** @type {unknown} */ error) => {
      const grantType = grantTypeOf(ctx);
      countToken(grantType);
      if (grantType === 'refresh_token') stats.refreshFailures += 1;
      log(`oidc: token request (${grantType ?? 'no grant_type'}) failed: ${messageOf(error)}`);
    });
    provider.on('authorization.success', () => {
      stats.authorizations += 1;
    });
    provider.on('server_error', (/** @type {unknown} */ _ctx, /** @type {unknown} */ error) => log(`oidc: server error: ${messageOf(error)}`));

    const providerCallback = provider.callback();

    /**
     * The login page, or automatic consent.
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     * @param {string} uid
     */
    async function showInteraction(req, res, uid) {
      const interaction = await provider.interactionDetails(req, res);
      if (interaction.uid !== uid) throw new oidcErrors.SessionNotFound('interaction mismatch');
      const { prompt, params, session } = interaction;
      if (prompt.name === 'login') {
        const loginHint = typeof params.login_hint === 'string' ? params.login_hint : '';
        send(req, res, 200, loginPage({ uid, clientId: String(params.client_id), username: loginHint }), { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        return;
      }
      if (prompt.name !== 'consent' || !session?.accountId) throw new oidcErrors.InvalidRequest(`unexpected prompt ${String(prompt.name)}`);
      // Automatic consent: grant what is missing.
      const details = /** @type {{missingOIDCScope?: string[], missingOIDCClaims?: string[], missingResourceScopes?: Record<string, string[]>}} */ (prompt.details);
      const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
      const grant = existing ?? new provider.Grant({ accountId: session.accountId, clientId: String(params.client_id) });
      if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
      if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: existing ? {} : { grantId } }, { mergeWithLastSubmission: true });
    }

    /**
     * The login form's answer: log in, re-show with an error, or refuse.
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     * @param {string} uid
     */
    async function submitLogin(req, res, uid) {
      const form = new URLSearchParams(await readBody(req));
      const interaction = await provider.interactionDetails(req, res);
      if (interaction.uid !== uid || interaction.prompt.name !== 'login') throw new oidcErrors.SessionNotFound('interaction mismatch');
      if (form.get('action') === 'deny') {
        await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'L’utilisateur a refusé la connexion.' }, { mergeWithLastSubmission: false });
        return;
      }
      const username = (form.get('username') ?? '').trim();
      const password = form.get('password') ?? '';
      const wanted = username.toLowerCase();
      const user = OIDC_USERS.find((candidate) => candidate.username === wanted || candidate.claims.email === wanted);
      if (!user || user.password !== password) {
        log(`oidc: wrong credentials for "${username}"`);
        send(req, res, 401, loginPage({ uid, clientId: String(interaction.params.client_id), username, error: 'Identifiant ou mot de passe incorrect.' }), { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: user.sub, acr: ACR, amr: ['pwd'], remember: true } }, { mergeWithLastSubmission: false });
    }

    /**
     * `/__testbed/oidc…`
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     * @param {string} path
     */
    async function control(req, res, path) {
      const cors = reflectCors(req);
      if (req.method === 'OPTIONS') {
        send(req, res, 204, '', {
          ...cors,
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
          'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Content-Type',
          'Access-Control-Max-Age': '600',
        });
        return;
      }
      if (path === CONTROL_PATH && req.method === 'POST') {
        /** @type {unknown} */
        let input;
        try {
          input = JSON.parse(await readBody(req));
        } catch (error) {
          sendJson(req, res, 400, { error: 'bad settings', detail: messageOf(error) }, cors);
          return;
        }
        try {
          if (typeof input === 'object' && input !== null && 'reset' in input && input.reset === true && Object.keys(input).length === 1) {
            api.reset();
          } else {
            api.configure(/** @type {Partial<OidcSettings>} */ (input));
          }
        } catch (error) {
          sendJson(req, res, 400, { error: 'bad settings', detail: messageOf(error) }, cors);
          return;
        }
        sendJson(req, res, 200, { settings }, cors);
        return;
      }
      if (path === `${CONTROL_PATH}/redirect-targets` && req.method === 'POST') {
        try {
          api.setRedirectTargets(/** @type {RedirectTargets} */ (JSON.parse(await readBody(req))));
        } catch (error) {
          sendJson(req, res, 400, { error: 'bad redirect targets', detail: messageOf(error) }, cors);
          return;
        }
        sendJson(req, res, 200, api.redirectTargets(), cors);
        return;
      }
      const paths = [CONTROL_PATH, `${CONTROL_PATH}/stats`, `${CONTROL_PATH}/last-authorization`, `${CONTROL_PATH}/redirect-targets`];
      if (path === CONTROL_PATH && (req.method === 'GET' || req.method === 'HEAD')) sendJson(req, res, 200, { settings }, cors);
      else if (path === `${CONTROL_PATH}/stats` && (req.method === 'GET' || req.method === 'HEAD')) sendJson(req, res, 200, api.stats(), cors);
      else if (path === `${CONTROL_PATH}/last-authorization` && (req.method === 'GET' || req.method === 'HEAD')) sendJson(req, res, 200, { lastAuthorization: lastAuthorization ?? null }, cors);
      else if (path === `${CONTROL_PATH}/redirect-targets` && (req.method === 'GET' || req.method === 'HEAD')) sendJson(req, res, 200, api.redirectTargets(), cors);
      else if (paths.includes(path)) sendJson(req, res, 405, { error: 'method not allowed' }, cors);
      else sendJson(req, res, 404, { error: 'not found' }, cors);
    }

    /**
     * Remembers what the client sent to the authorization endpoint.
     * @param {URLSearchParams} query
     */
    function recordAuthorization(query) {
      stats.authorizationRequests += 1;
      /** @type {Record<string, string>} */
      const params = {};
      for (const [key, value] of query) params[key] = value;
      /** @type {unknown} */
      let claims = params.claims;
      if (typeof claims === 'string') {
        try {
          claims = JSON.parse(claims);
        } catch {
          // keep the raw string
        }
      }
      /** @type {Record<string, unknown>} */
      const record = { claims, params, receivedAt: new Date().toISOString() };
      for (const field of AUTHORIZATION_FIELDS) record[field] = params[field];
      lastAuthorization = /** @type {AuthorizationRecord} */ (record);
    }

    handle = (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      /** @param {unknown} error */
      const fail = (error) => {
        const status = typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
        log(`oidc: ${req.method} ${path} failed: ${messageOf(error)}`);
        const description = error instanceof oidcErrors.SessionNotFound ? 'La session de connexion a expiré ou est introuvable. Recommencez depuis l’application.' : messageOf(error);
        send(req, res, status, page('Erreur', `<h1>Une erreur est survenue</h1>\n<p>${escapeHtml(description)}</p>`), { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      };
      if (path === CONTROL_PATH || path.startsWith(`${CONTROL_PATH}/`)) {
        control(req, res, path).catch(fail);
        return;
      }
      const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(path);
      if (interaction) {
        const uid = /** @type {string} */ (interaction[1]);
        if (!interaction[2] && (req.method === 'GET' || req.method === 'HEAD')) showInteraction(req, res, uid).catch(fail);
        else if (interaction[2] && req.method === 'POST') submitLogin(req, res, uid).catch(fail);
        else send(req, res, 405, 'method not allowed', { Allow: interaction[2] ? 'POST' : 'GET, HEAD' });
        return;
      }
      if (path === ROUTES.authorization && req.method === 'GET') recordAuthorization(url.searchParams);
      if (path === ROUTES.userinfo && req.method !== 'OPTIONS') stats.userinfoRequests += 1;
      providerCallback(req, res);
    };
    log(`oidc: provider ${issuer}`);

    /** @type {OidcServer} */
    const api = {
      issuer,
      url: issuer,
      clients: { confidential: { clientId: CONFIDENTIAL_CLIENT_ID, clientSecret }, public: { clientId: PUBLIC_CLIENT_ID } },
      users: OIDC_USERS,
      resource: RESOURCE,
      jwksUri: `${issuer}${ROUTES.jwks}`,
      server,
      provider,
      configure(input) {
        settings = { ...settings, ...validateOidcSettings(input) };
        return { ...settings };
      },
      settings: () => ({ ...settings }),
      reset() {
        settings = { ...DEFAULT_OIDC_SETTINGS };
        stats = emptyStats();
        lastAuthorization = undefined;
      },
      stats: () => ({ ...stats, tokenRequests: { ...stats.tokenRequests } }),
      lastAuthorization: () => (lastAuthorization ? { ...lastAuthorization } : undefined),
      setRedirectTargets(next) {
        if (typeof next !== 'object' || next === null || Array.isArray(next)) throw new TypeError('redirect targets are an object, e.g. {"publicRedirectOrigins": ["http://localhost:8000"]}');
        const known = ['publicRedirectOrigins', 'confidentialRedirectUris', 'confidentialPostLogoutRedirectUris'];
        const unknown = Object.keys(next).filter((key) => !known.includes(key));
        if (unknown.length > 0) throw new TypeError(`unknown redirect target list(s): ${unknown.join(', ')} (known: ${known.join(', ')})`);
        for (const key of /** @type {(keyof RedirectTargets)[]} */ (known)) {
          const list = next[key];
          if (list === undefined) continue;
          if (!Array.isArray(list) || list.some((value) => typeof value !== 'string' || !URL.canParse(value))) throw new TypeError(`"${key}" must be a list of absolute URLs`);
        }
        const origins = next.publicRedirectOrigins ? originsOf(next.publicRedirectOrigins) : undefined;
        if (origins) targets.publicOrigins = [...new Set(origins)];
        if (next.confidentialRedirectUris) targets.confidentialRedirectUris = [...next.confidentialRedirectUris];
        if (next.confidentialPostLogoutRedirectUris) targets.confidentialPostLogoutRedirectUris = [...next.confidentialPostLogoutRedirectUris];
      },
      redirectTargets: () => ({
        publicRedirectOrigins: [...targets.publicOrigins],
        confidentialRedirectUris: [...targets.confidentialRedirectUris],
        confidentialPostLogoutRedirectUris: [...targets.confidentialPostLogoutRedirectUris],
      }),
      close: () => closeServer(server),
    };
    return api;
  } catch (error) {
    await closeServer(server);
    throw error;
  }
}
