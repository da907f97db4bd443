import '@suite-widgets/file-picker/define';
import type { SuiteFilePicker } from '@suite-widgets/file-picker';
import type { Args, ArgTypes, Meta, StoryObj } from '@storybook/web-components-vite';
import { getStorybookHelpers } from '@wc-toolkit/storybook-helpers';
import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import {
  BIG_FOLDER,
  BIG_FOLDER_COUNT,
  clearFixtureSession,
  davHandlers,
  davRequests,
  davUrl,
  publishFixtureSession,
  resetDav,
} from './support/file-picker-fixtures.js';
import { storyArgs } from './support/args.js';

/*
 * Every state of <suite-file-picker>, offline: msw plays a WebDAV server in memory (an agent's
 * home on fichiers.exemple.gouv.fr, one URL per scenario). The picker against a real server
 * (Apache mod_dav, from the testbed) is in packages/file-picker/test/suite-file-picker.integration.test.ts.
 */
const TAG = 'suite-file-picker';

const helpers = getStorybookHelpers<SuiteFilePicker>(TAG);

/* `value` is the element's own state; credentials have no default. */
const { args: defaultArgs, argTypes: typedArgTypes } = storyArgs(helpers, ['value', 'accessToken', 'tokenProvider', 'basicAuth']);

const argTypes: ArgTypes = {
  ...typedArgTypes,
  theme: { ...helpers.argTypes.theme, control: 'select', options: ['light', 'dark', 'system'] },
  basicAuth: { ...helpers.argTypes.basicAuth, control: 'object' },
  value: { ...helpers.argTypes.value, control: false },
  accessToken: { ...helpers.argTypes.accessToken, control: false },
  tokenProvider: { ...helpers.argTypes.tokenProvider, control: false },
};

/** A picker's width on a page: wide enough for the grid, like a form's column. */
const renderPicker = (args: Args): TemplateResult => html`<div style="max-width:52rem">${helpers.template(args)}</div>`;

const meta: Meta = {
  title: 'Widgets/File picker',
  component: TAG,
  args: { ...defaultArgs, url: davUrl('ok') },
  argTypes,
  render: (args) => renderPicker(args),
  parameters: {
    msw: { handlers: { dav: davHandlers } },
    docs: {
      source: { excludeDecorators: true },
      // The helpers' argTypes already come from the manifest (see the app switcher's stories).
      extractArgTypes: () => null,
    },
  },
  // Each story starts from the same files: what another story uploaded or created is gone.
  beforeEach: () => resetDav(),
};
export default meta;

type Story = StoryObj;

const about = (fr: string, en: string) => ({ docs: { description: { story: `${fr}\n\n*${en}*` } } });

// ---------------------------------------------------------------------------------------------
// Play helpers: the element's UI is in its shadow root.

function pickerIn(root: ParentNode): SuiteFilePicker {
  const element = root.querySelector(TAG);
  if (!element) throw new Error(`no <${TAG}> in the story`);
  return element;
}

const inShadow = <E extends Element = HTMLElement>(element: SuiteFilePicker, selector: string): E | null => element.shadowRoot?.querySelector<E>(selector) ?? null;
const allInShadow = <E extends Element = HTMLElement>(element: SuiteFilePicker, selector: string): E[] => [...(element.shadowRoot?.querySelectorAll<E>(selector) ?? [])];
const textOf = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The names of the rows shown (the list is virtualized: the visible ones only). */
const names = (element: SuiteFilePicker) => allInShadow(element, '[role=option] .name').map((node) => node.textContent);
const option = (element: SuiteFilePicker, name: string) => allInShadow(element, '[role=option]').find((node) => node.querySelector('.name')?.textContent === name);
const buttonNamed = (element: SuiteFilePicker, label: string) => allInShadow<HTMLButtonElement>(element, 'button').find((node) => textOf(node) === label);
/** What the picker announces to screen readers (its polite live region). */
const announced = (element: SuiteFilePicker) => textOf(inShadow(element, '[role=status][aria-live]'));

/** Waits until the folder is shown (a list, the empty state or an error). */
async function settled(element: SuiteFilePicker): Promise<void> {
  await element.updateComplete;
  const shown = () => !inShadow(element, '[part="loading"]') && inShadow(element, '[part~="files"], [part="empty"], [part="error"]') !== null;
  await waitFor(() => expect(shown()).toBe(true), { timeout: 8000 });
}

