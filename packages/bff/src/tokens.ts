/**
 * The key that signs the short-lived tokens the BFF mints for sibling widgets, and its public JWK
 * set. The provider's own tokens never leave the server; backends trust these by the BFF's JWKS.
 */
import { createPublicKey, KeyObject, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';

export type SigningKeyInput = JWK | CryptoKey | KeyObject;

export interface SigningKey {
  alg: string;
  kid: string;
  key: CryptoKey | KeyObject | Uint8Array;
  publicJwk: JWK;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

function publicPart(jwk: JWK): JWK {
  const copy: Record<string, unknown> = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete copy[member];
  delete copy.key_ops;
  delete copy.ext;
  return copy;
}

function algForJwk(jwk: JWK): string {
  if (typeof jwk.alg === 'string' && jwk.alg !== '') return jwk.alg;
  if (jwk.kty === 'EC') {
    if (jwk.crv === 'P-256') return 'ES256';
    if (jwk.crv === 'P-384') return 'ES384';
    if (jwk.crv === 'P-521') return 'ES512';
  }
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  throw new Error(`suite-bff: cannot tell the signing algorithm of tokenSigningKey (kty ${String(jwk.kty)}, crv ${String(jwk.crv)}); set its "alg"`);
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object CryptoKey]';
}

function cryptoKeyAlg(key: CryptoKey, jwk: JWK): string {
  const algorithm = key.algorithm as { name: string; hash?: { name: string } };
  const bits = algorithm.hash?.name.replace('SHA-', '') ?? '256';
  if (algorithm.name === 'RSA-PSS') return `PS${bits}`;
  if (algorithm.name === 'RSASSA-PKCS1-v1_5') return `RS${bits}`;
  return algForJwk(jwk);
}

/** Imports (or generates, ES256) the signing key and computes its public JWK and kid. */
export async function loadSigningKey(input: SigningKeyInput | undefined): Promise<SigningKey> {
  let key: CryptoKey | KeyObject | Uint8Array;
  let publicJwk: JWK;
  let alg: string;
  if (input === undefined) {
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    publicJwk = await exportJWK(pair.publicKey);
    alg = 'ES256';
  } else if (input instanceof KeyObject) {
    if (input.type !== 'private') throw new Error('suite-bff: tokenSigningKey must be a private key');
    key = input;
    publicJwk = createPublicKey(input).export({ format: 'jwk' });
    alg = algForJwk(publicJwk);
  } else if (isCryptoKey(input)) {
    if (input.type !== 'private') throw new Error('suite-bff: tokenSigningKey must be a private key');
    if (!input.extractable) throw new Error('suite-bff: a CryptoKey tokenSigningKey must be extractable (its public JWK is published); or pass a JWK or a KeyObject');
    key = input;
    const exported = await exportJWK(input);
    publicJwk = publicPart(exported);
    alg = cryptoKeyAlg(input, exported);
  } else {
    const jwk = input;
    if (typeof jwk.d !== 'string' || jwk.kty === 'oct') throw new Error('suite-bff: tokenSigningKey must be a private asymmetric JWK (EC, RSA or OKP, with "d")');
    alg = algForJwk(jwk);
    key = await importJWK(jwk, alg);
    publicJwk = publicPart(jwk);
    if (typeof jwk.kid === 'string') publicJwk.kid = jwk.kid;
  }
  const kid = typeof publicJwk.kid === 'string' && publicJwk.kid !== '' ? publicJwk.kid : await calculateJwkThumbprint(publicJwk);
  return { alg, kid, key, publicJwk: { ...publicJwk, kid, alg, use: 'sig' } };
}

export interface MintRequest {
  issuer: string;
  audience: string;
  subject: string;
  /** Seconds since epoch. */
  issuedAt: number;
  /** Seconds since epoch. */
  expiresAt: number;
  claims: JWTPayload;
}

/** A signed JWT access token (`typ: at+jwt`, RFC 9068 style) for one audience. */
export function mintToken(signing: SigningKey, request: MintRequest): Promise<string> {
  return new SignJWT({ ...request.claims })
    .setProtectedHeader({ alg: signing.alg, kid: signing.kid, typ: 'at+jwt' })
    .setIssuer(request.issuer)
    .setAudience(request.audience)
    .setSubject(request.subject)
    .setIssuedAt(request.issuedAt)
    .setExpirationTime(request.expiresAt)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(signing.key);
}
