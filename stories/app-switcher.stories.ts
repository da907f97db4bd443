import '@suite-widgets/app-switcher/define';
import { installLaGaufreCompat } from '@suite-widgets/app-switcher/lagaufre';
import type { SuiteAppSwitcher } from '@suite-widgets/app-switcher';
import type { Args, ArgTypes, Decorator, Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { getStorybookHelpers } from '@wc-toolkit/storybook-helpers';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { expect, userEvent, waitFor } from 'storybook/test';
import {
  clearCachedList,
  fixtureHandlers,
  fixtureUrl,
  inlineServices,
  isSimulated,
  saveCachedList,
  servicesUrlFor,
} from './support/app-switcher-fixtures.js';
import { storyArgs } from './support/args.js';

const TAG = 'suite-app-switcher';

const helpers = getStorybookHelpers<SuiteAppSwitcher>(TAG);

/*
 * Properties without a usable default (`services = ''` is an invalid list) and the element's own
 * state (`status`) are left out of the default args.
 */
const { args: defaultArgs, argTypes: typedArgTypes } = storyArgs(helpers, ['services', 'triggerElement', 'popupPosition', 'status']);

const argTypes: ArgTypes = {
  ...typedArgTypes,
  theme: { ...helpers.argTypes.theme, control: 'select', options: ['light', 'dark', 'system'] },
  labels: { ...helpers.argTypes.labels, control: 'object' },
  popupPosition: { ...helpers.argTypes.popupPosition, control: 'object' },
  triggerElement: { ...helpers.argTypes.triggerElement, control: false },
  status: { ...helpers.argTypes.status, control: false },
};

/** The element with the story's args, its services URL switched to the testbed when asked. */
function renderSwitcher(args: Args, context: StoryContext, slot?: TemplateResult): TemplateResult {
  return helpers.template({ ...args, 'services-url': servicesUrlFor(args['services-url'], context.globals) ?? '' }, slot);
}

/** The services URL the story's element fetches (the sessionStorage cache is keyed by it). */
const effectiveUrl = (context: StoryContext): string | undefined => servicesUrlFor(context.args['services-url'], context.globals);

/** A host page's header, with the switcher at its end, where sites put it. */
const withHeader: Decorator = (story, context) => html`<style>
    .sb-header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
      padding: 0.5rem 1rem;
      border-bottom: 1px solid #dddddd;
    }
    .sb-header__brand {
      font-weight: 700;
    }
    .sb-header__tools {
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    .sb-page-button {
      font: inherit;
      padding: 0.5rem 1rem;
      border: 1px solid currentColor;
      border-radius: 0.25rem;
      background: transparent;
      color: inherit;
      cursor: pointer;
    }
    .sb-simulated {
      margin: 0.5rem 1rem 0;
      font-size: 0.875rem;
    }
  </style>
  <header class="sb-header">
    <span class="sb-header__brand">Ministère de l’Exemple · Mon application</span>
    <div class="sb-header__tools">${story()}</div>
  </header>
  ${isSimulated(context.args['services-url'], context.globals)
    ? html`<p class="sb-simulated" role="note">
        Cet état est simulé par msw, même avec le banc d’essai. / This state is simulated by msw, even with the testbed.
      </p>`
    : nothing}`;

const meta: Meta = {
  title: 'Widgets/App switcher (gaufre)',
  component: TAG,
  decorators: [withHeader],
  args: { ...defaultArgs, 'services-url': fixtureUrl('ok', 'default') },
  argTypes,
  render: (args, context) => renderSwitcher(args, context),
  parameters: {
    msw: { handlers: { services: fixtureHandlers } },
    docs: {
      source: { excludeDecorators: true },
      // The helpers' argTypes already come from the manifest; Storybook's own reading of it would
      // be merged in first and scramble the table's categories.
      extractArgTypes: () => null,
    },
  },
  // Each story starts and ends without a saved list for its URL: a list cached by one story must
  // not turn another story's error into the offline notice.
  beforeEach: (context) => {
    const url = effectiveUrl(context);
    clearCachedList(url);
    return () => clearCachedList(url);
  },
};
export default meta;

type Story = StoryObj;

const about = (fr: string, en: string) => ({ docs: { description: { story: `${fr}\n\n*${en}*` } } });

// ---------------------------------------------------------------------------------------------
// Play helpers: the element's UI is in its shadow root.

function switcherIn(root: ParentNode): SuiteAppSwitcher {
  const element = root.querySelector(TAG);
  if (!element) throw new Error(`no <${TAG}> in the story`);
  return element;
}

function inShadow<E extends Element = HTMLElement>(element: SuiteAppSwitcher, selector: string): E | null {
  return element.shadowRoot?.querySelector<E>(selector) ?? null;
}

const links = (element: SuiteAppSwitcher) => [...(element.shadowRoot?.querySelectorAll<HTMLAnchorElement>('[part~="link"]') ?? [])];

/** Waits until the list is settled (shown, empty or failed), then opens the popup with the button. */
async function openSwitcher(element: SuiteAppSwitcher, { settle = true } = {}): Promise<void> {
  if (settle) await waitFor(() => expect(['ready', 'empty', 'error']).toContain(element.status), { timeout: 8000 });
  await element.updateComplete;
  const button = inShadow(element, '[part="button"]');
  await expect(button).toBeTruthy();
  await userEvent.click(button!);
  await waitFor(() => expect(inShadow(element, '[part="popup"]')).toBeTruthy());
  await element.updateComplete;
}

/** Opens the popup, then waits for the error state (failures are retried twice with backoff). */
async function openAndExpectError(canvasElement: HTMLElement, title: RegExp): Promise<void> {
  const element = switcherIn(canvasElement);
  await openSwitcher(element);
  await waitFor(() => expect(inShadow(element, '[part="error"]')).toBeTruthy(), { timeout: 8000 });
  await expect(inShadow(element, '[part="error"]')?.textContent ?? '').toMatch(title);
  await expect(inShadow(element, '[part="retry-button"]')).toBeTruthy();
}

// ---------------------------------------------------------------------------------------------
// The list

export const Default: Story = {
  parameters: about(
    'Le bouton « gaufre », fermé. Il charge la liste des services dès son arrivée dans la page ; un clic l’ouvre.',
    'The "gaufre" button, closed. It loads the services list as soon as it is on the page; a click opens it.',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await element.updateComplete;
    const button = inShadow(element, '[part="button"]');
    await expect(button?.getAttribute('aria-expanded')).toBe('false');
    await waitFor(() => expect(element.status).toBe('ready'));
  },
};

export const Open: Story = {
  args: { 'services-url': fixtureUrl('ok', 'open') },
  parameters: about(
    'La fenêtre ouverte : 6 services, badges de maturité (alpha, bêta), nom de l’organisation et « Plus d’applications ». La fonction `play` clique sur le bouton (l’attribut `open` l’ouvre aussi).',
    'The popup open: 6 services, maturity badges (alpha, beta), the organization name and "More apps". The `play` function clicks the button (the `open` attribute opens it too).',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element);
    await expect(links(element)).toHaveLength(6);
    await expect(inShadow(element, '[part="more-button"]')).toBeTruthy();
  },
};