/** Waits for the error state and checks its message; failures are retried with backoff first. */
async function expectError(element: SuiteFilePicker, message: string): Promise<void> {
  await waitFor(() => expect(textOf(inShadow(element, '[part="error"]'))).toContain(message), { timeout: 8000 });
}

/** Uploads as the "Envoyer des fichiers" button would, without the browser's file chooser. */
function upload(element: SuiteFilePicker, files: File[]): void {
  const input = inShadow<HTMLInputElement>(element, '#upload');
  if (!input) throw new Error('no upload input: is the picker readonly?');
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

const pdfFile = (name: string, size = 48_000) => new File([new Uint8Array(size)], name, { type: 'application/pdf' });

/** Opens a folder of the list with a click, as the user would. */
async function openFolder(element: SuiteFilePicker, name: string): Promise<void> {
  await waitFor(() => expect(option(element, name)).toBeTruthy());
  await userEvent.click(option(element, name)!);
  await waitFor(() => expect(textOf(inShadow(element, '[aria-current="location"]'))).toBe(name));
  await settled(element);
}

// ---------------------------------------------------------------------------------------------
// Browsing and picking

export const Inline: Story = {
  name: 'Inline (list)',
  parameters: about(
    'Dans la page (`mode="inline"`, par défaut) : fil d’Ariane, recherche, tri, affichage, nouveau dossier, envoi. Dossiers d’abord ; un nom piégé (`<img src=x onerror=…>`) s’affiche comme du texte. Un clic choisit un fichier ou ouvre un dossier ; au clavier, les flèches, Entrée, Espace et Retour arrière.',
    'In the page (`mode="inline"`, the default): breadcrumbs, search, sort, view, new folder, upload. Folders first; a booby-trapped name (`<img src=x onerror=…>`) shows as text. A click picks a file or opens a folder; on the keyboard, arrows, Enter, Space and Backspace.',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await settled(element);
    await expect(textOf(inShadow(element, '.title'))).toBe('Choisir un fichier');
    await expect(names(element)).toEqual([
      'Archives',
      'Documents',
      'Images',
      '<img src=x onerror=alert(1)>.txt',
      '🎉 Pot de départ.png',
      'Été – congés et astreintes.odt',
      'Lisez-moi.txt',
      'Rapport annuel 2025.pdf',
    ]);
    // The hostile name is text, never markup.
    await expect(inShadow(element, '[role=option] img')).toBeNull();
    await expect(textOf(option(element, 'Rapport annuel 2025.pdf')?.querySelector('.meta'))).toMatch(/^1,5 Mo · modifié le 27 févr\.? 2026/);
    await userEvent.click(option(element, 'Rapport annuel 2025.pdf')!);
    await expect(option(element, 'Rapport annuel 2025.pdf')?.getAttribute('aria-selected')).toBe('true');
    await expect(inShadow<HTMLButtonElement>(element, '[part="choose-button"]')?.disabled).toBe(false);
  },
};

export const Grid: Story = {
  name: 'Grid with thumbnails',
  args: { view: 'grid', path: 'Images' },
  parameters: about(
    '`view="grid"`, `path="Images"` : des vignettes pour les PNG et JPEG (téléchargées avec les droits du sélecteur, affichées depuis un `blob:`), une icône pour le SVG, jamais affiché depuis le serveur.',
    '`view="grid"`, `path="Images"`: thumbnails for PNG and JPEG (downloaded with the picker\'s credentials, shown from a `blob:` URL), an icon for the SVG, never shown from the server.',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await settled(element);
    await expect(names(element)).toEqual(['Bleu France.png', 'Coucher de soleil.png', 'Forêt.png', 'Logo.svg', 'Plage.jpg', 'Tricolore.png']);
    await waitFor(() => expect(allInShadow(element, 'img[part="thumbnail"]')).toHaveLength(5), { timeout: 8000 });
    const thumbnails = allInShadow<HTMLImageElement>(element, 'img[part="thumbnail"]');
    await expect(thumbnails.every((image) => image.src.startsWith('blob:'))).toBe(true);
    // Real image bytes: every thumbnail decodes.
    await Promise.all(thumbnails.map((image) => image.decode()));
    await expect(thumbnails.map((image) => image.naturalWidth)).toEqual([160, 160, 160, 160, 150]);
  },
};

export const MultipleWithLimit: Story = {
  name: 'Multiple, max 3, PDF and images',
  args: { multiple: true, max: 3, accept: '.pdf,image/*' },
  parameters: about(
    '`multiple`, `max="3"`, `accept=".pdf,image/*"` : les autres fichiers sont grisés et ne peuvent pas être choisis ; au-delà de trois, le sélecteur l’annonce. La sélection tient d’un dossier à l’autre. La fonction `play` choisit un PDF ici, puis des images dans « Images ».',
    '`multiple`, `max="3"`, `accept=".pdf,image/*"`: other files are dimmed and cannot be picked; past three, the picker says so. The selection holds from one folder to the next. The `play` function picks a PDF here, then images in "Images".',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await settled(element);
    await expect(textOf(inShadow(element, '.title'))).toBe('Choisir des fichiers');
    await expect(option(element, 'Lisez-moi.txt')?.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(option(element, 'Lisez-moi.txt')!);
    await expect(announced(element)).toBe('Ce type de fichier ne peut pas être choisi ici.');
    await userEvent.click(option(element, 'Rapport annuel 2025.pdf')!);
    await openFolder(element, 'Images');
    for (const name of ['Bleu France.png', 'Forêt.png', 'Tricolore.png']) await userEvent.click(option(element, name)!);
    await expect(announced(element)).toBe('3 éléments au plus peuvent être choisis.');
    await expect(allInShadow(element, '[aria-selected="true"] .name').map((node) => node.textContent)).toEqual(['Bleu France.png', 'Forêt.png']);
    await expect(textOf(inShadow(element, '[part="choose-button"]'))).toBe('Choisir (3)');
  },
};

export const FoldersOnly: Story = {
  name: 'Folders only',
  args: { select: 'folders' },
  parameters: about(
    '`select="folders"` : on choisit un dossier (un clic le sélectionne, un double-clic l’ouvre) ; les fichiers sont grisés.',
    '`select="folders"`: a folder is picked (a click selects it, a double click opens it); files are dimmed.',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await settled(element);
    await expect(textOf(inShadow(element, '.title'))).toBe('Choisir un dossier');
    await expect(option(element, 'Rapport annuel 2025.pdf')?.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(option(element, 'Documents')!);
    await expect(option(element, 'Documents')?.getAttribute('aria-selected')).toBe('true');
    await expect(textOf(inShadow(element, '.summary'))).toBe('1 élément sélectionné');
  },
};

export const Dialog: Story = {
  name: 'Dialog mode',
  args: { mode: 'dialog', multiple: true },
  parameters: about(
    '`mode="dialog"` : un bouton ouvre le sélecteur dans une fenêtre modale ; les éléments choisis sont listés sous le bouton. `await picker.open()` fait de même depuis le code et rend les fichiers choisis (ou `null`). La fonction `play` ouvre la fenêtre.',
    '`mode="dialog"`: a button opens the picker in a modal dialog; the chosen items are listed under it. `await picker.open()` does the same from code and resolves to the picked files (or `null`). The `play` function opens the dialog.',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await element.updateComplete;
    const trigger = inShadow<HTMLButtonElement>(element, '[part="trigger"]');
    await expect(textOf(trigger)).toBe('Parcourir les fichiers…');
    await expect(textOf(inShadow(element, '.chosen-none'))).toBe('Aucun fichier choisi');
    await userEvent.click(trigger!);
    await waitFor(() => expect(inShadow<HTMLDialogElement>(element, 'dialog')?.open).toBe(true));
    await settled(element);
    await expect(textOf(inShadow(element, '#title'))).toBe('Choisir des fichiers');
    await expect(names(element)).toContain('Rapport annuel 2025.pdf');
  },
};

/** Shows what the form would send, instead of sending it. */
function showFormData(event: SubmitEvent): void {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const lines = [...new FormData(form)].map(([name, value]) => `${name} = ${typeof value === 'string' ? value : value.name}`);
  form.querySelector('output')!.textContent = lines.join('\n');
}

export const InAForm: Story = {
  name: 'In a form',
  args: { name: 'pieces-jointes', required: true, multiple: true, label: 'Pièces justificatives' },
  render: (args) => html`<form style="display:grid;gap:1rem;max-width:52rem" @submit=${showFormData}>
    <label style="display:grid;gap:0.25rem">Objet de la demande <input name="objet" value="Remboursement de frais de mission" style="font:inherit;padding:0.5rem" /></label>
    ${helpers.template(args)}
    <p style="margin:0"><button type="submit" style="font:inherit;padding:0.5rem 1rem">Envoyer la demande</button></p>
    <output style="white-space:pre-line;font-family:monospace"></output>
  </form>`,
  parameters: about(
    'Dans un `<form>` : avec `name`, l’URL de chaque élément choisi est envoyée sous ce nom ; `required` empêche l’envoi sans choix. Ici l’envoi affiche le `FormData` au lieu de partir. La fonction `play` essaie d’envoyer à vide, choisit deux fichiers, puis envoie.',
    'In a `<form>`: with `name`, each picked item\'s URL is submitted under that name; `required` blocks an empty submission. Here submitting shows the `FormData` instead of sending it. The `play` function tries to submit empty, picks two files, then submits.',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    const form = canvasElement.querySelector('form')!;
    await settled(element);
    await expect(form.checkValidity()).toBe(false);
    for (const name of ['Lisez-moi.txt', 'Rapport annuel 2025.pdf']) await userEvent.click(option(element, name)!);
    await userEvent.click(inShadow(element, '[part="choose-button"]')!);
    await expect(form.checkValidity()).toBe(true);
    await userEvent.click(form.querySelector('button[type="submit"]')!);
    await expect(form.querySelector('output')?.textContent).toBe(
      [
        'objet = Remboursement de frais de mission',
        `pieces-jointes = ${davUrl('ok')}Lisez-moi.txt`,
        `pieces-jointes = ${davUrl('ok')}Rapport%20annuel%202025.pdf`,
      ].join('\n'),
    );
  },
};

// ---------------------------------------------------------------------------------------------
// States

export const Loading: Story = {
  args: { url: davUrl('slow') },
  parameters: about(
    'Le serveur ne répond pas (`delay("infinite")`) : le chargement est annoncé. Après trois essais de 15 s (environ 45 s), le sélecteur dit que le service met trop de temps à répondre.',
    'The server does not answer (`delay("infinite")`): loading is announced. After three attempts of 15 s (about 45 s), the picker says the service is taking too long.',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await waitFor(() => expect(textOf(inShadow(element, '[part="loading"]'))).toBe('Chargement…'));
  },
};

export const EmptyFolder: Story = {
  name: 'Empty folder',
  args: { path: 'Documents/Brouillons' },
  parameters: about(
    '`path="Documents/Brouillons"` : un dossier vide.',
    '`path="Documents/Brouillons"`: an empty folder.',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await settled(element);
    await expect(textOf(inShadow(element, '[part="empty"]'))).toBe('Ce dossier est vide.');
  },
};

export const ManyFiles: Story = {
  name: '5,000 files (virtualized)',
  args: { path: BIG_FOLDER },
  parameters: about(
    'Un dossier de 5 000 fichiers : seules les lignes visibles sont dans le DOM ; le clavier (Fin, Début, Page suivante, lettres) parcourt toute la liste. La fonction `play` va au dernier avec Fin.',
    'A folder of 5,000 files: only the visible rows are in the DOM; the keyboard (End, Home, Page Down, letters) goes through the whole list. The `play` function goes to the last one with End.',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await settled(element);
    const rows = allInShadow(element, '[role=option]');
    await expect(rows.length).toBeLessThan(100);
    await expect(rows[0].getAttribute('aria-setsize')).toBe(String(BIG_FOLDER_COUNT));
    await expect(names(element)[0]).toBe('Courrier 0001.pdf');
    inShadow(element, '[role=listbox]')!.focus();
    await userEvent.keyboard('{End}');
    await waitFor(() => expect(names(element)).toContain('Courrier 5000.pdf'));
    await expect(inShadow(element, '[role=listbox]')?.getAttribute('aria-activedescendant')).toBe(`file-${BIG_FOLDER_COUNT - 1}`);
  },
};

export const SearchWalk: Story = {
  name: 'Search (folder walk)',
  parameters: about(
    'Le serveur n’offre pas `SEARCH` : le sélecteur parcourt les dossiers (PROPFIND, en nombre limité), sans tenir compte des accents ni de la casse. Chaque résultat dit où il se trouve. La fonction `play` tape « budget ».',
    'The server has no `SEARCH`: the picker walks the folders (PROPFIND, within bounds), ignoring accents and case. Each result says where it is. The `play` function types "budget".',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await settled(element);
    await userEvent.type(inShadow(element, '[part="search"]')!, 'budget');
    await waitFor(() => expect(names(element)).toEqual(['Budget 2026.ods']), { timeout: 8000 });
    await expect(textOf(inShadow(element, '[role=option] .meta'))).toContain('Mes fichiers › Documents › Projets');
    await waitFor(() => expect(announced(element)).toBe('1 résultat pour « budget »'));
    await expect(davRequests('ok').some((request) => request.method === 'SEARCH')).toBe(false);
  },
};

export const SearchDasl: Story = {
  name: 'Search (server SEARCH)',
  args: { url: davUrl('search') },
  parameters: about(
    'Le serveur annonce `DASL: <DAV:basicsearch>` (réponse à OPTIONS), comme Nextcloud : une seule requête `SEARCH` (RFC 5323) cherche dans toute l’arborescence. La fonction `play` tape « plan ».',
    'The server announces `DASL: <DAV:basicsearch>` (in its OPTIONS answer), as Nextcloud does: one `SEARCH` request (RFC 5323) searches the whole tree. The `play` function types "plan".',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await settled(element);
    await userEvent.type(inShadow(element, '[part="search"]')!, 'plan');
    await waitFor(() => expect(names(element)).toEqual(['Planning.pdf']), { timeout: 8000 });
    await expect(textOf(inShadow(element, '[role=option] .meta'))).toContain('Mes fichiers › Documents › Projets');
    await expect(davRequests('search').filter((request) => request.method === 'SEARCH').length).toBeGreaterThan(0);
    await expect(davRequests('search').filter((request) => request.method === 'PROPFIND').map((request) => request.path)).toEqual(['']);
  },
};

export const UploadInProgress: Story = {
  name: 'Upload in progress',
  args: { url: davUrl('slowUpload') },
  parameters: about(
    'Un envoi dont le serveur ne répond pas : barre de progression et « Annuler ». Les fichiers restent dans la file, avec leurs octets, jusqu’à leur envoi ou leur retrait. La fonction `play` envoie un fichier. Ici, le navigateur ne signale aucune progression pour une requête servie par msw (un service worker) : la barre reste à 0 %, et au bout de 60 s sans progression le sélecteur abandonne (« Le service met trop de temps à répondre ») et propose « Réessayer ».',
    'An upload the server does not answer: a progress bar and "Cancel". Files stay in the queue, with their bytes, until sent or dismissed. The `play` function uploads one file. Here the browser reports no progress for a request that msw (a service worker) answers: the bar stays at 0 %, and after 60 s without progress the picker gives up ("The service is taking too long") and offers "Try again".',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await settled(element);
    upload(element, [pdfFile('Ordre de mission.pdf', 2_400_000)]);
    await waitFor(() => expect(inShadow(element, '.upload--uploading progress[part="progress"]')).toBeTruthy());
    await expect(textOf(inShadow(element, '.upload--uploading .upload-name'))).toBe('Ordre de mission.pdf');
    await expect(inShadow(element, '.upload--uploading button')?.getAttribute('aria-label')?.replace(/\s+/g, ' ')).toBe('Annuler l’envoi de « Ordre de mission.pdf »');
  },
};

export const UploadConflict: Story = {
  name: 'Upload name conflict',
  parameters: about(
    'Un fichier du même nom existe (le serveur répond 412 à `If-None-Match: *`) : « Remplacer », « Garder les deux » (« Rapport annuel 2025 (2).pdf ») ou « Annuler ». L’autre fichier, lui, est envoyé et sélectionné. La fonction `play` envoie deux fichiers.',
    'A file of that name exists (the server answers 412 to `If-None-Match: *`): "Replace", "Keep both" ("Rapport annuel 2025 (2).pdf") or "Cancel". The other file is sent and selected. The `play` function uploads two files.',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await settled(element);
    upload(element, [pdfFile('Rapport annuel 2025.pdf'), pdfFile('Attestation.pdf')]);
    await waitFor(() => expect(inShadow(element, '.upload--conflict')).toBeTruthy(), { timeout: 8000 });
    await expect(textOf(inShadow(element, '.upload--conflict .upload-status'))).toBe('« Rapport annuel 2025.pdf » existe déjà dans ce dossier.');
    await expect(allInShadow(element, '.upload--conflict button').map(textOf)).toEqual(['Remplacer', 'Garder les deux', 'Annuler']);
    await waitFor(() => expect(names(element)).toContain('Attestation.pdf'));
    await expect(option(element, 'Attestation.pdf')?.getAttribute('aria-selected')).toBe('true');
  },
};

// ---------------------------------------------------------------------------------------------
// Errors

export const NotSignedIn: Story = {
  name: 'Error: not signed in (401)',
  args: { url: davUrl('unauthorized') },
  parameters: about(
    'Le serveur répond 401 et aucune session ne donne de jeton : « Connectez-vous… » et « Réessayer ». Sans `<suite-login>` dans la page, pas de bouton « Se connecter » : il ne mènerait nulle part (voir l’histoire suivante).',
    'The server answers 401 and no session gives a token: "Sign in…" and "Try again". With no `<suite-login>` on the page there is no "Sign in" button: it would lead nowhere (see the next story).',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await expectError(element, 'Connectez-vous pour accéder à vos fichiers.');
    await expect(buttonNamed(element, 'Se connecter')).toBeFalsy();
    await expect(inShadow(element, '[part="retry-button"]')).toBeTruthy();
  },
};

export const SignInFromThePage: Story = {
  name: 'Error 401, then signed in',
  args: { url: davUrl('unauthorized') },
  parameters: about(
    'Même refus, mais la page a une session (ce que publie `<suite-login>`, simulé ici) : « Se connecter » la démarre ; une fois connecté, le sélecteur demande un jeton à la session et affiche les fichiers sans autre clic. La fonction `play` clique sur « Se connecter ».',
    'The same refusal, but the page has a session (what `<suite-login>` publishes, simulated here): "Sign in" starts it; once signed in, the picker asks the session for a token and shows the files with no other click. The `play` function clicks "Sign in".',
  ),
  beforeEach: () => {
    publishFixtureSession();
    return clearFixtureSession;
  },
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await expectError(element, 'Connectez-vous pour accéder à vos fichiers.');
    await userEvent.click(buttonNamed(element, 'Se connecter')!);
    await waitFor(() => expect(names(element)).toContain('Documents'), { timeout: 8000 });
  },
};

export const Forbidden: Story = {
  name: 'Error: forbidden (403)',
  args: { url: davUrl('forbidden') },
  parameters: about('Le serveur répond 403 : « Vous n’avez pas accès à ce contenu. »', 'The server answers 403: "You do not have access to this content."'),
  play: async ({ canvasElement }) => {
    await expectError(pickerIn(canvasElement), 'Vous n’avez pas accès à ce contenu.');
  },
};

export const FolderVanished: Story = {
  name: 'Error: folder vanished (404)',
  args: { url: davUrl('vanished') },
  parameters: about(
    'Le dossier « Documents » a été supprimé entre l’affichage de la liste et le clic (404) : le sélecteur le dit et propose de revenir à « Mes fichiers ». La fonction `play` ouvre « Documents ».',
    'The "Documents" folder was deleted between the listing and the click (404): the picker says so and offers to go back to "My files". The `play` function opens "Documents".',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await settled(element);
    await userEvent.click(option(element, 'Documents')!);
    await expectError(element, 'Ce dossier n’existe plus. Il a peut-être été déplacé ou supprimé.');
    await expect(buttonNamed(element, 'Revenir à « Mes fichiers »')).toBeTruthy();
  },
};

export const StorageFull: Story = {
  name: 'Error: storage full (507)',
  args: { url: davUrl('full') },
  parameters: about(
    'Le serveur répond 507 (espace plein) à l’envoi et à la création de dossier : le sélecteur le dit ; le fichier reste dans la file, prêt à être renvoyé. La fonction `play` envoie un fichier puis crée un dossier.',
    'The server answers 507 (storage full) to uploads and folder creation: the picker says so; the file stays in the queue, ready to be sent again. The `play` function uploads a file, then creates a folder.',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await settled(element);
    upload(element, [pdfFile('Justificatif.pdf')]);
    await waitFor(() => expect(textOf(inShadow(element, '.upload--failed .upload-status'))).toContain('L’espace de stockage est plein.'), { timeout: 8000 });
    await expect(buttonNamed(element, 'Réessayer')).toBeTruthy();
    await userEvent.click(buttonNamed(element, 'Nouveau dossier')!);
    await userEvent.type(inShadow(element, '#folder')!, 'Factures 2026');
    await userEvent.click(buttonNamed(element, 'Créer')!);
    await waitFor(() => expect(textOf(inShadow(element, '#folder-error'))).toBe('L’espace de stockage est plein. Libérez de la place, puis réessayez.'));
  },
};

export const ServerDown: Story = {
  name: 'Error: server down',
  args: { url: davUrl('down') },
  parameters: about(
    'Le réseau échoue (`HttpResponse.error()`), trois fois avec attente croissante : « Le service est injoignable… » et « Réessayer ».',
    'The network fails (`HttpResponse.error()`), three times with backoff: "The service cannot be reached…" and "Try again".',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await expectError(element, 'Le service est injoignable. Vérifiez votre connexion, puis réessayez.');
    await expect(inShadow(element, '[part="retry-button"]')).toBeTruthy();
  },
};

export const MalformedXml: Story = {
  name: 'Error: malformed XML',
  args: { url: davUrl('malformed') },
  parameters: about(
    'Une réponse `207 Multi-Status` coupée au milieu : « Le service a envoyé une réponse illisible. »',
    'A `207 Multi-Status` answer cut in the middle: "The service sent an answer that cannot be read."',
  ),
  play: async ({ canvasElement }) => {
    await expectError(pickerIn(canvasElement), 'Le service a envoyé une réponse illisible.');
  },
};

export const MissingUrl: Story = {
  name: 'Error: missing url',
  args: { url: '' },
  parameters: about(
    'Sans attribut `url` : un message clair, sans « Réessayer », et la console nomme l’attribut manquant.',
    'Without the `url` attribute: a clear message, no "Try again", and the console names the missing attribute.',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await expectError(element, 'Aucun serveur de fichiers n’est configuré (attribut « url »).');
    await expect(inShadow(element, '[part="retry-button"]')).toBeNull();
  },
};

// ---------------------------------------------------------------------------------------------
// Language and theme

export const English: Story = {
  args: { lang: 'en' },
  parameters: about(
    '`lang="en"` : textes, tailles et dates en anglais. Sans `lang`, le sélecteur suit la langue de la page.',
    '`lang="en"`: texts, sizes and dates in English. Without `lang`, the picker follows the page\'s language.',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await settled(element);
    await expect(textOf(inShadow(element, '.title'))).toBe('Choose a file');
    await expect(textOf(option(element, 'Rapport annuel 2025.pdf')?.querySelector('.meta'))).toMatch(/^1\.5 MB · modified 27 Feb 2026/);
    await expect(textOf(inShadow(element, '[part="choose-button"]'))).toBe('Choose');
  },
};

export const Dark: Story = {
  name: 'Dark theme',
  args: { theme: 'dark', view: 'grid' },
  globals: { theme: 'dark' },
  parameters: about(
    '`theme="dark"` (ou `data-fr-theme="dark"` du DSFR sur un ancêtre, ici la page).',
    '`theme="dark"` (or DSFR\'s `data-fr-theme="dark"` on an ancestor, here the page).',
  ),
  play: async ({ canvasElement }) => {
    const element = pickerIn(canvasElement);
    await settled(element);
    const background = getComputedStyle(inShadow(element, '.inline')!).backgroundColor;
    const [red, green, blue] = (background.match(/\d+/g) ?? []).map(Number);
    await expect(red + green + blue).toBeLessThan(3 * 80);
  },
};
