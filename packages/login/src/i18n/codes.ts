import type { Lang } from '@suite-widgets/core';

/**
 * What each sign-in failure means, for the person: loaded only when an error is shown (a chunk
 * of its own in the CDN build). If it cannot be loaded, the widget says the core's message for
 * the error's kind instead.
 */
const fr = {
  config: 'Ce bouton de connexion est mal configuré. Prévenez l’administrateur du site.',
  access_denied: 'La connexion a été refusée, par vous ou par le fournisseur d’identité.',
  state_mismatch: 'La réponse de connexion ne correspond à aucune demande en cours (lien périmé ou déjà utilisé). Recommencez la connexion.',
  invalid_grant: 'Le code de connexion a expiré ou a déjà servi. Recommencez la connexion.',
  clock_skew: 'L’horloge du serveur ou de cet appareil est décalée : la connexion a été refusée par sécurité.',
  provider_unreachable: 'Le service de connexion est injoignable. Réessayez dans un instant.',
  invalid_token: 'La réponse du fournisseur d’identité n’a pas pu être vérifiée.',
  acr_not_satisfied: 'Le niveau de sécurité de cette connexion est insuffisant pour ce site.',
  popup_blocked: 'Le navigateur a bloqué la fenêtre de connexion. Autorisez les fenêtres pour ce site, puis réessayez.',
  login_required: 'Vous devez vous connecter de nouveau auprès du fournisseur d’identité.',
  invalid_client: 'Ce site n’est pas reconnu par le fournisseur d’identité (identifiant client inconnu).',
  origin_refused: 'Le fournisseur d’identité refuse les requêtes de ce site (adresse de retour non déclarée).',
  server_error: 'Le fournisseur d’identité a renvoyé une erreur. Réessayez dans un instant.',
  protocol: 'Le service de connexion a envoyé une réponse illisible.',
};

export type LoginErrorCode = keyof typeof fr;

const en: Record<LoginErrorCode, string> = {
  config: 'This sign-in button is misconfigured. Tell the site administrator.',
  access_denied: 'Sign-in was refused, by you or by the identity provider.',
  state_mismatch: 'The sign-in answer matches no sign-in in progress (an old or already used link). Start again.',
  invalid_grant: 'The sign-in code has expired or was already used. Start again.',
  clock_skew: 'The clock of the server or of this device is wrong: sign-in was refused for safety.',
  provider_unreachable: 'The sign-in service cannot be reached. Try again in a moment.',
  invalid_token: 'The identity provider’s answer could not be verified.',
  acr_not_satisfied: 'This sign-in is not secure enough for this site.',
  popup_blocked: 'The browser blocked the sign-in window. Allow pop-ups for this site, then try again.',
  login_required: 'You must sign in again with the identity provider.',
  invalid_client: 'The identity provider does not know this site (unknown client id).',
  origin_refused: 'The identity provider refuses requests from this site (its return address is not registered).',
  server_error: 'The identity provider returned an error. Try again in a moment.',
  protocol: 'The sign-in service sent an answer that cannot be read.',
};

export const codeMessages: Record<Lang, Record<LoginErrorCode, string>> = { fr, en };