export const CurrentApp: Story = {
  name: 'Current app highlighted',
  args: { 'services-url': fixtureUrl('ok', 'current'), current: 'visio' },
  parameters: about(
    '`current="visio"` : le service de la page est mis en évidence, annoncé comme « application actuelle » et reçoit le focus. `current` accepte un `id` ou une URL.',
    '`current="visio"`: the page\'s own service is highlighted, announced as "current app" and focused. `current` takes an `id` or a URL.',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element);
    const current = inShadow(element, '[aria-current="page"]');
    await expect(current?.textContent ?? '').toContain('Visio');
  },
};

export const ManyServicesWithSearch: Story = {
  name: 'Many services with search',
  args: { 'services-url': fixtureUrl('ok', 'search'), 'search-threshold': 4 },
  parameters: about(
    '`search-threshold="4"` : au-delà de 4 services, un champ de recherche filtre la liste (sans tenir compte des accents). La fonction `play` tape « vi ».',
    '`search-threshold="4"`: above 4 services, a search box filters the list (accents ignored). The `play` function types "vi".',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element);
    const search = inShadow<HTMLInputElement>(element, '[part="search"]');
    await expect(search).toBeTruthy();
    await userEvent.type(search!, 'vi');
    await waitFor(() => expect(links(element).map((link) => link.querySelector('[part="name"]')?.textContent)).toEqual(['Visio', 'RDV Service Public']));
  },
};

export const Overflow: Story = {
  name: 'Overflow "more apps"',
  args: { 'services-url': fixtureUrl('ok', 'overflow'), 'show-more-limit': 4 },
  parameters: about(
    '`show-more-limit="4"` : 4 services, puis « Plus d’applications (8) ». La fonction `play` déplie la liste complète.',
    '`show-more-limit="4"`: 4 services, then "More apps (8)". The `play` function expands the full list.',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element);
    await expect(links(element)).toHaveLength(4);
    await userEvent.click(inShadow(element, '[part="more-button"]')!);
    await waitFor(() => expect(links(element)).toHaveLength(12));
  },
};

