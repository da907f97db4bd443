import type { LoginMessages } from './fr.js';

/** English messages of <suite-login>. */
export const en: LoginMessages = {
  proConnectButton: 'Sign in with',
  proConnectName: 'ProConnect',
  proConnectAbout: 'What is ProConnect?',
  newWindow: ' - new window',
  signIn: 'Sign in',
  signInWith: (provider: string) => `Sign in with ${provider}`,
  signingIn: 'Signing in…',
  cancel: 'Cancel',
  restoring: 'Checking your session…',
  signOut: 'Sign out',
  signingOut: 'Signing out…',
  organization: 'Organisation',
  siret: 'SIRET',
  email: 'Email',
  expiredTitle: 'Your session has expired.',
  expiredMessage: 'Sign in again to continue: what you typed on the page is kept.',
  signInAgain: 'Sign in again',
  errorTitle: 'Sign-in failed',
  detail: (text: string) => `Details: ${text}`,
  popupDone: 'Signed in: you can close this window.',
  announceSignedIn: (name: string) => `Signed in as ${name}.`,
  announceSignedOut: 'You are signed out.',
  announceExpired: 'Your session has expired.',
  announceCancelled: 'Sign-in cancelled.',
};
