import { html, nothing } from 'lit';
import type { CSSResultGroup, PropertyValues, TemplateResult } from 'lit';
import { I18nController, SuiteElement, SuiteError, coreMessages, emptyView, errorView, getSession, loadingView, property, state, stateStyles } from '@suite-widgets/core';
// Not from webdav/index.js, which also exports the upload and search code that loads lazily.
import { DavClient } from './webdav/client.js';
import { validateName } from './webdav/names.js';
import type { AuthorizationProvider, DavResource } from './webdav/types.js';
import { parseAccept, typeOf } from './accept.js';
import type { AcceptTest } from './accept.js';
import { formatDate, formatSize } from './format.js';
import { PickerStore } from './picker-store.js';
import type { SortDirection, SortKey, UploadItem } from './picker-store.js';
import { en } from './i18n/en.js';
import { fr } from './i18n/fr.js';
import { filePickerStyles } from './suite-file-picker.styles.js';

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

const messages = { fr: { ...coreMessages.fr, ...fr }, en: { ...coreMessages.en, ...en } };

/** Row height of the list view and cell size of the grid view, in pixels (16px root font), until measured. */
const LIST_ROW = 44;
const GRID_CELL = { width: 152, height: 148 };
/** Rows rendered above and below the visible ones. */
const OVERSCAN = 6;
/** Keys typed within this many ms make one type-ahead word. */
const TYPE_AHEAD_MS = 700;
const SORT_KEYS: readonly SortKey[] = ['name', 'date', 'size'];