export const FewServices: Story = {
  name: 'Few services (no search)',
  args: { 'services-url': fixtureUrl('few', 'few') },
  parameters: about(
    'Quatre services : ni recherche, ni « Plus d’applications ».',
    'Four services: no search box, no "More apps".',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element);
    await expect(links(element)).toHaveLength(4);
    await expect(inShadow(element, '[part="search"]')).toBeNull();
    await expect(inShadow(element, '[part="more-button"]')).toBeNull();
  },
};

// ---------------------------------------------------------------------------------------------
// Data given by the page

export const InlineData: Story = {
  name: 'Inline data (services property)',
  args: { 'services-url': '', services: inlineServices() },
  parameters: about(
    'La liste passée par la propriété `services` (objet `{services, organization}` ou tableau) : aucune requête.',
    'The list given through the `services` property (a `{services, organization}` object or an array): no request.',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element);
    await expect(links(element)).toHaveLength(6);
  },
};

export const JsonScriptChild: Story = {
  name: 'JSON script child',
  args: {
    'services-url': '',
    'default-slot': `<script type="application/json">${JSON.stringify(inlineServices())}</script>`,
  },
  parameters: about(
    'La liste dans un enfant `<script type="application/json">` : pratique pour un rendu serveur, aucune requête.',
    'The list in a `<script type="application/json">` child: handy for server rendering, no request.',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element);
    await expect(links(element)).toHaveLength(6);
  },
};

// ---------------------------------------------------------------------------------------------
// States

export const Loading: Story = {
  args: { 'services-url': fixtureUrl('slow', 'loading'), timeout: 600000 },
  parameters: about(
    'Une réponse qui n’arrive jamais (`delay("infinite")`) : la fenêtre montre le chargement. `timeout` est porté à 10 min pour que l’état reste affiché.',
    'An answer that never comes (`delay("infinite")`): the popup shows the loading state. `timeout` is raised to 10 min so that the state stays.',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element, { settle: false });
    await expect(inShadow(element, '[part="loading"]')).toBeTruthy();
  },
};

export const Empty: Story = {
  args: { 'services-url': fixtureUrl('empty', 'empty') },
  parameters: about('`{"services": []}` : un message l’indique.', '`{"services": []}`: a message says so.'),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element);
    await expect(inShadow(element, '[part="empty"]')).toBeTruthy();
  },
};

export const ServerError: Story = {
  name: 'Error 500',
  args: { 'services-url': fixtureUrl('serverError', 'error-500') },
  parameters: about(
    'Le serveur répond 500 (trois essais, avec attente croissante) : message d’erreur, bouton « Réessayer », événement `suite-error`.',
    'The server answers 500 (three attempts, with backoff): an error message, a "Try again" button, a `suite-error` event.',
  ),
  play: ({ canvasElement }) => openAndExpectError(canvasElement, /n’a pas pu être chargée|could not be loaded/),
};

export const NotFound: Story = {
  name: 'Error 404',
  args: { 'services-url': fixtureUrl('notFound', 'error-404') },
  parameters: about(
    'L’adresse de la liste répond 404 : erreur sans nouvel essai automatique (le bouton « Réessayer » reste là).',
    'The list\'s URL answers 404: an error without automatic retries (the "Try again" button stays).',
  ),
  play: ({ canvasElement }) => openAndExpectError(canvasElement, /introuvable|cannot be found/),
};

export const NetworkDown: Story = {
  name: 'Network down',
  args: { 'services-url': fixtureUrl('networkDown', 'network-down') },
  parameters: about(
    'La requête échoue (réseau coupé, `HttpResponse.error()`) et aucune liste n’a été enregistrée : « Le service est injoignable ».',
    'The request fails (network down, `HttpResponse.error()`) and no list was saved: "The service cannot be reached".',
  ),
  play: ({ canvasElement }) => openAndExpectError(canvasElement, /injoignable|cannot be reached/),
};

export const MalformedJson: Story = {
  name: 'Malformed JSON',
  args: { 'services-url': fixtureUrl('malformed', 'malformed') },
  parameters: about(
    'Un JSON tronqué : « La liste des services reçue est invalide ».',
    'Truncated JSON: "The list of services received is not valid".',
  ),
  play: ({ canvasElement }) => openAndExpectError(canvasElement, /invalide|not valid/),
};

