// @ts-check
/**
 * Bearer-token checks for the testbed's resource servers: a JWT access token is accepted when
 * a trusted issuer signed it for the expected audience (RFC 6750, RFC 9068).
 *
 * Trusted issuers can be added while running: the OIDC provider's at start, a
 * backend-for-frontend that mints its own tokens later.
 */
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify } from 'jose';

/**
 * An issuer whose tokens are accepted. Give `jwksUri` (fetched and cached, refetched for an
 * unknown `kid`) or `jwks` (a JSON Web Key Set held in memory).
 * @typedef {object} TrustedIssuer
 * @property {string} issuer the exact `iss`
 * @property {string} [jwksUri]
 * @property {import('jose').JSONWebKeySet} [jwks]
 * @property {string | string[]} audience the `aud` that must be present (one of them, for a list)
 */

/**
 * @typedef {{ok: true, claims: import('jose').JWTPayload, issuer: TrustedIssuer}
 *   | {ok: false, status: 401, error: 'invalid_token', description: string}} BearerResult
 */

/**
 * @typedef {object} BearerVerifier
 * @property {(authorization: string | undefined | null) => Promise<BearerResult>} verify checks an `Authorization` header value
 * @property {(entry: TrustedIssuer) => void} addTrusted trusts one more issuer (an entry for the same issuer and audience replaces the old one)
 * @property {(issuer: string) => boolean} removeTrusted forgets every entry of this issuer
 * @property {() => TrustedIssuer[]} trusted the current list
 */

/** Seconds of clock skew tolerated on `exp`, `nbf` and `iat`. */
export const CLOCK_TOLERANCE = 5;

/** Signature algorithms accepted (never `none` or HMAC: the keys are public). */
const ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA', 'Ed25519'];

/**
 * Checks an entry; returns a copy.
 * @param {TrustedIssuer} entry
 * @returns {TrustedIssuer}
 */
function validateEntry(entry) {
  if (typeof entry !== 'object' || entry === null) throw new TypeError('a trusted issuer is {issuer, jwksUri | jwks, audience}');
  const { issuer, jwksUri, jwks, audience } = entry;
  if (typeof issuer !== 'string' || issuer === '') throw new TypeError('trusted issuer: "issuer" must be a non-empty string');
  if ((jwksUri === undefined) === (jwks === undefined)) throw new TypeError(`trusted issuer ${issuer}: give either "jwksUri" or "jwks"`);
  if (jwksUri !== undefined && !URL.canParse(jwksUri)) throw new TypeError(`trusted issuer ${issuer}: "jwksUri" must be an absolute URL`);
  if (jwks !== undefined && !Array.isArray(jwks.keys)) throw new TypeError(`trusted issuer ${issuer}: "jwks" must be {keys: [...]}`);
  const audiences = Array.isArray(audience) ? audience : [audience];
  if (audiences.length === 0 || audiences.some((value) => typeof value !== 'string' || value === '')) throw new TypeError(`trusted issuer ${issuer}: "audience" must be a non-empty string or list of strings`);
  return { issuer, ...(jwksUri !== undefined ? { jwksUri } : { jwks }), audience: Array.isArray(audience) ? [...audience] : audience };
}

/**
 * The `error_description` for a failed check, without internals.
 * @param {unknown} error
 */
function describeFailure(error) {
  if (error instanceof joseErrors.JWTExpired) return 'the access token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'the access token is not meant for this resource (audience)';
    if (error.claim === 'iss') return 'the access token comes from an untrusted issuer';
    return `the access token's "${error.claim}" claim is not acceptable`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the access token signature does not verify';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'the access token was signed with an unknown key';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the access token signature algorithm is not accepted';
  if (error instanceof joseErrors.JWKSTimeout || (error instanceof TypeError && /fetch/i.test(error.message))) return 'the issuer keys could not be fetched';
  if (error instanceof joseErrors.JOSEError) return 'the access token is not a valid JWT';
  return 'the access token could not be checked';
}

/**
 * Creates a verifier for bearer JWTs from the trusted issuers.
 * @param {TrustedIssuer[]} [trusted]
 * @returns {BearerVerifier}
 */
export function createBearerVerifier(trusted = []) {
  /** @type {TrustedIssuer[]} */
  let entries = [];
  /** @type {Map<string, ReturnType<typeof createRemoteJWKSet> | ReturnType<typeof createLocalJWKSet>>} */
  const keySets = new Map();

  /** @param {TrustedIssuer} entry */
  const keySetFor = (entry) => {
    const cacheKey = entry.jwksUri ?? `local:${entry.issuer}:${JSON.stringify(entry.jwks)}`;
    let keySet = keySets.get(cacheKey);
    if (!keySet) {
      keySet = entry.jwksUri ? createRemoteJWKSet(new URL(entry.jwksUri), { timeoutDuration: 5000, cooldownDuration: 1000 }) : createLocalJWKSet(/** @type {import('jose').JSONWebKeySet} */ (entry.jwks));
      keySets.set(cacheKey, keySet);
    }
    return keySet;
  };

  /** @param {string} description @returns {BearerResult} */
  const reject = (description) => ({ ok: false, status: 401, error: 'invalid_token', description });

  /** @type {BearerVerifier} */
  const verifier = {
    addTrusted(entry) {
      const clean = validateEntry(entry);
      const sameAudience = (/** @type {TrustedIssuer} */ other) => JSON.stringify(other.audience) === JSON.stringify(clean.audience);
      entries = [...entries.filter((other) => !(other.issuer === clean.issuer && sameAudience(other))), clean];
    },
    removeTrusted(issuer) {
      const before = entries.length;
      entries = entries.filter((entry) => entry.issuer !== issuer);
      return entries.length !== before;
    },
    trusted: () => entries.map((entry) => ({ ...entry })),
    async verify(authorization) {
      if (!authorization) return reject('missing bearer token (Authorization: Bearer <token>)');
      const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(authorization);
      if (!match) return reject('the Authorization header is not "Bearer <token>"');
      const token = /** @type {string} */ (match[1]);
      /** @type {unknown} */
      let issuer;
      try {
        issuer = decodeJwt(token).iss;
      } catch {
        return reject('the access token is not a JWT');
      }
      const candidates = entries.filter((entry) => entry.issuer === issuer);
      if (candidates.length === 0) return reject('the access token comes from an untrusted issuer');
      /** @type {unknown} */
      let lastError;
      for (const entry of candidates) {
        try {
          const { payload } = await jwtVerify(token, keySetFor(entry), { issuer: entry.issuer, audience: entry.audience, clockTolerance: CLOCK_TOLERANCE, algorithms: ALGORITHMS, requiredClaims: ['exp', 'sub'] });
          return { ok: true, claims: payload, issuer: { ...entry } };
        } catch (error) {
          lastError = error;
        }
      }
      return reject(describeFailure(lastError));
    },
  };
  for (const entry of trusted) verifier.addTrusted(entry);
  return verifier;
}
