/** French messages of <suite-login>: the reference dictionary. */
export const fr = {
  proConnectButton: 'S’identifier avec',
  proConnectName: 'ProConnect',
  proConnectAbout: 'Qu’est-ce que ProConnect ?',
  newWindow: ' - nouvelle fenêtre',
  signIn: 'Se connecter',
  signInWith: (provider: string) => `Se connecter avec ${provider}`,
  signingIn: 'Connexion en cours…',
  cancel: 'Annuler',
  restoring: 'Vérification de la session…',
  signOut: 'Se déconnecter',
  signingOut: 'Déconnexion…',
  organization: 'Organisation',
  siret: 'SIRET',
  email: 'Courriel',
  expiredTitle: 'Votre session a expiré.',
  expiredMessage: 'Reconnectez-vous pour continuer : ce que vous avez saisi sur la page est conservé.',
  signInAgain: 'Se reconnecter',
  errorTitle: 'La connexion a échoué',
  detail: (text: string) => `Détail : ${text}`,
  popupDone: 'Connexion terminée : vous pouvez fermer cette fenêtre.',
  announceSignedIn: (name: string) => `Connecté en tant que ${name}.`,
  announceSignedOut: 'Vous êtes déconnecté.',
  announceExpired: 'Votre session a expiré.',
  announceCancelled: 'Connexion annulée.',
};

export type LoginMessages = typeof fr;
