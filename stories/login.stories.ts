import '@suite-widgets/login/define';
import type { SuiteLogin } from '@suite-widgets/login';
import type { Args, Meta, StoryObj } from '@storybook/web-components-vite';
import { getStorybookHelpers } from '@wc-toolkit/storybook-helpers';
import { html } from 'lit';
import { HttpResponse, delay, http } from 'msw';
import { expect, userEvent, waitFor } from 'storybook/test';
import { storyArgs } from './support/args.js';

/*
 * Every state of <suite-login>, offline: msw plays the host site's BFF (on this origin, under
 * /bff-fixture) and an OpenID provider (idp.example.test). The browser journeys against the real
 * provider and BFF are in packages/login/test/journeys.e2e.test.js; `npm start` runs them for real
 * on the demo portal (http://127.0.0.1:8787/login/bff.html, /login/oidc.html).
 */
const TAG = 'suite-login';
const BFF = '/bff-fixture';
const ISSUER = 'https://idp.example.test';
const helpers = getStorybookHelpers<SuiteLogin>(TAG);
const defaultArgs: Args = storyArgs(helpers, ['status', 'user', 'error']).args;

const ALICE = {
  sub: '5f0c9b2e-7a41-4d8e-9c63-a1b2c3d4e5f6',
  given_name: 'Alice',
  usual_name: 'Martin',
  email: 'alice@ministere.example',
  uid: 'alice',
  siret: '13002526500013',
  organizational_unit: 'Direction du numérique',
};

const me = (answer: () => Response | Promise<Response>) => [
  http.get(`*${BFF}/me`, answer),
  http.get(`*${BFF}/token`, () => HttpResponse.json({ access_token: 'fixture-token', token_type: 'Bearer', expires_in: 300 })),
  http.post(`*${BFF}/logout`, () => HttpResponse.json({ redirect: null })),
];
const signedIn = me(() => HttpResponse.json({ user: ALICE, acr: 'eidas1', expiresAt: Date.now() + 3_600_000, accessTokenExpiresAt: Date.now() + 3_600_000 }));
const signedOut = me(() => HttpResponse.json({ error: 'not_signed_in' }, { status: 401 }));
const provider = [
  http.get(`${ISSUER}/.well-known/openid-configuration`, () =>
    HttpResponse.json({ issuer: ISSUER, authorization_endpoint: `${ISSUER}/authorize`, token_endpoint: `${ISSUER}/token`, end_session_endpoint: `${ISSUER}/logout`, jwks_uri: `${ISSUER}/jwks` }),
  ),
  http.post(`${ISSUER}/token`, () => HttpResponse.json({ error: 'invalid_grant' }, { status: 400 })),
];

/** Tokens as <suite-login> keeps them in the tab's sessionStorage (OIDC mode). */
function seedOidcTokens(): void {
  const now = Math.floor(Date.now() / 1000);
  sessionStorage.setItem(
    `suite-login:${ISSUER}:intranet`,
    JSON.stringify({ access_token: 'fixture', token_type: 'Bearer', refresh_token: 'fixture', session_state: null, expires_at: now + 3600, obtained_at: now, profile: { ...ALICE, acr: 'eidas1' } }),
  );
}

const about = (fr: string, en: string) => ({ docs: { description: { story: `${fr}\n\n*${en}*` } } });

const meta: Meta = {
  title: 'Widgets/suite-login',
  component: TAG,
  tags: ['autodocs'],
  args: { ...defaultArgs, 'bff-url': BFF },
  argTypes: { ...helpers.argTypes, theme: { ...helpers.argTypes.theme, control: 'select', options: ['light', 'dark', 'system'] } },
  render: (args) => html`<div style="display:flex;justify-content:flex-end;min-height:18rem;padding:1rem">${helpers.template(args)}</div>`,
  parameters: { msw: { handlers: { bff: signedOut, provider } } },
  beforeEach: () => sessionStorage.clear(),
};
export default meta;
type Story = StoryObj;

const statusOf = (canvas: HTMLElement) => (canvas.querySelector(TAG) as SuiteLogin).status;

export const SignedOutProConnect: Story = {
  parameters: about('Déconnecté, mode BFF : le bouton officiel ProConnect et le lien « Qu’est-ce que ProConnect ? ».', 'Signed out, BFF mode: the official ProConnect button.'),
  play: async ({ canvasElement }) => waitFor(() => expect(statusOf(canvasElement)).toBe('signed-out')),
};

