import { html, nothing } from 'lit';
import type { CSSResultGroup, PropertyValues, TemplateResult } from 'lit';
import type { CoreMessages } from '@suite-widgets/core';
import { I18nController, SuiteElement, SuiteError, coreMessages, emptyView, errorView, getSession, loadingView, property, state, stateStyles } from '@suite-widgets/core';
// Not from webdav/index.js, which also exports the upload and search code that loads lazily.
import { DavClient } from './webdav/client.js';
import { validateName } from './webdav/names.js';
import { safeDecode } from './webdav/paths.js';
import type { AuthorizationProvider, DavResource } from './webdav/types.js';
import { parseAccept, typeOf } from './accept.js';
import type { AcceptTest } from './accept.js';
import { formatDate, formatSize } from './format.js';
import { PickerStore } from './picker-store.js';
import type { SortDirection, SortKey, UploadItem } from './picker-store.js';
import { fr } from './i18n/fr.js';
import type { FilePickerMessages } from './i18n/fr.js';
import { filePickerStyles } from './suite-file-picker.styles.js';

/** Every message the picker shows: its own and the core's (errors, retry). */
export type PickerMessages = CoreMessages & FilePickerMessages;

/** A picked file or folder, as the host page receives it. */
export interface PickedFile {
  /** Absolute URL on the WebDAV server. */
  href: string;
  name: string;
  /** Bytes; undefined for folders. */
  size: number | undefined;
  /** MIME type ('' when unknown; '' for folders). */
  type: string;
  /** Milliseconds since the epoch, as `File.lastModified`; undefined when the server does not say. */
  lastModified: number | undefined;
  etag: string | undefined;
  isFolder: boolean;
  /** Downloads the file with the picker's credentials. */
  download(): Promise<Blob>;
}

export interface FilePickerPickDetail {
  files: PickedFile[];
}
export interface FilePickerCancelDetail {
  reason: 'button' | 'escape' | 'api';
}
export interface FilePickerUploadDetail {
  file: PickedFile;
}

declare module '@suite-widgets/core' {
  interface SuiteEventMap {
    'suite-pick': FilePickerPickDetail;
    'suite-cancel': FilePickerCancelDetail;
    'suite-upload': FilePickerUploadDetail;
  }
}
declare global {
  interface HTMLElementEventMap {
    'suite-pick': CustomEvent<FilePickerPickDetail>;
    'suite-cancel': CustomEvent<FilePickerCancelDetail>;
    'suite-upload': CustomEvent<FilePickerUploadDetail>;
  }
}

/** Basic credentials, for development servers only (they sit in the page's memory). */
export interface BasicCredentials {
  username: string;
  password: string;
}

/** Returns a bearer token for the WebDAV server, or null; `forceRefresh` after a 401. */
export type TokenProvider = (options: { forceRefresh: boolean }) => Promise<string | null> | string | null;

// French is the default of the sites this serves; English loads on first use (its own chunk in the
// CDN build), and until then the picker shows nothing rather than French to an English page.
const messages: Record<'fr' | 'en', PickerMessages> = { fr: { ...coreMessages.fr, ...fr }, en: { ...coreMessages.fr, ...fr } };
let english: Promise<void> | undefined;
let writing: typeof import('./writing.js') | undefined;
const loadWriting = async (): Promise<void> => {
  writing ??= await import('./writing.js');
};
let englishReady = false;
const loadEnglish = (): Promise<void> =>
  (english ??= import('./i18n/en.js').then(({ en }) => {
    messages.en = { ...coreMessages.en, ...en };
    englishReady = true;
  }));

/** Row height of the list view and cell size of the grid view, in pixels (16px root font), until measured. */
const LIST_ROW = 44;
const GRID_CELL = { width: 152, height: 148 };
/** Rows rendered above and below the visible ones. */
const OVERSCAN = 6;
/** Keys typed within this many ms make one type-ahead word. */
const TYPE_AHEAD_MS = 700;
const SORT_KEYS: readonly SortKey[] = ['name', 'date', 'size'];