export const BadShape: Story = {
  name: 'Bad shape',
  args: { 'services-url': fixtureUrl('badShape', 'bad-shape') },
  parameters: about(
    'Du JSON, mais pas `{services: [...]}` (`{items: [...]}`) : liste invalide.',
    'JSON, but not `{services: [...]}` (`{items: [...]}`): an invalid list.',
  ),
  play: ({ canvasElement }) => openAndExpectError(canvasElement, /invalide|not valid/),
};

export const InvalidEntries: Story = {
  name: 'Invalid entries (dropped)',
  args: { 'services-url': fixtureUrl('invalidEntries', 'invalid-entries') },
  parameters: about(
    'Sept entrées dont trois inutilisables (sans nom, sans URL, URL `javascript:`) : les quatre bonnes sont affichées, les autres sont nommées dans la console.',
    'Seven entries, three unusable (no name, no URL, a `javascript:` URL): the four good ones are shown, the others are named in the console.',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element);
    await expect(links(element).map((link) => link.querySelector('[part="name"]')?.textContent)).toEqual(['Docs', 'Visio', 'Tchap', 'Grist']);
  },
};

export const HostileContent: Story = {
  name: 'Hostile content (sanitised)',
  args: { 'services-url': fixtureUrl('hostile', 'hostile') },
  parameters: about(
    'Du HTML et du script dans les noms, des logos `javascript:` et `data:text/html` : tout s’affiche comme du texte, les logos dangereux sont remplacés par l’initiale, rien ne s’exécute.',
    'HTML and script in names, `javascript:` and `data:text/html` logos: everything shows as text, unsafe logos are replaced by the initial, nothing runs.',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element);
    const names = links(element).map((link) => link.querySelector('[part="name"]')?.textContent ?? '');
    await expect(names).toContain('<img src=x onerror=alert(1)>Docs');
    await expect(element.shadowRoot?.querySelector('script, img[src="x"], iframe')).toBeNull();
    const logos = [...(element.shadowRoot?.querySelectorAll('img') ?? [])].map((img) => img.getAttribute('src') ?? '');
    await expect(logos.filter((src) => !/^https?:\/\//.test(src))).toEqual([]);
  },
};

const OFFLINE_URL = fixtureUrl('networkDown', 'offline-cache');

export const OfflineWithCachedList: Story = {
  name: 'Offline with cached list',
  args: { 'services-url': OFFLINE_URL },
  parameters: about(
    'Une liste a été enregistrée plus tôt dans la session (sessionStorage), puis le réseau tombe : la liste enregistrée reste affichée, avec un avertissement et « Réessayer ».',
    'A list was saved earlier in the session (sessionStorage), then the network fails: the saved list stays, with a notice and "Try again".',
  ),
  beforeEach: (context) => {
    const url = effectiveUrl(context) ?? OFFLINE_URL;
    saveCachedList(url, inlineServices());
    return () => clearCachedList(url);
  },
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element, { settle: false });
    await expect(links(element)).toHaveLength(6);
    await waitFor(() => expect(inShadow(element, '.notice')).toBeTruthy(), { timeout: 8000 });
  },
};

// ---------------------------------------------------------------------------------------------
// Page settings

export const DarkMode: Story = {
  name: 'Dark mode',
  args: { 'services-url': fixtureUrl('ok', 'dark') },
  globals: { theme: 'dark' },
  parameters: about(
    'Le thème sombre suit `data-fr-theme="dark"` du DSFR sur un ancêtre (ici la page), ou l’attribut `theme`.',
    'The dark theme follows DSFR\'s `data-fr-theme="dark"` on an ancestor (here the page), or the `theme` attribute.',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element);
  },
};

export const English: Story = {
  args: { 'services-url': fixtureUrl('ok', 'english') },
  globals: { lang: 'en' },
  parameters: about(
    'La langue suit `lang` de l’élément ou d’un ancêtre (ici la page, `lang="en"`).',
    'The language follows `lang` on the element or an ancestor (here the page, `lang="en"`).',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element);
    await expect(inShadow(element, '[part="more-button"]')?.textContent ?? '').toContain('More apps');
  },
};

