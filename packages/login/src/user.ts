import type { SessionUser } from '@suite-widgets/core';

/** A claim as a short, trimmed string, or undefined (claims come from a server: any type). */
function text(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const trimmed = String(value).trim().slice(0, 200);
  return trimmed || undefined;
}

/**
 * The page session's user from OIDC claims: ProConnect's (`given_name`, `usual_name`, `siret`,
 * `organizational_unit`) or the standard ones (`name`, `family_name`, `preferred_username`).
 */
export function userFromClaims(claims: Record<string, unknown>): SessionUser {
  const givenName = text(claims, 'given_name');
  const familyName = text(claims, 'usual_name') ?? text(claims, 'family_name');
  const email = text(claims, 'email');
  const sub = text(claims, 'sub') ?? '';
  const name = text(claims, 'name') ?? ([givenName, familyName].filter(Boolean).join(' ') || text(claims, 'preferred_username') || email || sub);
  const user: SessionUser = { sub, name, claims: { ...claims } };
  if (givenName) user.givenName = givenName;
  if (familyName) user.familyName = familyName;
  if (email) user.email = email;
  const organization = text(claims, 'organizational_unit') ?? text(claims, 'organization') ?? text(claims, 'org_name');
  if (organization) user.organization = organization;
  const siret = text(claims, 'siret');
  if (siret) user.siret = siret;
  return user;
}

/** One or two capital letters for the avatar: given and family name, else the first words of the name. */
export function initials(user: SessionUser): string {
  const words = user.givenName || user.familyName ? [user.givenName, user.familyName] : (user.name ?? '').split(/[\s@._-]+/);
  const letters = words
    .map((word) => /\p{L}|\p{N}/u.exec(word ?? '')?.[0] ?? '')
    .filter(Boolean)
    .slice(0, 2)
    .join('');
  return letters.toLocaleUpperCase() || '?';
}

/** "13002526500013" as "130 025 265 00013", the way a SIRET is read out (SIREN + NIC). */
export function formatSiret(siret: string): string {
  return /^\d{14}$/.test(siret) ? `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}` : siret;
}
