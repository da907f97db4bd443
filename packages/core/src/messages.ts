import type { SuiteErrorKind } from './errors.js';
import type { Lang } from './i18n.js';

/** Messages of the shared views, in every supported language. */
export interface CoreMessages {
  loading: string;
  retry: string;
  errorTitle: string;
  errorKinds: Record<SuiteErrorKind, string>;
}

const fr: CoreMessages = {
  loading: 'Chargement…',
  retry: 'Réessayer',
  errorTitle: 'Une erreur est survenue',
  errorKinds: {
    config: 'Ce composant est mal configuré. Prévenez l’administrateur du site.',
    network: 'Le service est injoignable. Vérifiez votre connexion, puis réessayez.',
    timeout: 'Le service met trop de temps à répondre. Réessayez dans un instant.',
    auth: 'Votre session a expiré. Reconnectez-vous.',
    forbidden: 'Vous n’avez pas accès à ce contenu.',
    'not-found': 'Ce contenu est introuvable.',
    conflict: 'Ce contenu a changé entre-temps.',
    server: 'Le service rencontre un problème. Réessayez dans un instant.',
    protocol: 'Le service a envoyé une réponse illisible.',
    aborted: 'L’opération a été annulée.',
  },
};

const en: CoreMessages = {
  loading: 'Loading…',
  retry: 'Try again',
  errorTitle: 'Something went wrong',
  errorKinds: {
    config: 'This component is misconfigured. Tell the site administrator.',
    network: 'The service cannot be reached. Check your connection, then try again.',
    timeout: 'The service is taking too long to answer. Try again in a moment.',
    auth: 'Your session has expired. Sign in again.',
    forbidden: 'You do not have access to this content.',
    'not-found': 'This content cannot be found.',
    conflict: 'This content has changed in the meantime.',
    server: 'The service has a problem. Try again in a moment.',
    protocol: 'The service sent an answer that cannot be read.',
    aborted: 'The operation was cancelled.',
  },
};

export const coreMessages: Record<Lang, CoreMessages> = { fr, en };