export const SignedOutOtherProvider: Story = {
  args: { 'provider-name': 'Keycloak' },
  parameters: about('Un autre fournisseur (`provider-name`) : un bouton générique.', 'Another provider: a generic button.'),
};

export const Restoring: Story = {
  parameters: {
    msw: { handlers: { bff: me(() => delay('infinite').then(() => HttpResponse.json({}))) } },
    ...about('Au chargement, pendant que le BFF répond.', 'At page load, while the BFF answers.'),
  },
};

export const SigningIn: Story = {
  args: { 'bff-url': '', issuer: ISSUER, 'client-id': 'intranet', popup: true },
  parameters: about(
    'Connexion en cours dans une fenêtre (mode OIDC, `popup`) : la page reste, un bouton annule.',
    'Signing in in a popup (OIDC mode): the page stays, a button cancels.',
  ),
  play: async ({ canvasElement }) => {
    // A window that stays open, instead of a real popup.
    window.open = () => ({ closed: false, close() {}, location: { href: '' } }) as unknown as Window;
    const el = canvasElement.querySelector(TAG) as SuiteLogin;
    await waitFor(() => expect(el.status).toBe('signed-out'));
    await userEvent.click(el.shadowRoot!.querySelector('button')!);
    await waitFor(() => expect(el.status).toBe('signing-in'));
  },
};

export const SignedIn: Story = {
  parameters: { msw: { handlers: { bff: signedIn } }, ...about('Connecté : initiales, nom ; le menu s’ouvre au clic ou au clavier.', 'Signed in: initials and name.') },
  play: async ({ canvasElement }) => waitFor(() => expect(statusOf(canvasElement)).toBe('signed-in')),
};

export const SignedInMenuOpen: Story = {
  parameters: { msw: { handlers: { bff: signedIn } }, ...about('Le menu : nom, courriel, organisation, SIRET, « Se déconnecter ».', 'The menu: name, email, organisation, SIRET, sign out.') },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector(TAG) as SuiteLogin;
    await waitFor(() => expect(el.status).toBe('signed-in'));
    await userEvent.click(el.shadowRoot!.querySelector('[part="user-button"]')!);
    await waitFor(() => expect(el.shadowRoot!.querySelector<HTMLElement>('[part="menu"]')!.hidden).toBe(false));
  },
};

export const SignedInOidc: Story = {
  args: { 'bff-url': '', issuer: ISSUER, 'client-id': 'intranet' },
  // After the meta's beforeEach, which empties the storage.
  beforeEach: () => seedOidcTokens(),
  parameters: about('Mode OIDC, session retrouvée dans l’onglet (sessionStorage).', 'OIDC mode, session found in the tab.'),
};

export const Expired: Story = {
  parameters: {
    msw: { handlers: { bff: me(() => HttpResponse.json({ error: 'session_expired' }, { status: 401 })) } },
    ...about('Session expirée : « Se reconnecter » ; ce qui est saisi dans la page est conservé.', 'Session expired: sign in again.'),
  },
};

export const ErrorAccessDenied: Story = {
  loaders: [
    () => {
      const url = new URL(location.href);
      url.searchParams.set('suite-login-error', 'access_denied');
      url.searchParams.set('suite-login-error-description', 'L’utilisateur a refusé la connexion.');
      history.replaceState(history.state, '', url.href);
    },
  ],
  parameters: about('Le fournisseur a refusé : un message humain, ses mots en détail, « Réessayer ».', 'The provider refused: a human message, its words, retry.'),
};

export const ErrorBffDown: Story = {
  parameters: { msw: { handlers: { bff: me(() => HttpResponse.error()) } }, ...about('Le BFF est injoignable.', 'The BFF cannot be reached.') },
};

export const ErrorMisconfigured: Story = {
  args: { 'bff-url': '' },
  parameters: about('Aucun attribut : « mal configuré », et la console nomme l’attribut manquant.', 'No attribute: misconfigured; the console names the attribute.'),
};

export const English: Story = {
  args: { lang: 'en' },
  parameters: { msw: { handlers: { bff: signedIn } }, ...about('En anglais (`lang="en"`).', 'In English.') },
};

export const Dark: Story = {
  args: { theme: 'dark' },
  parameters: { msw: { handlers: { bff: signedOut } }, backgrounds: { default: 'dark' }, ...about('Thème sombre.', 'Dark theme.') },
};