/** A 24×24 icon, hidden from assistive technologies (its button or row has the name). */
const icon = (path: string) => html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${path} /></svg>`;
const FOLDER_ICON = icon('M3 5.5A1.5 1.5 0 0 1 4.5 4h5l2 2h8A1.5 1.5 0 0 1 21 7.5v11a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 18.5z');
const FILE_ICON = icon('M6 2h8l5 5v13a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V8h4.5zM7 12v1.5h10V12zm0 4v1.5h7V16z');
const IMAGE_ICON = icon('M4 4h16a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1zm1 13h14l-4.5-6-3.5 4.5-2.5-3zM8.5 10a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z');
const LIST_ICON = icon('M4 5h16v2H4zm0 6h16v2H4zm0 6h16v2H4z');
const GRID_ICON = icon('M4 4h7v7H4zm9 0h7v7h-7zM4 13h7v7H4zm9 0h7v7h-7z');
const UP_ICON = icon('M12 5 5 12l1.4 1.4L11 8.8V19h2V8.8l4.6 4.6L19 12z');
const SORT_ICON = icon('M7 4 3 8h3v12h2V8h3zm10 16 4-4h-3V4h-2v12h-3z');
const CLOSE_ICON = icon('m6.4 5 5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z');

/** A picked file as the store's resource, for what was picked in another folder. */
const toResource = (file: PickedFile): DavResource => ({ href: file.href, name: file.name, isFolder: file.isFolder, size: file.size, type: file.type, lastModified: file.lastModified, etag: file.etag });

/** Bidirectional controls, which can make "facture‮fdp.exe" look like "facture.exe.pdf": not shown. */
const shown = (name: string) => name.replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');

const normalize = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/**
 * Browse, pick and upload files on a WebDAV server (Nextcloud, Apache `mod_dav`, intranet
 * storage) without leaving the page: breadcrumbs, list and grid views, sorting, type-ahead,
 * search, thumbnails, folder creation, uploads by button or drag and drop with progress and
 * name-conflict questions. Inline, or as a dialog (`await picker.open()`); inside a `<form>`, the
 * picked files' URLs are submitted with it.
 *
 * @summary WebDAV file picker with upload.
 * @tag suite-file-picker
 *
 * @attr url - URL of the WebDAV folder that is the root of what the user may browse (for Nextcloud: `https://cloud/remote.php/dav/files/<user>/`). Required.
 * @attr path - Folder to start in, relative to `url` (`Documents/Projets`). Default: the root.
 * @attr multiple - Several items can be picked.
 * @attr max - With `multiple`: the most items that can be picked.
 * @attr accept - Which files can be picked, as on `<input type=file>`: extensions and MIME types (`.pdf,image/*`). Others are shown, dimmed.
 * @attr select - What can be picked: `files` (default), `folders` or `both`.
 * @attr view - `list` (default) or `grid` (with image thumbnails).
 * @attr sort - `name` (default), `date` or `size`.
 * @attr sort-direction - `ascending` (default) or `descending`.
 * @attr mode - `inline` (default): the picker is in the page. `dialog`: a button opens it in a modal dialog, and the chosen items are listed under it.
 * @attr label - Heading of the picker and text of the dialog mode's button.
 * @attr name - Form field name: each picked item's URL is submitted under it.
 * @attr required - In a form: at least one item must be picked.
 * @attr disabled - Nothing can be done; a form does not submit the value.
 * @attr readonly - Browse and pick only: no upload, no new folder.
 * @attr audience - Audience of the token asked from the page session (`<suite-login>`). Default `files`.
 * @attr with-credentials - Send the browser's cookies to the WebDAV server (same-site servers with cookie sessions).
 * @attr uploads-url - Nextcloud chunked upload v2: the user's uploads collection (`https://cloud/remote.php/dav/uploads/<user>/`). Large files are then sent in chunks, each retried on failure.
 * @attr chunk-size - Bytes per chunk with `uploads-url`. Default 10 MB.
 * @attr search-url - Where RFC 5323 `SEARCH` requests go, when not the root (Nextcloud: `https://cloud/remote.php/dav/`). Used only when the server announces SEARCH.
 * @attr theme - `light`, `dark` or `system` (the OS). Unset: DSFR's `data-fr-theme`, else `data-fr-scheme`, else light.
 * @attr lang - Language of the widget (`fr`, `en`). Unset: the page's language.
 *
 * @prop {PickedFile[]} value - The items picked last (what the form submits).
 * @prop {string | undefined} accessToken - A bearer token for the server, instead of the page session.
 * @prop {TokenProvider | undefined} tokenProvider - A function that returns a bearer token (`{forceRefresh}` after a 401), instead of the page session.
 * @prop {BasicCredentials | undefined} basicAuth - Basic credentials, for development servers only.
 *
 * @fires suite-pick - Items were picked. `detail: {files: PickedFile[]}`.
 * @fires suite-cancel - The user cancelled (Cancel, Escape, closing the dialog). `detail: {reason}`.
 * @fires suite-upload - A file was uploaded. `detail: {file: PickedFile}`.
 * @fires change - The picked items changed (a pick, or an item removed from the chosen list), as form controls say.
 * @fires suite-error - Listing, searching, creating or uploading failed. `detail: {error: SuiteError}`.
 *
 * @csspart trigger - The dialog mode's button.
 * @csspart chosen - The dialog mode's list of chosen items.
 * @csspart dialog - The dialog.
 * @csspart header - The header (title, close button).
 * @csspart breadcrumbs - The path from the root folder.
 * @csspart toolbar - Search, sort, view, new folder and upload controls.
 * @csspart search - The search input.
 * @csspart files - The list (or grid) of files.
 * @csspart file - One file or folder; also `file-selected`, `file-folder`.
 * @csspart thumbnail - An image thumbnail (grid view).
 * @csspart uploads - The upload queue.
 * @csspart progress - An upload's progress bar.
 * @csspart footer - The selection summary and the Cancel / Choose buttons.
 * @csspart choose-button - The Choose button.
 * @csspart cancel-button - The Cancel button.
 * @csspart loading - The loading state.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - The retry button of the error state.
 *
 * @cssprop --suite-file-picker-height - Height of the file list. Default 22rem.
 * @cssprop --suite-file-picker-dialog-width - Width of the dialog. Default 56rem.
 * @cssprop --suite-color-primary - Main colour (DSFR blue France #000091).
 * @cssprop --suite-font-family - Font (inherited from the page by default).
 */
export class SuiteFilePicker extends SuiteElement {
  static override get styles(): CSSResultGroup {
    return [super.styles, stateStyles, filePickerStyles];
  }

  static get formAssociated(): boolean {
    return true;
  }

  @property() url: string | undefined;
  @property() path = '';
  @property({ type: Boolean, reflect: true }) multiple = false;
  @property({ type: Number }) max: number | undefined;
  @property() accept = '';
  @property() select: 'files' | 'folders' | 'both' = 'files';
  @property({ reflect: true }) view: 'list' | 'grid' = 'list';
  @property() sort: SortKey = 'name';
  @property({ attribute: 'sort-direction' }) sortDirection: SortDirection = 'ascending';
  @property({ reflect: true }) mode: 'inline' | 'dialog' = 'inline';
  @property() label: string | undefined;
  @property({ reflect: true }) name: string | undefined;
  @property({ type: Boolean, reflect: true }) required = false;
  @property({ type: Boolean, reflect: true }) disabled = false;
  @property({ type: Boolean, reflect: true }) readonly = false;
  @property() audience = 'files';
  @property({ type: Boolean, attribute: 'with-credentials' }) withCredentials = false;
  @property({ attribute: 'uploads-url' }) uploadsUrl: string | undefined;
  @property({ type: Number, attribute: 'chunk-size' }) chunkSize: number | undefined;
  @property({ attribute: 'search-url' }) searchUrl: string | undefined;
  @property({ attribute: false }) accessToken: string | undefined;
  @property({ attribute: false }) tokenProvider: TokenProvider | undefined;
  @property({ attribute: false }) basicAuth: BasicCredentials | undefined;
  @property({ attribute: false }) value: PickedFile[] = [];

  @state() private dialogOpen = false;
  @state() private activeIndex = 0;
  @state() private firstRow = 0;
  @state() private columns = 1;
  @state() private creatingFolder = false;
  @state() private folderError = '';
  @state() private dragging = false;
  @state() private searchText = '';
  @state() private announcement = '';

  readonly #i18n = new I18nController(this, messages);
  readonly #store = new PickerStore({
    changed: () => this.requestUpdate(),
    uploadEnded: (item) => this.#uploadEnded(item),
    failed: (error, context) => this.reportError(error, context),
  });
  readonly #selection = new Map<string, DavResource>();
  #accept: AcceptTest = () => true;
  #configKey = '';
  #unsubscribe: (() => void) | null = null;
  #resizeObserver: ResizeObserver | null = null;
  #typed = '';
  #typedAt = 0;
  #pending: ((files: PickedFile[] | null) => void) | null = null;
  #rowHeight = LIST_ROW;
  #formDisabled = false;
  /** The list element on screen (a new one per folder), observed for its size. */
  #list: HTMLElement | null = null;
  /** What had the focus when the dialog opened: it gets it back. */
  #opener: HTMLElement | null = null;
  #creating = false;
  #focusFolderField = false;
  /** Focus goes to the list as soon as it is shown (after a folder loads, or the dialog opens). */
  #listWantsFocus = false;
  #viewportHeight = 352;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  get #t() {
    return this.#i18n.t;
  }

  /** `mode="dialog"`; any other value is inline (and said once in the console). */
  get #dialogMode(): boolean {
    return this.mode === 'dialog';
  }

  /** The resources listed now, by URL. */
  get #byHref(): Map<string, DavResource> {
    return new Map(this.#store.entries.map((entry) => [entry.href, entry]));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved in the page (a framework re-parents it): the list loads again.
    this.requestUpdate();
    this.#unsubscribe = getSession().subscribe(({ state }) => {
      // Signed in (again) after the server refused us: show the files without a click.
      if (state === 'signed-in' && this.#store.error?.kind === 'auth') void this.#store.reload();
      // A sign-in widget that has just said where it stands: "Se connecter" can show now.
      else this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#resizeObserver?.disconnect();
    this.#resizeObserver = null;
    this.#store.dispose();
    this.#configKey = '';
    this.#list = null;
    clearTimeout(this.#searchTimer);
    // A dialog taken out of the page stops being modal: showModal() again when it comes back.
    this.renderRoot.querySelector('dialog')?.close();
  }

  /**
   * Opens the picker in a modal dialog (whatever `mode` is) and resolves to the picked items, or
   * null when the user cancels.
   */
  open(): Promise<PickedFile[] | null> {
    this.#pending?.(null);
    if (this.#off || !this.isConnected) return Promise.resolve(null);
    // What was picked before shows as selected (and counts against max).
    this.#selection.clear();
    for (const file of this.value) this.#selection.set(file.href, this.#byHref.get(file.href) ?? toResource(file));
    return new Promise((resolve) => {
      this.#pending = resolve;
      const active = document.activeElement;
      this.#opener = active instanceof HTMLElement && active !== this && active !== document.body ? active : null;
      this.dialogOpen = true;
    });
  }

  /** Closes the dialog as a cancel (the `open()` promise resolves to null). */
  close(): void {
    if (this.dialogOpen) this.#cancel('api');
  }

  /** The form's reset: nothing picked. */
  formResetCallback(): void {
    this.value = [];
    this.#selection.clear();
  }

  formDisabledCallback(disabled: boolean): void {
    // Not the attribute: a fieldset enabled again must enable the picker again.
    this.#formDisabled = disabled;
    this.requestUpdate();
  }

  /** Disabled by its attribute or by a disabled fieldset. */
  get #off(): boolean {
    return this.disabled || this.#formDisabled;
  }

  /** Checks the `required` constraint, as form controls do. */
  checkValidity(): boolean {
    return this.internals?.checkValidity() ?? true;
  }

  reportValidity(): boolean {
    return this.internals?.reportValidity() ?? true;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('accept')) {
      const { test, invalid } = parseAccept(this.accept);
      this.#accept = test;
      if (invalid.length) console.error(`<suite-file-picker> accept: ignoring ${invalid.map((token) => JSON.stringify(token)).join(', ')} (not an extension like ".pdf" nor a MIME type like "image/*").`);
    }
    if (changed.has('mode') && this.mode !== 'inline' && this.mode !== 'dialog') console.error(`<suite-file-picker> mode=${JSON.stringify(this.mode)} is not "inline" or "dialog": shown inline.`);
    if (changed.has('sort') || changed.has('sortDirection')) {
      const key = SORT_KEYS.includes(this.sort) ? this.sort : 'name';
      this.#store.setSort(key, this.sortDirection === 'descending' ? 'descending' : 'ascending');
    }
    this.#configure();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && this.dialogOpen && !dialog.open) {
      dialog.showModal();
      this.#listWantsFocus = true;
    }
    // The form may come a moment later (its code loads on first use): focus its field once there.
    if (changed.has('creatingFolder' as keyof SuiteFilePicker) && this.creatingFolder) this.#focusFolderField = true;
    const field = this.#focusFolderField ? this.renderRoot.querySelector<HTMLInputElement>('#folder') : null;
    if (field) {
      this.#focusFolderField = false;
      field.focus();
    }
    // The list is replaced by a loading state while a folder loads: focus comes back to it after.
    if (this.#listWantsFocus) {
      const list = this.renderRoot.querySelector<HTMLElement>('.files');
      const settled = !list && this.#store.state !== 'loading' && this.#store.search?.state !== 'loading';
      if (list || settled) {
        this.#listWantsFocus = false;
        (list ?? this.renderRoot.querySelector<HTMLElement>('[part=retry-button], .crumbs button:not([disabled]), dialog button'))?.focus();
      }
    }
    this.#trackList();
    this.#updateFormValue();
  }

  /** A new list element (another folder, the dialog again): observe its size, start at its top. */
  #trackList(): void {
    const list = this.renderRoot.querySelector<HTMLElement>('.files');
    if (list === this.#list) return;
    this.#list = list;
    this.#resizeObserver?.disconnect();
    if (!list) return;
    this.#resizeObserver ??= new ResizeObserver(() => this.#measure());
    this.#resizeObserver.observe(list);
    this.#measure();
    const row = Math.floor(list.scrollTop / this.#rowHeight);
    if (row !== this.firstRow) this.firstRow = row;
    if (this.activeIndex > 0) this.#moveTo(Math.min(this.activeIndex, this.#store.visible.length - 1));
  }

  /** A client for the current attributes; rebuilt only when they change. */
  #configure(): void {
    // A dialog-mode picker loads when it first opens, and keeps its folder between openings.
    if (!this.isConnected || (this.#dialogMode && !this.dialogOpen)) return;
    const key = JSON.stringify([this.url, this.path, this.withCredentials, this.uploadsUrl, this.searchUrl, this.chunkSize, this.audience, Boolean(this.accessToken), Boolean(this.tokenProvider), Boolean(this.basicAuth)]);
    if (key === this.#configKey) return;
    const wasConfigured = this.#configKey !== '';
    this.#configKey = key;
    const url = (this.url ?? '').trim();
    let root: URL | null = null;
    try {
      root = url ? new URL(url, document.baseURI) : null;
    } catch {
      root = null;
    }
    if (!root || !/^https?:$/.test(root.protocol)) {
      const error = new SuiteError('config', url ? `"url" is not an http(s) URL: ${JSON.stringify(url)}` : 'the "url" attribute is missing: give the URL of a WebDAV folder.');
      this.#store.configure(null, '');
      this.#store.state = 'error';
      this.#store.error = error;
      this.reportError(error, 'configuration');
      return;
    }
    const rootUrl = root.href.endsWith('/') ? root.href : `${root.href}/`;
    let client: DavClient;
    try {
      client = new DavClient({
        root: rootUrl,
        authorization: this.#authorization(),
        withCredentials: this.withCredentials,
        ...(this.uploadsUrl ? { uploadsUrl: new URL(this.uploadsUrl, document.baseURI).href } : {}),
        ...(this.searchUrl ? { searchUrl: new URL(this.searchUrl, document.baseURI).href } : {}),
        ...(this.chunkSize && this.chunkSize > 0 ? { chunkSize: this.chunkSize } : {}),
      });
    } catch (error) {
      // A wrong uploads-url or search-url: said in the widget, not thrown at the page.
      this.#store.configure(null, '');
      this.#store.state = 'error';
      this.#store.error = this.reportError(error, 'configuration');
      if (this.#store.error.kind !== 'config') this.#store.error = new SuiteError('config', this.#store.error.message);
      return;
    }
    let home = rootUrl;
    try {
      const start = this.path.split('/').filter(Boolean);
      if (start.length) home = client.resolve(start.join('/'), true);
    } catch (error) {
      this.reportError(error, `path ${JSON.stringify(this.path)}`);
    }
    if (wasConfigured) this.#selection.clear();
    this.activeIndex = 0;
    this.firstRow = 0;
    this.#store.configure(client, home);
  }

  /** Credentials: an explicit token or provider, Basic (development), else the page session. */
  #authorization(): AuthorizationProvider {
    return async ({ forceRefresh }) => {
      if (this.accessToken) return forceRefresh ? null : `Bearer ${this.accessToken}`;
      if (this.tokenProvider) {
        const token = await this.tokenProvider({ forceRefresh });
        return token ? `Bearer ${token}` : null;
      }
      if (this.basicAuth) {
        if (forceRefresh) return null;
        const bytes = new TextEncoder().encode(`${this.basicAuth.username}:${this.basicAuth.password}`);
        return `Basic ${btoa(String.fromCharCode(...bytes))}`;
      }
      const token = await getSession().getAccessToken(this.audience, { forceRefresh });
      return token ? `Bearer ${token}` : null;
    };
  }

  /** Credentials come from the page session (no explicit token, provider or Basic). */
  get #usesSession(): boolean {
    return !this.accessToken && !this.tokenProvider && !this.basicAuth;
  }

  #updateFormValue(): void {
    if (!this.internals) return;
    const data = new FormData();
    if (this.name && !this.#off) for (const file of this.value) data.append(this.name, file.href);
    this.internals.setFormValue(this.value.length ? data : null);
    // The anchor takes the focus and the browser's message when a submit is refused.
    const anchor = this.renderRoot.querySelector<HTMLElement>('.trigger, #search, .files, button') ?? undefined;
    if (this.required && this.value.length === 0 && !this.#off && anchor) this.internals.setValidity({ valueMissing: true }, this.#t.required, anchor);
    else this.internals.setValidity({});
  }

  // ————————————————————————————— selection and picking

  /** `select`, an unknown value being `files` (the safe one). */
  get #selects(): 'files' | 'folders' | 'both' {
    return this.select === 'folders' || this.select === 'both' ? this.select : 'files';
  }

  #selectable(entry: DavResource): boolean {
    if (entry.isFolder) return this.#selects !== 'files';
    return this.#selects !== 'folders' && this.#accept(entry.name, entry.type);
  }

  get #max(): number {
    if (!this.multiple) return 1;
    return this.max !== undefined && this.max >= 1 ? Math.floor(this.max) : Infinity;
  }

  #toggle(entry: DavResource, only = false): void {
    if (!this.#selectable(entry)) {
      // A folder that cannot be picked opens (Enter); only a file is "not accepted".
      if (!entry.isFolder) this.#announce(this.#t.notAccepted);
      return;
    }
    if (!this.multiple || only) {
      const was = this.#selection.has(entry.href);
      this.#selection.clear();
      if (!was || only) this.#selection.set(entry.href, entry);
    } else if (this.#selection.has(entry.href)) {
      this.#selection.delete(entry.href);
    } else if (this.#selection.size >= this.#max) {
      this.#announce(this.#t.maxReached(this.#max));
      return;
    } else {
      this.#selection.set(entry.href, entry);
    }
    this.#announce(this.#t.selected(this.#selection.size));
    this.requestUpdate();
  }

  #selectAll(): void {
    if (!this.multiple) return;
    for (const entry of this.#store.visible) {
      if (this.#selection.size >= this.#max) break;
      if (this.#selectable(entry)) this.#selection.set(entry.href, entry);
    }
    this.#announce(this.#t.selected(this.#selection.size));
    this.requestUpdate();
  }

  #picked(entry: DavResource): PickedFile {
    const client = this.#store.client;
    return {
      href: entry.href,
      name: entry.name,
      size: entry.isFolder ? undefined : entry.size,
      type: entry.isFolder ? '' : typeOf(entry.name, entry.type),
      lastModified: entry.lastModified,
      etag: entry.etag,
      isFolder: entry.isFolder,
      download: () => (client ? client.download(entry.href) : Promise.reject(new SuiteError('config', 'The picker has no server.'))),
    };
  }

  #pick(): void {
    // Picking folders with none selected: the folder on screen is the choice (a destination).
    const here = this.#store.folder;
    if (this.#selection.size === 0 && this.#selects !== 'files' && here && !this.#store.search) this.#selection.set(here.href, here);
    if (this.#selection.size === 0) return;
    // Never more than max, even if max or multiple went down after the selection was made.
    const files = [...this.#selection.values()].slice(0, this.#max).map((entry) => this.#picked(entry));
    this.value = files;
    this.emit('suite-pick', { files });
    this.dispatchEvent(new Event('change', { bubbles: true }));
    this.#settle(files);
  }

  #cancel(reason: FilePickerCancelDetail['reason']): void {
    this.#selection.clear();
    this.emit('suite-cancel', { reason });
    this.#settle(null);
    this.requestUpdate();
  }

  /** Closes the dialog (if open) and resolves `open()`. */
  #settle(files: PickedFile[] | null): void {
    const pending = this.#pending;
    this.#pending = null;
    pending?.(files);
    if (this.dialogOpen) {
      this.dialogOpen = false;
      this.renderRoot.querySelector('dialog')?.close();
      const opener = this.#opener;
      this.#opener = null;
      void this.updateComplete.then(() => (opener?.isConnected ? opener : this.renderRoot.querySelector<HTMLElement>('.trigger'))?.focus());
    }
  }

  #removeChosen(file: PickedFile): void {
    this.value = this.value.filter((other) => other.href !== file.href);
    this.#selection.delete(file.href);
    this.dispatchEvent(new Event('change', { bubbles: true }));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.trigger')?.focus());
    this.#announce(this.#t.chosen(this.value.length));
  }

  // ————————————————————————————— navigation

  async #openFolder(url: string): Promise<void> {
    const active = this.shadowRoot?.activeElement;
    if (active && (active.classList.contains('files') || active.closest('.crumbs'))) this.#listWantsFocus = true;
    this.#store.clearSearch();
    this.searchText = '';
    this.activeIndex = 0;
    this.firstRow = 0;
    const list = this.renderRoot.querySelector('.files');
    if (list) list.scrollTop = 0;
    await this.#store.open(url);
    if (this.#store.state === 'ready' || this.#store.state === 'empty') {
      this.#announce(this.#t.folderSummary(this.#folderName, this.#store.entries.length));
    }
  }

  get #folderName(): string {
    const crumbs = this.#store.crumbs;
    return crumbs.length > 1 ? crumbs[crumbs.length - 1].name : this.#t.home;
  }

  #activate(entry: DavResource): void {
    if (entry.isFolder) void this.#openFolder(entry.href);
    else if (this.#selectable(entry)) {
      if (!this.#selection.has(entry.href)) this.#toggle(entry, !this.multiple);
      this.#pick();
    } else this.#announce(this.#t.notAccepted);
  }

  #focusList(): void {
    this.#listWantsFocus = true;
    this.requestUpdate();
  }

  // ————————————————————————————— keyboard

  #onListKeydown(event: KeyboardEvent): void {
    const entries = this.#store.visible;
    const count = entries.length;
    const step = this.view === 'grid' ? this.columns : 1;
    const page = Math.max(1, Math.floor(this.#viewportHeight / this.#rowHeight) - 1) * step;
    let next: number | null = null;
    const key = event.key;
    if (key === 'ArrowDown') next = this.activeIndex + step;
    else if (key === 'ArrowUp') next = this.activeIndex - step;
    else if (key === 'ArrowRight' && this.view === 'grid') next = this.activeIndex + 1;
    else if (key === 'ArrowLeft' && this.view === 'grid') next = this.activeIndex - 1;
    else if (key === 'Home') next = 0;
    else if (key === 'End') next = count - 1;
    else if (key === 'PageDown') next = this.activeIndex + page;
    else if (key === 'PageUp') next = this.activeIndex - page;
    else if (key === 'Enter') {
      const entry = entries[this.activeIndex];
      if (entry) this.#activate(entry);
    } else if (key === ' ' && this.#typed && Date.now() - this.#typedAt < TYPE_AHEAD_MS) {
      // Names have spaces: within a type-ahead word, Space is part of it.
      this.#typeAhead(key);
    } else if (key === ' ') {
      const entry = entries[this.activeIndex];
      if (entry) this.#toggle(entry);
    } else if ((key === 'a' || key === 'A') && (event.ctrlKey || event.metaKey)) {
      this.#selectAll();
    } else if (key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      this.#typeAhead(key);
    } else {
      return;
    }
    event.preventDefault();
    if (key.length !== 1) this.#typed = '';
    if (next !== null && count > 0) this.#moveTo(Math.max(0, Math.min(count - 1, next)));
  }

  #typeAhead(key: string): void {
    const now = Date.now();
    this.#typed = now - this.#typedAt > TYPE_AHEAD_MS ? key : this.#typed + key;
    this.#typedAt = now;
    const wanted = normalize(this.#typed);
    const entries = this.#store.visible;
    // The same letter again moves on to the next match, as in file managers.
    const repeat = this.#typed.length > 1 && [...this.#typed].every((char) => char === key);
    const start = repeat || this.#typed.length === 1 ? this.activeIndex + 1 : this.activeIndex;
    const query = repeat ? normalize(key) : wanted;
    for (let offset = 0; offset < entries.length; offset++) {
      const index = (start + offset) % entries.length;
      if (normalize(entries[index].name).startsWith(query)) {
        this.#moveTo(index);
        return;
      }
    }
  }

  /** Makes `index` the active entry and scrolls it into view. */
  #moveTo(index: number): void {
    this.activeIndex = index;
    const list = this.renderRoot.querySelector<HTMLElement>('.files');
    if (!list) return;
    const row = Math.floor(index / (this.view === 'grid' ? this.columns : 1));
    const top = row * this.#rowHeight;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + this.#rowHeight > list.scrollTop + list.clientHeight) list.scrollTop = top + this.#rowHeight - list.clientHeight;
    this.#onScroll();
  }

  #onScroll(): void {
    const list = this.renderRoot.querySelector<HTMLElement>('.files');
    if (!list) return;
    const row = Math.floor(list.scrollTop / this.#rowHeight);
    if (row !== this.firstRow) this.firstRow = row;
    // Scrolled by the mouse or a screen reader: the active option must stay rendered (and so
    // a valid aria-activedescendant), so it moves into the rows on screen.
    const columns = this.view === 'grid' ? this.columns : 1;
    const last = row + Math.max(1, Math.floor(list.clientHeight / this.#rowHeight));
    const activeRow = Math.floor(this.activeIndex / columns);
    if (activeRow < row || activeRow > last) this.activeIndex = Math.min(row * columns, Math.max(0, this.#store.visible.length - 1));
  }

  #measure(): void {
    const list = this.renderRoot.querySelector<HTMLElement>('.files');
    if (!list) return;
    const viewportHeight = list.clientHeight || this.#viewportHeight;
    const rem = parseFloat(getComputedStyle(list).fontSize) || 16;
    const rowHeight = this.view === 'grid' ? (GRID_CELL.height * rem) / 16 : (LIST_ROW * rem) / 16;
    const columns = this.view === 'grid' ? Math.max(1, Math.floor((list.clientWidth - 8) / ((GRID_CELL.width * rem) / 16))) : 1;
    if (viewportHeight === this.#viewportHeight && rowHeight === this.#rowHeight && columns === this.columns) return;
    this.#viewportHeight = viewportHeight;
    this.#rowHeight = rowHeight;
    this.columns = columns;
    this.requestUpdate();
  }

  // ————————————————————————————— folder creation, uploads, drag and drop

  async #createFolder(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('folder') as HTMLInputElement;
    const name = input.value.trim();
    const reason = validateName(name) ?? (this.#store.entries.some((entry) => entry.name === name) ? 'exists' : null);
    if (reason) {
      this.folderError = this.#t.nameErrors[reason] ?? this.#t.nameErrors.control;
      input.focus();
      return;
    }
    if (this.#creating) return;
    this.#creating = true;
    try {
      const created = await this.#store.createFolder(name);
      this.creatingFolder = false;
      this.folderError = '';
      this.#announce(this.#t.folderCreated(created.name));
      await this.updateComplete;
      const index = this.#store.visible.findIndex((entry) => entry.href === created.href);
      if (index >= 0) this.#moveTo(index);
      this.#focusList();
    } catch (error) {
      const failure = this.reportError(error, `creating the folder "${name}"`);
      this.folderError = failure.kind === 'conflict' ? this.#t.nameErrors.exists : this.#errorMessage(failure);
      input.focus();
    } finally {
      this.#creating = false;
    }
  }

  #upload(files: readonly File[]): void {
    if (files.length === 0 || this.readonly || this.#off) return;
    this.#store.upload(files);
  }

  #uploadEnded(item: UploadItem): void {
    if (item.status === 'done' && item.result) {
      this.#announce(this.#t.uploadDone(item.name));
      const file = this.#picked(item.result);
      this.emit('suite-upload', { file });
      // What was just uploaded is usually what the user wants to pick, unless they chose already
      // (or left the folder).
      const here = item.folderUrl === this.#store.folderUrl && !this.#store.search;
      if (here && this.#selectable(item.result) && (this.multiple ? this.#selection.size < this.#max : this.#selection.size === 0)) {
        this.#selection.set(item.result.href, item.result);
        this.requestUpdate();
      }
    } else if (item.status === 'failed') {
      this.#announce(this.#t.uploadFailed(item.name));
    }
  }

  /** Says `text` in the live region; the same text twice is said twice. */
  #announce(text: string): void {
    this.announcement = text === this.announcement ? `${text}\u00a0` : text;
  }

  /** Uploads can be dropped here now (not read-only, disabled, or showing search results). */
  get #canDrop(): boolean {
    return !this.readonly && !this.#off && !this.#store.search && this.#store.client !== null;
  }

  #onDragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    // Refused drops are cancelled too, or the browser would open the file and leave the page.
    event.preventDefault();
    event.dataTransfer.dropEffect = this.#canDrop ? 'copy' : 'none';
    this.dragging = this.#canDrop;
  }

  #onDragLeave(event: DragEvent): void {
    const target = event.currentTarget as HTMLElement;
    if (!(event.relatedTarget instanceof Node) || !target.contains(event.relatedTarget)) this.dragging = false;
  }

  #onDrop(event: DragEvent): void {
    this.dragging = false;
    const transfer = event.dataTransfer;
    if (!transfer?.types.includes('Files')) return;
    event.preventDefault();
    if (!this.#canDrop) return;
    const files: File[] = [];
    for (const item of transfer.items) {
      if (item.kind !== 'file') continue;
      const file = item.getAsFile();
      // Folders cannot be read as one file: say so instead of sending an empty file.
      if (item.webkitGetAsEntry?.()?.isDirectory) this.#announce(this.#t.folderSkipped(file?.name ?? ''));
      else if (file) files.push(file);
    }
    this.#upload(files);
  }

  #onSearchInput(event: Event): void {
    this.searchText = (event.target as HTMLInputElement).value;
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => void this.#runSearch(), this.searchText.trim().length >= 2 ? 350 : 0);
  }

  async #runSearch(): Promise<void> {
    clearTimeout(this.#searchTimer);
    const text = this.searchText.trim();
    this.activeIndex = 0;
    this.firstRow = 0;
    if (text.length < 2) {
      this.#store.clearSearch();
      return;
    }
    await this.#store.find(text);
    const search = this.#store.search;
    if (search && search.text === text && search.state !== 'loading' && search.state !== 'error') this.#announce(this.#t.searchResults(search.results.length, text));
  }

  #onKeydownHost(event: KeyboardEvent): void {
    const inField = /^(input|select)$/.test((event.composedPath()[0] as HTMLElement | undefined)?.localName ?? '');
    if ((event.key === 'Backspace' || (event.key === 'ArrowUp' && event.altKey)) && !inField) {
      // Up a folder from anywhere but a field (an empty folder has no list to take the key).
      const parent = this.#store.parentUrl;
      if (parent && !this.#store.search) void this.#openFolder(parent);
      event.preventDefault();
      return;
    }
    if (event.key !== 'Escape') return;
    if (this.searchText && inField) {
      this.searchText = '';
      this.#store.clearSearch();
      event.preventDefault();
      event.stopPropagation();
    } else if (this.creatingFolder) {
      this.#closeFolderForm();
      event.preventDefault();
      event.stopPropagation();
    } else if (!this.dialogOpen && this.#selection.size > 0) {
      this.#cancel('escape');
    }
  }

  /** Closes the new-folder form; the focus goes back to the button that opened it. */
  #closeFolderForm(): void {
    this.creatingFolder = false;
    this.folderError = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.new-folder-button')?.focus());
  }

  // ————————————————————————————— rendering

  #errorMessage(error: SuiteError): string {
    if (error.status === 507) return this.#t.quota;
    if (error.kind === 'config' && !this.url) return this.#t.missingUrl;
    if (error.kind === 'auth') return this.#usesSession ? this.#t.signInNeeded : this.#t.credentialsRefused;
    if (error.kind === 'not-found') return this.#t.folderGone;
    return this.#t.errorKinds[error.kind];
  }

  protected override render(): TemplateResult {
    if (this.#i18n.lang === 'en' && !englishReady) {
      void loadEnglish().then(() => this.requestUpdate());
      return html``;
    }
    const t = this.#t;
    if (this.#dialogMode || this.dialogOpen) {
      return html`${this.#dialogMode ? this.#renderTrigger() : nothing}
        <dialog part="dialog" aria-labelledby="title" @cancel=${(event: Event) => {
          event.preventDefault();
          this.#cancel('escape');
        }}>
          ${this.dialogOpen
            ? html`<div class="header" part="header">
                  <h2 id="title" class="title">${this.#title}</h2>
                  <button type="button" class="icon-button" aria-label=${t.close} @click=${() => this.#cancel('button')}>${CLOSE_ICON}</button>
                </div>
                ${this.#renderBrowser()} ${this.#renderLive()}`
            : nothing}
        </dialog>
        ${this.dialogOpen ? nothing : this.#renderLive()}`;
    }
    return html`<section class="inline" aria-labelledby="title">
        <h2 id="title" class="title">${this.#title}</h2>
        ${this.#renderBrowser()}
      </section>
      ${this.#renderLive()}`;
  }

  get #title(): string {
    const t = this.#t;
    return this.label || (this.#selects === 'folders' ? t.titleFolder : this.multiple ? t.title : t.titleOne);
  }

  #renderLive(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
  }

  #renderTrigger(): TemplateResult {
    const t = this.#t;
    return html`<button type="button" class="button trigger" part="trigger" ?disabled=${this.#off} @click=${() => void this.open()}>
        ${this.label || t.trigger}
      </button>
      ${this.value.length
        ? html`<ul class="chosen" part="chosen" aria-label=${t.chosen(this.value.length)}>
            ${this.value.map(
              (file) => html`<li>
                <span class="chosen-name">${file.isFolder ? FOLDER_ICON : FILE_ICON}${file.name}</span>
                <button type="button" class="icon-button" aria-label=${t.remove(file.name)} ?disabled=${this.#off} @click=${() => this.#removeChosen(file)}>${CLOSE_ICON}</button>
              </li>`,
            )}
          </ul>`
        : html`<p class="chosen-none">${t.noneChosen}</p>`}`;
  }

  #renderBrowser(): TemplateResult {
    const store = this.#store;
    const showControls = store.client !== null;
    return html`<div class="browser" @keydown=${this.#onKeydownHost}>
      ${showControls ? this.#renderCrumbs() : nothing} ${showControls ? this.#renderToolbar() : nothing}
      <div
        class="drop-zone ${this.dragging ? 'drop-zone--active' : ''}"
        @dragover=${this.#onDragOver}
        @dragenter=${this.#onDragOver}
        @dragleave=${this.#onDragLeave}
        @drop=${this.#onDrop}
      >
        ${this.#renderContent()}
        ${this.dragging ? html`<div class="drop-hint" aria-hidden="true">${this.#t.dropHere(this.#folderName)}</div>` : nothing}
      </div>
      ${this.#renderUploads()} ${this.#renderFooter()}
    </div>`;
  }

  #renderCrumbs(): TemplateResult {
    const t = this.#t;
    const crumbs = this.#store.crumbs;
    const parent = this.#store.parentUrl;
    return html`<nav class="crumbs" part="breadcrumbs" aria-label=${t.breadcrumbs}>
      <button type="button" class="icon-button" aria-label=${t.parent} ?disabled=${!parent || this.#off} @click=${() => parent && void this.#openFolder(parent)}>${UP_ICON}</button>
      <ol>
        ${crumbs.map((crumb, index) => {
          const name = index === 0 ? t.home : crumb.name;
          return index === crumbs.length - 1 && !this.#store.search
            ? html`<li><span aria-current="location">${name}</span></li>`
            : html`<li><button type="button" class="link" ?disabled=${this.#off} @click=${() => void this.#openFolder(crumb.url)}>${name}</button></li>`;
        })}
      </ol>
    </nav>`;
  }

  #renderToolbar(): TemplateResult {
    const t = this.#t;
    const descending = this.#store.sortDirection === 'descending';
    return html`<div class="toolbar" part="toolbar" role="group" aria-label=${t.toolbar}>
        <form role="search" class="search" @submit=${(event: Event) => {
          event.preventDefault();
          void this.#runSearch();
        }}>
          <label class="visually-hidden" for="search">${t.searchLabel}</label>
          <input id="search" part="search" type="search" autocomplete="off" placeholder=${t.searchPlaceholder} .value=${this.searchText} ?disabled=${this.#off} @input=${this.#onSearchInput} />
        </form>
        <label class="sort">
          <span class="visually-hidden">${t.sortBy}</span>
          <select ?disabled=${this.#off} @change=${(event: Event) => this.#store.setSort((event.target as HTMLSelectElement).value as SortKey, this.#store.sortDirection)}>
            ${SORT_KEYS.map((key) => html`<option value=${key} ?selected=${this.#store.sortKey === key}>${t.sortKeys[key]}</option>`)}
          </select>
        </label>
        <button type="button" class="icon-button" aria-label=${descending ? t.descending : t.ascending} title=${descending ? t.descending : t.ascending} ?disabled=${this.#off}
          @click=${() => this.#store.setSort(this.#store.sortKey, descending ? 'ascending' : 'descending')}>
          <span class=${descending ? 'flip' : ''}>${SORT_ICON}</span>
        </button>
        <button type="button" class="icon-button" aria-label=${t.viewList} aria-pressed=${this.view === 'list' ? 'true' : 'false'} ?disabled=${this.#off} @click=${() => this.#setView('list')}>${LIST_ICON}</button>
        <button type="button" class="icon-button" aria-label=${t.viewGrid} aria-pressed=${this.view === 'grid' ? 'true' : 'false'} ?disabled=${this.#off} @click=${() => this.#setView('grid')}>${GRID_ICON}</button>
        ${this.readonly
          ? nothing
          : html`<button type="button" class="button button--secondary new-folder-button" ?disabled=${this.#off || Boolean(this.#store.search)} aria-expanded=${this.creatingFolder ? 'true' : 'false'} @click=${() => {
                this.creatingFolder = !this.creatingFolder;
                this.folderError = '';
              }}>${t.newFolder}</button>
              <button type="button" class="button button--secondary" ?disabled=${this.#off || Boolean(this.#store.search)} @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#upload')?.click()}>${t.upload}</button>
              <input id="upload" type="file" multiple hidden tabindex="-1" accept=${this.accept || nothing} @change=${(event: Event) => {
                const input = event.target as HTMLInputElement;
                this.#upload([...(input.files ?? [])]);
                input.value = '';
              }} />`}
      </div>
      ${this.creatingFolder ? this.#renderWriting((parts) => parts.renderFolderForm({ t: this.#t, error: this.folderError, create: (event) => void this.#createFolder(event), close: () => this.#closeFolderForm() })) : nothing}`;
  }

  #setView(view: 'list' | 'grid'): void {
    if (view === this.view) return;
    const active = this.activeIndex;
    this.view = view;
    void this.updateComplete.then(() => {
      this.#measure();
      this.#moveTo(active);
    });
  }

  #renderContent(): TemplateResult {
    const t = this.#t;
    const store = this.#store;
    const search = store.search;
    const current = search ?? store;
    if (current.state === 'loading' || current.state === 'idle') return loadingView(search ? t.searching : t.loading);
    if (current.state === 'error' && current.error) return this.#renderError(current.error);
    if (current.state === 'empty') return emptyView(search ? t.searchResults(0, search.text) : t.empty);
    return html`${search && !search.complete ? html`<p class="note">${t.searchPartial}</p>` : nothing}${this.#renderList()}`;
  }

  #renderError(error: SuiteError): TemplateResult {
    const t = this.#t;
    const store = this.#store;
    const retry = () => {
      this.#listWantsFocus = true;
      void (store.search ? this.#runSearch() : store.reload());
    };
    // "Se connecter" only where signing in can help: credentials from the page session, and a
    // sign-in widget on the page (the session's state is known).
    if (error.kind === 'auth' && this.#usesSession && getSession().state !== 'unknown') {
      return html`${errorView({ title: t.loadFailed, message: t.signInNeeded, retryLabel: t.retry, onRetry: retry })}
        <p class="state-action"><button type="button" class="button" @click=${() => void getSession().signIn()}>${t.signIn}</button></p>`;
    }
    if (error.kind === 'not-found' && store.folderUrl !== store.homeUrl) {
      return html`${errorView({ title: t.loadFailed, message: t.folderGone, retryLabel: t.retry, onRetry: retry })}
        <p class="state-action"><button type="button" class="button" @click=${() => {
          this.#listWantsFocus = true;
          void this.#openFolder(store.homeUrl);
        }}>${t.goHome}</button></p>`;
    }
    const canRetry = error.kind !== 'config';
    return errorView({ title: t.loadFailed, message: this.#errorMessage(error), retryLabel: t.retry, ...(canRetry ? { onRetry: retry } : {}) });
  }

  #renderList(): TemplateResult {
    const t = this.#t;
    const entries = this.#store.visible;
    const grid = this.view === 'grid';
    const columns = grid ? this.columns : 1;
    const rows = Math.ceil(entries.length / columns);
    const visibleRows = Math.ceil(this.#viewportHeight / this.#rowHeight) + 1;
    const firstRow = Math.max(0, Math.min(this.firstRow, rows - 1) - OVERSCAN);
    const lastRow = Math.min(rows, this.firstRow + visibleRows + OVERSCAN);
    const active = Math.min(this.activeIndex, entries.length - 1);
    const slice = entries.slice(firstRow * columns, lastRow * columns);
    const search = this.#store.search;
    return html`<div
      class="files ${grid ? 'files--grid' : 'files--list'}"
      part="files"
      role="listbox"
      tabindex="0"
      aria-label=${search ? t.resultsLabel(search.text) : t.filesLabel(this.#folderName)}
      aria-multiselectable=${this.multiple ? 'true' : 'false'}
      aria-activedescendant=${entries.length ? `file-${active}` : nothing}
      aria-disabled=${this.#off ? 'true' : 'false'}
      @keydown=${this.#off ? null : this.#onListKeydown}
      @scroll=${this.#onScroll}
    >
      <div class="spacer" style="height:${rows * this.#rowHeight}px">
        <div class="window" style="transform:translateY(${firstRow * this.#rowHeight}px);--columns:${columns}">
          ${slice.map((entry, offset) => this.#renderEntry(entry, firstRow * columns + offset, entries.length, active))}
        </div>
      </div>
    </div>`;
  }

  #renderEntry(entry: DavResource, index: number, total: number, active: number): TemplateResult {
    const t = this.#t;
    const lang = this.#i18n.lang;
    const selected = this.#selection.has(entry.href);
    const selectable = this.#selectable(entry);
    const image = !entry.isFolder && typeOf(entry.name, entry.type).startsWith('image/');
    const thumbnail = this.view === 'grid' && image ? this.#store.thumbnail(entry) : undefined;
    const meta = entry.isFolder
      ? t.folder
      : [formatSize(entry.size, lang, t.sizeUnits), entry.lastModified !== undefined ? t.modified(formatDate(entry.lastModified, lang)) : ''].filter(Boolean).join(' · ');
    const where = this.#store.search ? this.#locationOf(entry) : '';
    const parts = ['file', selected ? 'file-selected' : '', entry.isFolder ? 'file-folder' : ''].filter(Boolean).join(' ');
    // The grid shows no details, but a screen reader still hears them ("Dossier", the size).
    // The keyboard is handled by the listbox, which points at this option (aria-activedescendant).
    // eslint-disable-next-line lit-a11y/click-events-have-key-events
    return html`<div
      id="file-${index}"
      class="file ${index === active ? 'file--active' : ''} ${selected ? 'file--selected' : ''} ${selectable || entry.isFolder ? '' : 'file--dimmed'}"
      part=${parts}
      role="option"
      aria-selected=${selected ? 'true' : 'false'}
      aria-disabled=${selectable || entry.isFolder ? 'false' : 'true'}
      aria-setsize=${total}
      aria-posinset=${index + 1}
      @click=${(event: MouseEvent) => this.#onEntryClick(event, entry, index)}
      @dblclick=${() => entry.isFolder && void this.#openFolder(entry.href)}
    >
      <span class="icon">${thumbnail ? html`<img part="thumbnail" src=${thumbnail} alt="" loading="lazy" />` : entry.isFolder ? FOLDER_ICON : image ? IMAGE_ICON : FILE_ICON}</span>
      <span class="name" title=${this.view === 'grid' ? shown(entry.name) : nothing}>${shown(entry.name)}</span>
      <span class="meta ${this.view === 'grid' ? 'visually-hidden' : ''}">${where ? html`${where} · ` : nothing}${meta}</span>
      ${selected ? html`<span class="visually-hidden">, ${t.itemSelected}</span>` : nothing}
    </div>`;
  }

  /** The folder of a search result, relative to the home folder. */
  #locationOf(entry: DavResource): string {
    const home = this.#store.homeUrl;
    const parent = entry.href.replace(/[^/]+\/?$/, '');
    if (!parent.startsWith(home)) return '';
    const segments = parent.slice(home.length).split('/').filter(Boolean);
    return [this.#t.home, ...segments.map(safeDecode)].join(' › ');
  }

  #onEntryClick(event: MouseEvent, entry: DavResource, index: number): void {
    if (this.#off) return;
    this.activeIndex = index;
    this.renderRoot.querySelector<HTMLElement>('.files')?.focus();
    // A folder that cannot be picked opens on one click; one that can is selected, and opens on a double click.
    if (entry.isFolder && this.#selects === 'files') void this.#openFolder(entry.href);
    else this.#toggle(entry, !this.multiple && !(event.ctrlKey || event.metaKey));
  }

  #renderUploads(): TemplateResult | typeof nothing {
    if (this.#store.uploads.length === 0) return nothing;
    return this.#renderWriting((parts) =>
      parts.renderUploads({
        t: this.#t,
        lang: this.#i18n.lang,
        store: this.#store,
        errorMessage: (error) => this.#errorMessage(error),
        act: (action) => this.#afterUploadAction(action),
        closeIcon: CLOSE_ICON,
        shown,
      }),
    );
  }

  /** The parts that write (upload list, new-folder form) load when first shown. */
  #renderWriting(render: (parts: typeof import('./writing.js')) => TemplateResult): TemplateResult | typeof nothing {
    if (writing) return render(writing);
    void loadWriting().then(() => this.requestUpdate());
    return nothing;
  }

  /** Runs an upload action; its button may go away, so the focus goes to the list. */
  #afterUploadAction(action: () => void): void {
    action();
    this.#focusList();
  }

  #renderFooter(): TemplateResult {
    const t = this.#t;
    const count = this.#selection.size;
    const here = count === 0 && this.#selects !== 'files' && !this.#store.search && this.#store.folder ? this.#folderName : '';
    return html`<div class="footer" part="footer">
      <span class="summary">${t.selected(count)}</span>
      <button type="button" class="button button--secondary" part="cancel-button" ?disabled=${this.#off} @click=${() => this.#cancel('button')}>${t.cancel}</button>
      <button type="button" class="button" part="choose-button" ?disabled=${this.#off || (count === 0 && !here)} @click=${() => this.#pick()}>
        ${here ? t.chooseHere(shown(here)) : count > 1 ? t.chooseCount(count) : t.choose}
      </button>
    </div>`;
  }
}
