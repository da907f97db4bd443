/**
 * Sealed cookie values: AES-256-GCM (node:crypto) with one key per configured secret, derived by
 * HKDF-SHA-256. The first key seals; every key opens, so a secret can be rotated by putting the new
 * one first and keeping the old one until the longest cookie it sealed has expired.
 *
 * A value is bound to its purpose (the cookie it belongs to) through the GCM additional data, so a
 * login-state cookie cannot be replayed as a session cookie and the other way round.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

export const MIN_SECRET_LENGTH = 32;

export class Sealer {
  readonly #keys: Buffer[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('suite-bff: `secrets` needs at least one secret');
    this.#keys = secrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, 'suite-bff/cookie-seal', VERSION, 32)));
  }

  /** Encrypts `value` (any JSON) for `purpose`; the result is cookie-safe (base64url and dots). */
  seal(purpose: string, value: unknown): string {
    const key = this.#keys[0];
    if (key === undefined) throw new Error('suite-bff: no sealing key');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`${VERSION}:${purpose}`));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** The sealed value, or undefined when no key opens it (tampered, wrong purpose, unknown key). */
  open(purpose: string, sealed: string): unknown {
    const [version, data, extra] = sealed.split('.');
    if (version !== VERSION || data === undefined || extra !== undefined || !/^[\w-]+$/.test(data)) return undefined;
    const bytes = Buffer.from(data, 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES + 2) return undefined;
    const iv = bytes.subarray(0, IV_BYTES);
    const tag = bytes.subarray(bytes.length - TAG_BYTES);
    const ciphertext = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
    for (const key of this.#keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(`${VERSION}:${purpose}`));
        decipher.setAuthTag(tag);
        const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
        return JSON.parse(plain) as unknown;
      } catch {
        // Not this key (or tampered): try the next one.
      }
    }
    return undefined;
  }
}