export const CustomTrigger: Story = {
  name: 'Custom trigger',
  args: { 'services-url': fixtureUrl('ok', 'custom-trigger'), trigger: 'sb-services-button', 'hide-button': true },
  render: (args, context) =>
    html`<button id="sb-services-button" type="button" class="sb-page-button">Nos services</button>${renderSwitcher(args, context)}`,
  parameters: about(
    '`trigger="sb-services-button"` : un bouton de la page ouvre la fenêtre (il reçoit `aria-haspopup` et `aria-expanded`) ; `hide-button` masque le bouton intégré.',
    '`trigger="sb-services-button"`: a button of the page opens the popup (it gets `aria-haspopup` and `aria-expanded`); `hide-button` hides the built-in button.',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await waitFor(() => expect(element.status).toBe('ready'));
    const button = canvasElement.querySelector<HTMLButtonElement>('#sb-services-button')!;
    await userEvent.click(button);
    await waitFor(() => expect(inShadow(element, '[part="popup"]')).toBeTruthy());
    await expect(button.getAttribute('aria-expanded')).toBe('true');
  },
};

export const SmallScreen: Story = {
  name: 'Small screen',
  args: { 'services-url': fixtureUrl('ok', 'small-screen') },
  globals: { viewport: { value: 'mobile1', isRotated: false } },
  parameters: about(
    'Sous 480 px de large, la fenêtre occupe tout l’écran. La fenêtre d’affichage « Small mobile » (320 px) est choisie dans la barre d’outils ; dans la documentation, agrandissez l’histoire ou réduisez la fenêtre.',
    'Below 480 px wide, the popup takes the whole screen. The "Small mobile" viewport (320 px) is set in the toolbar; in the docs page, open the story on its own or make the window narrow.',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element);
  },
};

// ---------------------------------------------------------------------------------------------
// Compatibility and live backend

const LAGAUFRE_BUTTON_ID = 'sb-lagaufre-button';

/** Runs La Gaufre v2's `init` on the page's button, and `destroy` when the story goes away. */
function laGaufre(api: string | undefined) {
  return (button: Element | undefined) => {
    const queue = (window._lasuite_widget ??= []);
    if (!button) {
      queue.push(['lagaufre', 'destroy']);
      return;
    }
    // As a v2 page does: commands queued before the script, then the script takes the queue over.
    queue.push(['lagaufre', 'init', { api, buttonElement: button, label: 'Services de l’État', showMoreLimit: 6 }]);
    installLaGaufreCompat();
  };
}

export const LaGaufreV2: Story = {
  name: 'La Gaufre v2 compatibility',
  args: { 'services-url': fixtureUrl('ok', 'lagaufre') },
  render: (args, context) =>
    html`<button
      id=${LAGAUFRE_BUTTON_ID}
      type="button"
      class="sb-page-button lasuite-gaufre-btn"
      ${ref(laGaufre(servicesUrlFor(args['services-url'], context.globals)))}
    >
      Services
    </button>`,
  parameters: {
    ...about(
      'Un site qui intègre La Gaufre v2 garde son code : `window._lasuite_widget.push(["lagaufre", "init", {api, buttonElement, …}])` puis `installLaGaufreCompat()` (dans la version CDN, le script s’en charge). Le widget est ajouté à `<body>` ; `destroy` l’enlève quand on quitte l’histoire.',
      'A site that embeds La Gaufre v2 keeps its code: `window._lasuite_widget.push(["lagaufre", "init", {api, buttonElement, …}])` then `installLaGaufreCompat()` (the CDN script does it). The widget is appended to `<body>`; `destroy` removes it when the story goes away.',
    ),
    controls: { disable: true },
  },
  play: async ({ canvasElement }) => {
    const element = await waitFor(() => switcherIn(document.body));
    await waitFor(() => expect(element.status).toBe('ready'));
    await userEvent.click(canvasElement.querySelector<HTMLButtonElement>(`#${LAGAUFRE_BUTTON_ID}`)!);
    await waitFor(() => expect(inShadow(element, '[part="popup"]')).toBeTruthy());
    await expect(inShadow(element, '[part="title"]')?.textContent).toBe('Services de l’État');
  },
};

export const LiveTestbed: Story = {
  name: 'Live testbed',
  args: { 'services-url': fixtureUrl('ok', 'live') },
  globals: { backend: 'testbed' },
  parameters: about(
    'La vraie liste servie par le banc d’essai, via sa passerelle (`STORYBOOK_TESTBED_URL`, donné par `npm start`). Sans banc d’essai, une note le dit et les données fictives sont affichées. Le menu « Backend » de la barre d’outils fait de même pour toutes les histoires.',
    'The real list served by the testbed, through its gateway (`STORYBOOK_TESTBED_URL`, set by `npm start`). Without the testbed, a note says so and the fixtures are shown. The toolbar\'s "Backend" menu does the same for every story.',
  ),
  play: async ({ canvasElement }) => {
    const element = switcherIn(canvasElement);
    await openSwitcher(element);
  },
};