const FOLDER_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3 5.5A1.5 1.5 0 0 1 4.5 4h5l2 2h8A1.5 1.5 0 0 1 21 7.5v11a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 18.5z" /></svg>`;
const FILE_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M6 2h8l5 5v13a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V8h4.5zM7 12v1.5h10V12zm0 4v1.5h7V16z" /></svg>`;
const IMAGE_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 4h16a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1zm1 13h14l-4.5-6-3.5 4.5-2.5-3zM8.5 10a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z" /></svg>`;
const LIST_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 5h16v2H4zm0 6h16v2H4zm0 6h16v2H4z" /></svg>`;
const GRID_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M4 4h7v7H4zm9 0h7v7h-7zM4 13h7v7H4zm9 0h7v7h-7z" /></svg>`;
const UP_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 5 5 12l1.4 1.4L11 8.8V19h2V8.8l4.6 4.6L19 12z" /></svg>`;
const SORT_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M7 4 3 8h3v12h2V8h3zm10 16 4-4h-3V4h-2v12h-3z" /></svg>`;
const CLOSE_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="m6.4 5 5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z" /></svg>`;

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
  /** Focus goes to the list as soon as it is shown (after a folder loads, or the dialog opens). */
  #listWantsFocus = false;
  #viewportHeight = 352;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  get #t() {
    return this.#i18n.t;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unsubscribe = getSession().subscribe(({ state }) => {
      // Signed in (again) after the server refused us: show the files without a click.
      if (state === 'signed-in' && this.#store.error?.kind === 'auth') void this.#store.reload();
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
    clearTimeout(this.#searchTimer);
  }

  /**
   * Opens the picker in a modal dialog (whatever `mode` is) and resolves to the picked items, or
   * null when the user cancels.
   */
  open(): Promise<PickedFile[] | null> {
    this.#pending?.(null);
    return new Promise((resolve) => {
      this.#pending = resolve;
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
    this.disabled = disabled;
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
    if (changed.has('sort') || changed.has('sortDirection')) {
      const key = SORT_KEYS.includes(this.sort) ? this.sort : 'name';
      this.#store.setSort(key, this.sortDirection === 'descending' ? 'descending' : 'ascending');
    }
    if (changed.has('value') || changed.has('name') || changed.has('required') || changed.has('disabled')) this.#updateFormValue();
    this.#configure();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && this.dialogOpen && !dialog.open) {
      dialog.showModal();
      this.#listWantsFocus = true;
    }
    if (changed.has('creatingFolder' as keyof SuiteFilePicker) && this.creatingFolder) this.renderRoot.querySelector<HTMLInputElement>('#folder')?.focus();
    // The list is replaced by a loading state while a folder loads: focus comes back to it after.
    if (this.#listWantsFocus) {
      const list = this.renderRoot.querySelector<HTMLElement>('.files');
      const settled = !list && this.#store.state !== 'loading' && this.#store.search?.state !== 'loading';
      if (list || settled) {
        this.#listWantsFocus = false;
        (list ?? this.renderRoot.querySelector<HTMLElement>('[part=retry-button], dialog button'))?.focus();
      }
    }
    this.#observeSize();
  }

  /** A client for the current attributes; rebuilt only when they change. */
  #configure(): void {
    const active = this.mode === 'inline' || this.dialogOpen;
    const key = JSON.stringify([this.url, this.path, this.withCredentials, this.uploadsUrl, this.searchUrl, this.chunkSize, this.audience, active, Boolean(this.accessToken), Boolean(this.tokenProvider), Boolean(this.basicAuth)]);
    if (key === this.#configKey || !this.isConnected) return;
    const wasConfigured = this.#configKey !== '';
    this.#configKey = key;
    if (!active) return;
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
    const client = new DavClient({
      root: rootUrl,
      authorization: this.#authorization(),
      withCredentials: this.withCredentials,
      ...(this.uploadsUrl && URL.canParse(this.uploadsUrl, document.baseURI) ? { uploadsUrl: new URL(this.uploadsUrl, document.baseURI).href } : {}),
      ...(this.searchUrl && URL.canParse(this.searchUrl, document.baseURI) ? { searchUrl: new URL(this.searchUrl, document.baseURI).href } : {}),
      ...(this.chunkSize && this.chunkSize > 0 ? { chunkSize: this.chunkSize } : {}),
    });
    let home = rootUrl;
    try {
      const start = this.path.split('/').filter(Boolean);
      if (start.length) home = client.resolve(start.join('/'), true);
    } catch (error) {
      this.reportError(error, `path ${JSON.stringify(this.path)}`);
    }
    if (wasConfigured) this.#selection.clear();
    this.activeIndex = 0;
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
    if (this.name && !this.disabled) for (const file of this.value) data.append(this.name, file.href);
    this.internals.setFormValue(this.value.length ? data : null);
    const anchor = this.renderRoot?.querySelector<HTMLElement>('.trigger, .files') ?? undefined;
    if (this.required && this.value.length === 0 && !this.disabled) this.internals.setValidity({ valueMissing: true }, this.#t.required, anchor);
    else this.internals.setValidity({});
  }

  // ————————————————————————————— selection and picking

  #selectable(entry: DavResource): boolean {
    if (entry.isFolder) return this.select !== 'files';
    return this.select !== 'folders' && this.#accept(entry.name, entry.type);
  }

  get #max(): number {
    if (!this.multiple) return 1;
    return this.max && this.max > 0 ? Math.floor(this.max) : Infinity;
  }

  #toggle(entry: DavResource, only = false): void {
    if (!this.#selectable(entry)) {
      this.announcement = this.#t.notAccepted;
      return;
    }
    if (!this.multiple || only) {
      const was = this.#selection.has(entry.href);
      this.#selection.clear();
      if (!was || only) this.#selection.set(entry.href, entry);
    } else if (this.#selection.has(entry.href)) {
      this.#selection.delete(entry.href);
    } else if (this.#selection.size >= this.#max) {
      this.announcement = this.#t.maxReached(this.#max);
      return;
    } else {
      this.#selection.set(entry.href, entry);
    }
    this.announcement = this.#t.selected(this.#selection.size);
    this.requestUpdate();
  }

  #selectAll(): void {
    if (!this.multiple) return;
    for (const entry of this.#store.visible) {
      if (this.#selection.size >= this.#max) break;
      if (this.#selectable(entry)) this.#selection.set(entry.href, entry);
    }
    this.announcement = this.#t.selected(this.#selection.size);
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
    if (this.#selection.size === 0) return;
    const files = [...this.#selection.values()].map((entry) => this.#picked(entry));
    this.value = files;
    this.emit('suite-pick', { files });
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
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.trigger')?.focus());
    }
  }

  #removeChosen(file: PickedFile): void {
    this.value = this.value.filter((other) => other.href !== file.href);
    this.#selection.delete(file.href);
    this.announcement = this.#t.chosen(this.value.length);
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
      this.announcement = this.#t.folderSummary(this.#folderName, this.#store.entries.length);
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
    } else this.announcement = this.#t.notAccepted;
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
    } else if (key === 'Backspace' || (key === 'ArrowUp' && event.altKey)) {
      const parent = this.#store.parentUrl;
      if (parent && !this.#store.search) void this.#openFolder(parent);
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
  }

  #observeSize(): void {
    const list = this.renderRoot.querySelector<HTMLElement>('.files');
    if (!list || this.#resizeObserver) return;
    this.#resizeObserver = new ResizeObserver(() => this.#measure());
    this.#resizeObserver.observe(list);
    this.#measure();
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
    try {
      const created = await this.#store.createFolder(name);
      this.creatingFolder = false;
      this.folderError = '';
      this.announcement = this.#t.folderCreated(created.name);
      await this.updateComplete;
      const index = this.#store.visible.findIndex((entry) => entry.href === created.href);
      if (index >= 0) this.#moveTo(index);
      this.#focusList();
    } catch (error) {
      const failure = this.reportError(error, `creating the folder "${name}"`);
      this.folderError = failure.kind === 'conflict' ? this.#t.nameErrors.exists : this.#errorMessage(failure);
      input.focus();
    }
  }

  #upload(files: readonly File[]): void {
    if (files.length === 0 || this.readonly || this.disabled) return;
    this.#store.upload(files);
  }

  #uploadEnded(item: UploadItem): void {
    if (item.status === 'done' && item.result) {
      this.announcement = this.#t.uploadDone(item.name);
      const file = this.#picked(item.result);
      this.emit('suite-upload', { file });
      // What was just uploaded is usually what the user wants to pick.
      if (this.#selectable(item.result) && (this.#selection.size < this.#max || !this.multiple)) {
        if (!this.multiple) this.#selection.clear();
        this.#selection.set(item.result.href, item.result);
        this.requestUpdate();
      }
    } else if (item.status === 'failed') {
      this.announcement = this.#t.uploadFailed(item.name);
    }
  }

  #onDragOver(event: DragEvent): void {
    if (this.readonly || this.disabled || !event.dataTransfer?.types.includes('Files') || this.#store.search) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  }

  #onDragLeave(event: DragEvent): void {
    const target = event.currentTarget as HTMLElement;
    if (!(event.relatedTarget instanceof Node) || !target.contains(event.relatedTarget)) this.dragging = false;
  }

  #onDrop(event: DragEvent): void {
    this.dragging = false;
    const transfer = event.dataTransfer;
    if (!transfer || this.readonly || this.disabled) return;
    event.preventDefault();
    const files: File[] = [];
    const items = [...transfer.items];
    for (const [index, file] of [...transfer.files].entries()) {
      // Folders cannot be read as one file: say so instead of sending an empty file.
      if (items[index]?.webkitGetAsEntry?.()?.isDirectory) this.announcement = this.#t.folderSkipped(file.name);
      else files.push(file);
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
    if (search && search.text === text && search.state !== 'loading' && search.state !== 'error') this.announcement = this.#t.searchResults(search.results.length, text);
  }

  #onKeydownHost(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    if (this.searchText && (event.composedPath()[0] as HTMLElement | undefined)?.localName === 'input') {
      this.searchText = '';
      this.#store.clearSearch();
      event.preventDefault();
      event.stopPropagation();
    } else if (this.creatingFolder) {
      this.creatingFolder = false;
      this.folderError = '';
      event.preventDefault();
      event.stopPropagation();
    } else if (!this.dialogOpen && this.#selection.size > 0) {
      this.#cancel('escape');
    }
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
    const t = this.#t;
    if (this.mode === 'dialog' || this.dialogOpen) {
      return html`${this.mode === 'dialog' ? this.#renderTrigger() : nothing}
        <dialog part="dialog" aria-labelledby="title" @cancel=${(event: Event) => {
          event.preventDefault();
          this.#cancel('escape');
        }}>
          ${this.dialogOpen
            ? html`<div class="header" part="header">
                  <h2 id="title" class="title">${this.#title}</h2>
                  <button type="button" class="icon-button" aria-label=${t.close} @click=${() => this.#cancel('button')}>${CLOSE_ICON}</button>
                </div>
                ${this.#renderBrowser()}`
            : nothing}
        </dialog>
        ${this.#renderLive()}`;
    }
    return html`<section class="inline" aria-labelledby="title">
        <h2 id="title" class="title">${this.#title}</h2>
        ${this.#renderBrowser()}
      </section>
      ${this.#renderLive()}`;
  }

  get #title(): string {
    const t = this.#t;
    return this.label || (this.select === 'folders' ? t.titleFolder : this.multiple ? t.title : t.titleOne);
  }

  #renderLive(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
  }

  #renderTrigger(): TemplateResult {
    const t = this.#t;
    return html`<button type="button" class="button trigger" part="trigger" ?disabled=${this.disabled} @click=${() => void this.open()}>
        ${this.label || t.trigger}
      </button>
      ${this.value.length
        ? html`<ul class="chosen" part="chosen" aria-label=${t.chosen(this.value.length)}>
            ${this.value.map(
              (file) => html`<li>
                <span class="chosen-name">${file.isFolder ? FOLDER_ICON : FILE_ICON}${file.name}</span>
                <button type="button" class="icon-button" aria-label=${t.remove(file.name)} ?disabled=${this.disabled} @click=${() => this.#removeChosen(file)}>${CLOSE_ICON}</button>
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
      <button type="button" class="icon-button" aria-label=${t.parent} ?disabled=${!parent || this.disabled} @click=${() => parent && void this.#openFolder(parent)}>${UP_ICON}</button>
      <ol>
        ${crumbs.map((crumb, index) => {
          const name = index === 0 ? t.home : crumb.name;
          return index === crumbs.length - 1 && !this.#store.search
            ? html`<li><span aria-current="location">${name}</span></li>`
            : html`<li><button type="button" class="link" ?disabled=${this.disabled} @click=${() => void this.#openFolder(crumb.url)}>${name}</button></li>`;
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
          <input id="search" part="search" type="search" autocomplete="off" placeholder=${t.searchPlaceholder} .value=${this.searchText} ?disabled=${this.disabled} @input=${this.#onSearchInput} />
        </form>
        <label class="sort">
          <span class="visually-hidden">${t.sortBy}</span>
          <select ?disabled=${this.disabled} @change=${(event: Event) => this.#store.setSort((event.target as HTMLSelectElement).value as SortKey, this.#store.sortDirection)}>
            ${SORT_KEYS.map((key) => html`<option value=${key} ?selected=${this.#store.sortKey === key}>${t.sortKeys[key]}</option>`)}
          </select>
        </label>
        <button type="button" class="icon-button" aria-label=${descending ? t.descending : t.ascending} title=${descending ? t.descending : t.ascending} ?disabled=${this.disabled}
          @click=${() => this.#store.setSort(this.#store.sortKey, descending ? 'ascending' : 'descending')}>
          <span class=${descending ? 'flip' : ''}>${SORT_ICON}</span>
        </button>
        <button type="button" class="icon-button" aria-label=${t.viewList} aria-pressed=${this.view === 'list' ? 'true' : 'false'} ?disabled=${this.disabled} @click=${() => this.#setView('list')}>${LIST_ICON}</button>
        <button type="button" class="icon-button" aria-label=${t.viewGrid} aria-pressed=${this.view === 'grid' ? 'true' : 'false'} ?disabled=${this.disabled} @click=${() => this.#setView('grid')}>${GRID_ICON}</button>
        ${this.readonly
          ? nothing
          : html`<button type="button" class="button button--secondary" ?disabled=${this.disabled || Boolean(this.#store.search)} aria-expanded=${this.creatingFolder ? 'true' : 'false'} @click=${() => {
                this.creatingFolder = !this.creatingFolder;
                this.folderError = '';
              }}>${t.newFolder}</button>
              <button type="button" class="button button--secondary" ?disabled=${this.disabled || Boolean(this.#store.search)} @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#upload')?.click()}>${t.upload}</button>
              <input id="upload" type="file" multiple hidden tabindex="-1" accept=${this.accept || nothing} @change=${(event: Event) => {
                const input = event.target as HTMLInputElement;
                this.#upload([...(input.files ?? [])]);
                input.value = '';
              }} />`}
      </div>
      ${this.creatingFolder ? this.#renderFolderForm() : nothing}`;
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

  #renderFolderForm(): TemplateResult {
    const t = this.#t;
    return html`<form class="new-folder" @submit=${this.#createFolder}>
      <label for="folder">${t.newFolderName}</label>
      <input id="folder" name="folder" autocomplete="off" required aria-invalid=${this.folderError ? 'true' : 'false'} aria-describedby=${this.folderError ? 'folder-error' : nothing} />
      <button type="submit" class="button">${t.create}</button>
      <button type="button" class="button button--secondary" @click=${() => {
        this.creatingFolder = false;
        this.folderError = '';
      }}>${t.cancel}</button>
      ${this.folderError ? html`<p id="folder-error" class="field-error">${this.folderError}</p>` : nothing}
    </form>`;
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
    const retry = () => void (store.search ? this.#runSearch() : store.reload());
    // "Se connecter" only where signing in can help: credentials from the page session, and a
    // sign-in widget on the page (the session's state is known).
    if (error.kind === 'auth' && this.#usesSession && getSession().state !== 'unknown') {
      return html`${errorView({ title: t.loadFailed, message: t.signInNeeded, retryLabel: t.retry, onRetry: retry })}
        <p class="state-action"><button type="button" class="button" @click=${() => void getSession().signIn()}>${t.signIn}</button></p>`;
    }
    if (error.kind === 'not-found' && store.folderUrl !== store.homeUrl) {
      return html`${errorView({ title: t.loadFailed, message: t.folderGone, retryLabel: t.retry, onRetry: retry })}
        <p class="state-action"><button type="button" class="button" @click=${() => void this.#openFolder(store.homeUrl)}>${t.goHome}</button></p>`;
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
      aria-disabled=${this.disabled ? 'true' : 'false'}
      @keydown=${this.disabled ? null : this.#onListKeydown}
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
      <span class="name">${entry.name}</span>
      <span class="meta">${where ? html`${where} · ` : nothing}${meta}</span>
      ${selected ? html`<span class="visually-hidden">, ${t.itemSelected}</span>` : nothing}
    </div>`;
  }

  /** The folder of a search result, relative to the home folder. */
  #locationOf(entry: DavResource): string {
    const home = this.#store.homeUrl;
    const parent = entry.href.replace(/[^/]+\/?$/, '');
    if (!parent.startsWith(home)) return '';
    const segments = parent.slice(home.length).split('/').filter(Boolean);
    return [this.#t.home, ...segments.map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })].join(' › ');
  }

  #onEntryClick(event: MouseEvent, entry: DavResource, index: number): void {
    if (this.disabled) return;
    this.activeIndex = index;
    this.renderRoot.querySelector<HTMLElement>('.files')?.focus();
    // A folder that cannot be picked opens on one click; one that can is selected, and opens on a double click.
    if (entry.isFolder && this.select === 'files') void this.#openFolder(entry.href);
    else this.#toggle(entry, !this.multiple && !(event.ctrlKey || event.metaKey));
  }

  #renderUploads(): TemplateResult | typeof nothing {
    const t = this.#t;
    const uploads = this.#store.uploads;
    if (uploads.length === 0) return nothing;
    return html`<section class="uploads" part="uploads" aria-label=${t.uploads}>
      <ul>
        ${uploads.map((item) => {
          const percent = item.total ? Math.round((item.loaded / item.total) * 100) : 0;
          return html`<li class="upload upload--${item.status}">
            <span class="upload-name">${item.name}</span>
            ${item.status === 'uploading' || item.status === 'queued'
              ? html`<progress part="progress" max="100" value=${percent} aria-label=${t.uploadProgress(item.name)}></progress>
                  <span class="upload-status">${item.status === 'queued' ? t.uploadStatus.queued : `${percent} %`}</span>
                  <button type="button" class="button button--secondary" aria-label=${t.cancelUpload(item.name)} @click=${() => this.#store.cancelUpload(item)}>${t.cancel}</button>`
              : item.status === 'conflict'
                ? html`<span class="upload-status" role="alert">${t.conflictQuestion(item.name)}</span>
                    <span class="upload-actions" role="group" aria-label=${t.conflictQuestion(item.name)}>
                      <button type="button" class="button" @click=${() => this.#store.resolveConflict(item, 'replace')}>${t.replace}</button>
                      <button type="button" class="button button--secondary" @click=${() => this.#store.resolveConflict(item, 'keep-both')}>${t.keepBoth}</button>
                      <button type="button" class="button button--secondary" @click=${() => this.#store.resolveConflict(item, 'cancel')}>${t.cancel}</button>
                    </span>`
                : html`<span class="upload-status">${t.uploadStatus[item.status]}${item.status === 'failed' && item.error ? html` : ${this.#errorMessage(item.error)}` : nothing}</span>
                    ${item.status === 'failed' || item.status === 'cancelled'
                      ? html`<button type="button" class="button button--secondary" aria-label=${t.retryUpload(item.name)} @click=${() => this.#store.retryUpload(item)}>${t.retry}</button>`
                      : nothing}
                    <button type="button" class="icon-button" aria-label=${t.dismiss(item.name)} @click=${() => this.#store.dismissUpload(item)}>${CLOSE_ICON}</button>`}
          </li>`;
        })}
      </ul>
    </section>`;
  }

  #renderFooter(): TemplateResult {
    const t = this.#t;
    const count = this.#selection.size;
    return html`<div class="footer" part="footer">
      <span class="summary">${t.selected(count)}</span>
      <button type="button" class="button button--secondary" part="cancel-button" ?disabled=${this.disabled} @click=${() => this.#cancel('button')}>${t.cancel}</button>
      <button type="button" class="button" part="choose-button" ?disabled=${this.disabled || count === 0} @click=${() => this.#pick()}>
        ${count > 1 ? t.chooseCount(count) : t.choose}
      </button>
    </div>`;
  }
}
