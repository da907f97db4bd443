import { SuiteError } from '@suite-widgets/core';
import type { AsyncState } from '@suite-widgets/core';
import type { DavClient } from './webdav/client.js';
import { safeDecode } from './webdav/paths.js';
import type { DavResource } from './webdav/types.js';

export type SortKey = 'name' | 'date' | 'size';
export type SortDirection = 'ascending' | 'descending';
export type UploadStatus = 'queued' | 'uploading' | 'done' | 'failed' | 'conflict' | 'cancelled';

/** One file the user asked to upload. It stays in the queue, with its bytes, until dismissed. */
export interface UploadItem {
  readonly id: number;
  readonly file: Blob;
  /** The name it will have on the server (changes with "keep both"). */
  name: string;
  readonly folderUrl: string;
  status: UploadStatus;
  loaded: number;
  total: number;
  error: SuiteError | null;
  result: DavResource | null;
  /** The user's answer to a name conflict, kept until the upload is sent again. */
  choice?: 'replace' | 'keep-both' | undefined;
}

export interface SearchState {
  text: string;
  state: AsyncState;
  results: DavResource[];
  /** False when the bounded folder walk stopped before the end. */
  complete: boolean;
  error: SuiteError | null;
}

export interface PickerStoreHost {
  /** Something the view shows changed. */
  changed(): void;
  /** An upload ended (done or failed), or a folder was created: the view announces it. */
  uploadEnded(item: UploadItem): void;
  /** A failure the page should hear of (console + `suite-error`). */
  failed(error: SuiteError, context: string): void;
}

/** Uploads in flight at once. */
const UPLOAD_CONCURRENCY = 2;
/** Images larger than this get an icon, not a thumbnail (the full file would be downloaded). */
const THUMBNAIL_MAX_BYTES = 8_000_000;
const THUMBNAIL_CONCURRENCY = 3;
const THUMBNAIL_TYPES = /^image\/(png|jpeg|gif|webp|avif)$/;
/** Attempts at a free name for "keep both". */
const KEEP_BOTH_ATTEMPTS = 50;

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** `rapport.pdf` → `rapport (2).pdf`; `archive` → `archive (2)`. */
export function numberedName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** Folders first, then by the key; names break ties so the order is stable. */
export function sortEntries(entries: readonly DavResource[], key: SortKey, direction: SortDirection): DavResource[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const byKey = (a: DavResource, b: DavResource): number => {
    if (key === 'date') return (a.lastModified ?? 0) - (b.lastModified ?? 0);
    if (key === 'size') return (a.size ?? 0) - (b.size ?? 0);
    return 0;
  };
  return [...entries].sort((a, b) => {
    if (a.isFolder !== b.isFolder) return a.isFolder ? -1 : 1;
    return sign * (byKey(a, b) || collator.compare(a.name, b.name));
  });
}

/**
 * The picker's state and the only place with side effects: it lists folders, searches, creates
 * folders, uploads (a queue that keeps each file until it is sent or dismissed), and fetches
 * thumbnails. The view renders it and calls its intents.
 */
export class PickerStore {
  client: DavClient | null = null;
  /** The root the user may browse (the `url` attribute): "Mes fichiers". */
  homeUrl = '';
  /** Where browsing starts (the `path` attribute under the root). */
  startUrl = '';
  folderUrl = '';
  folder: DavResource | null = null;
  entries: DavResource[] = [];
  state: AsyncState = 'idle';
  error: SuiteError | null = null;
  search: SearchState | null = null;
  sortKey: SortKey = 'name';
  sortDirection: SortDirection = 'ascending';
  uploads: UploadItem[] = [];

  readonly #host: PickerStoreHost;
  #listing: AbortController | null = null;
  #searching: AbortController | null = null;
  #sorted: { source: DavResource[]; key: string; value: DavResource[] } | null = null;
  #uploadId = 0;
  readonly #uploadControllers = new Map<number, AbortController>();
  readonly #thumbnails = new Map<string, string | null>();
  readonly #thumbnailQueue: DavResource[] = [];
  #thumbnailsLoading = 0;
  #thumbnailsController = new AbortController();

  constructor(host: PickerStoreHost) {
    this.#host = host;
  }

  /** Starts over with another server (or none): everything in flight is dropped. */
  configure(client: DavClient | null, startUrl: string): void {
    this.#listing?.abort();
    this.#searching?.abort();
    this.#clearThumbnails();
    // Uploads were for the previous server: stopped, and said in the console (their files are the user's own).
    const dropped = this.uploads.filter((item) => item.status !== 'done' && item.status !== 'cancelled');
    for (const controller of this.#uploadControllers.values()) controller.abort();
    if (dropped.length) console.warn(`<suite-file-picker> the server changed: ${dropped.length} upload(s) to the previous one stopped (${dropped.map((item) => item.name).join(', ')}).`);
    this.uploads = [];
    this.client = client;
    this.homeUrl = client?.root ?? '';
    this.startUrl = startUrl;
    this.folder = null;
    this.entries = [];
    this.search = null;
    this.error = null;
    this.state = 'idle';
    if (client) void this.open(startUrl);
    else this.#host.changed();
  }

  /** The entries shown: the search results, or the folder's entries, sorted. */
  get visible(): DavResource[] {
    const source = this.search ? this.search.results : this.entries;
    const key = `${this.sortKey}:${this.sortDirection}`;
    if (this.#sorted?.source !== source || this.#sorted.key !== key) this.#sorted = { source, key, value: sortEntries(source, this.sortKey, this.sortDirection) };
    return this.#sorted.value;
  }

  /** The folders from the home folder down to the current one. */
  get crumbs(): { name: string; url: string }[] {
    if (!this.client || !this.folderUrl.startsWith(this.homeUrl)) return [];
    const crumbs = [{ name: '', url: this.homeUrl }];
    const rest = this.folderUrl.slice(this.homeUrl.length).split('/').filter(Boolean);
    let url = this.homeUrl;
    for (const segment of rest) {
      url += `${segment}/`;
      crumbs.push({ name: safeDecode(segment), url });
    }
    return crumbs;
  }

  setSort(key: SortKey, direction: SortDirection): void {
    this.sortKey = key;
    this.sortDirection = direction;
    this.#host.changed();
  }

  /** Lists a folder; what was being listed before is abandoned. */
  async open(url: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.#listing?.abort();
    this.#searching?.abort();
    const controller = new AbortController();
    this.#listing = controller;
    this.search = null;
    // Thumbnails belong to the folder shown: the next one's load from scratch.
    if (url !== this.folderUrl) this.#clearThumbnails();
    this.folderUrl = url;
    this.state = 'loading';
    this.error = null;
    this.#host.changed();
    try {
      const listing = await client.list(url, { signal: controller.signal });
      if (controller.signal.aborted) return;
      this.folder = listing.folder;
      this.entries = listing.children;
      this.state = listing.children.length === 0 ? 'empty' : 'ready';
    } catch (error) {
      if (controller.signal.aborted) return;
      const failure = SuiteError.from(error);
      this.entries = [];
      this.state = 'error';
      this.error = failure;
      this.#host.failed(failure, `listing ${url}`);
    } finally {
      if (this.#listing === controller) this.#listing = null;
      if (!controller.signal.aborted) this.#host.changed();
    }
  }

  reload(): Promise<void> {
    return this.open(this.folderUrl || this.startUrl);
  }

  /** The parent of the current folder, when it is still under the home folder. */
  get parentUrl(): string | null {
    if (this.folderUrl === this.homeUrl || !this.folderUrl.startsWith(this.homeUrl)) return null;
    return this.folderUrl.replace(/[^/]+\/$/, '');
  }

  /** Searches under the current folder: SEARCH where the server offers it, else a bounded walk. */
  async find(text: string): Promise<void> {
    const client = this.client;
    const query = text.trim();
    this.#searching?.abort();
    if (!client || query === '') {
      this.clearSearch();
      return;
    }
    const controller = new AbortController();
    this.#searching = controller;
    this.search = { text: query, state: 'loading', results: [], complete: true, error: null };
    this.#host.changed();
    const scope = this.folderUrl || this.startUrl;
    try {
      let found: { results: DavResource[]; complete: boolean } | null = null;
      if ((await client.capabilities({ signal: controller.signal })).search) {
        try {
          found = { results: await client.search(scope, query, { signal: controller.signal }), complete: true };
        } catch (error) {
          // A server that announces SEARCH but refuses this one: walk the folders instead.
          if (!(error instanceof SuiteError) || error.kind !== 'protocol') throw error;
        }
      }
      const { results, complete } = found ?? (await client.searchTree(scope, query, { signal: controller.signal }));
      if (controller.signal.aborted) return;
      this.search = { text: query, state: results.length ? 'ready' : 'empty', results, complete, error: null };
    } catch (error) {
      if (controller.signal.aborted) return;
      const failure = SuiteError.from(error);
      this.search = { text: query, state: 'error', results: [], complete: false, error: failure };
      this.#host.failed(failure, `searching "${query}"`);
    } finally {
      if (this.#searching === controller) this.#searching = null;
      if (!controller.signal.aborted) this.#host.changed();
    }
  }

  clearSearch(): void {
    this.#searching?.abort();
    this.#searching = null;
    if (this.search) {
      this.search = null;
      this.#host.changed();
    }
  }

  /** Creates a folder in the current one and shows it; rethrows so the form can say why it failed. */
  async createFolder(name: string): Promise<DavResource> {
    const client = this.client;
    if (!client) throw new SuiteError('config', 'No WebDAV server is configured.');
    const folderUrl = this.folderUrl;
    const created = await client.createFolder(folderUrl, name);
    if (this.folderUrl === folderUrl) this.#put(created);
    return created;
  }

  /** Adds files to the upload queue (into the current folder). */
  upload(files: readonly File[]): UploadItem[] {
    const added = files.map((file): UploadItem => ({
      id: ++this.#uploadId,
      file,
      name: file.name,
      folderUrl: this.folderUrl,
      status: 'queued',
      loaded: 0,
      total: file.size,
      error: null,
      result: null,
    }));
    this.uploads = [...this.uploads, ...added];
    this.#host.changed();
    this.#pump();
    return added;
  }

  /** The user's answer to a name conflict. */
  resolveConflict(item: UploadItem, choice: 'replace' | 'keep-both' | 'cancel'): void {
    if (item.status !== 'conflict') return;
    if (choice === 'cancel') {
      this.#set(item, { status: 'cancelled' });
      return;
    }
    this.#set(item, { status: 'queued', error: null, choice });
    this.#pump();
  }

  cancelUpload(item: UploadItem): void {
    this.#uploadControllers.get(item.id)?.abort();
    if (item.status === 'queued' || item.status === 'uploading' || item.status === 'conflict') this.#set(item, { status: 'cancelled' });
  }

  retryUpload(item: UploadItem): void {
    if (item.status !== 'failed' && item.status !== 'cancelled') return;
    this.#set(item, { status: 'queued', loaded: 0, error: null });
    this.#pump();
  }

  dismissUpload(item: UploadItem): void {
    this.cancelUpload(item);
    this.uploads = this.uploads.filter((other) => other.id !== item.id);
    this.#host.changed();
  }

  /** A thumbnail's blob URL when loaded; asks for it otherwise (the view re-renders when it comes). */
  thumbnail(entry: DavResource): string | undefined {
    // An image of unknown size could be anything: no thumbnail then.
    if (entry.isFolder || !THUMBNAIL_TYPES.test(entry.type) || entry.size === undefined || entry.size > THUMBNAIL_MAX_BYTES) return undefined;
    const known = this.#thumbnails.get(entry.href);
    if (known !== undefined) return known ?? undefined;
    this.#thumbnails.set(entry.href, null);
    this.#thumbnailQueue.push(entry);
    this.#loadThumbnails();
    return undefined;
  }

  /** Releases the thumbnails and stops what is in flight (the element left the page). */
  dispose(): void {
    this.#listing?.abort();
    this.#searching?.abort();
    this.#clearThumbnails();
  }

  #clearThumbnails(): void {
    this.#thumbnailsController.abort();
    this.#thumbnailsController = new AbortController();
    for (const url of this.#thumbnails.values()) if (url) URL.revokeObjectURL(url);
    this.#thumbnails.clear();
    this.#thumbnailQueue.length = 0;
    this.#thumbnailsLoading = 0;
  }

  #loadThumbnails(): void {
    const client = this.client;
    const { signal } = this.#thumbnailsController;
    while (client && this.#thumbnailsLoading < THUMBNAIL_CONCURRENCY && this.#thumbnailQueue.length > 0) {
      const entry = this.#thumbnailQueue.shift()!;
      this.#thumbnailsLoading++;
      client
        .download(entry.href, { signal })
        .then((blob) => {
          if (signal.aborted) return;
          // Only image bytes become an <img> source (a server may lie about the type).
          if (!THUMBNAIL_TYPES.test(blob.type || entry.type)) return;
          this.#thumbnails.set(entry.href, URL.createObjectURL(blob));
          this.#host.changed();
        })
        .catch(() => {
          // No thumbnail: the icon stays. The listing already reports real failures.
        })
        .finally(() => {
          if (signal.aborted) return;
          this.#thumbnailsLoading--;
          this.#loadThumbnails();
        });
    }
  }

  #set(item: UploadItem, changes: Partial<UploadItem>): void {
    Object.assign(item, changes);
    this.uploads = [...this.uploads];
    this.#host.changed();
  }

  /** Shows a created or uploaded resource in the current listing, replacing one of the same URL. */
  #put(resource: DavResource): void {
    this.entries = [...this.entries.filter((entry) => entry.href !== resource.href), resource];
    if (this.state === 'empty') this.state = 'ready';
    this.#host.changed();
  }

  /** Starts queued uploads up to the concurrency. */
  #pump(): void {
    const running = this.uploads.filter((item) => item.status === 'uploading').length;
    let room = UPLOAD_CONCURRENCY - running;
    for (const item of this.uploads) {
      if (room <= 0) break;
      if (item.status !== 'queued') continue;
      room--;
      void this.#send(item);
    }
  }

  async #send(item: UploadItem): Promise<void> {
    const client = this.client;
    if (!client) return;
    const choice = item.choice;
    const controller = new AbortController();
    this.#uploadControllers.set(item.id, controller);
    this.#set(item, { status: 'uploading', loaded: 0 });
    let name = item.name;
    try {
      let result: DavResource | null = null;
      for (let attempt = 1; !result; attempt++) {
        if (choice === 'keep-both') name = this.#freeName(item, attempt);
        try {
          result = await client.upload(item.folderUrl, item.file, name, {
            overwrite: choice === 'replace',
            signal: controller.signal,
            onProgress: (loaded, total) => this.#set(item, { loaded, total }),
          });
        } catch (error) {
          // "Keep both": that name was taken since the listing; try the next number.
          if (choice !== 'keep-both' || attempt >= KEEP_BOTH_ATTEMPTS || !(error instanceof SuiteError) || error.kind !== 'conflict') throw error;
        }
      }
      this.#set(item, { status: 'done', name, loaded: item.total, result });
      if (this.folderUrl === item.folderUrl) this.#put(result);
      this.#host.uploadEnded(item);
    } catch (error) {
      const failure = SuiteError.from(error);
      if (failure.kind === 'aborted' || item.status === 'cancelled') {
        this.#set(item, { status: 'cancelled' });
      } else if (failure.kind === 'conflict' && !choice) {
        this.#set(item, { status: 'conflict', error: failure });
      } else {
        // The file stays in the queue, with its bytes: "Réessayer" sends it again.
        this.#set(item, { status: 'failed', error: failure });
        this.#host.failed(failure, `uploading "${item.name}"`);
        this.#host.uploadEnded(item);
      }
    } finally {
      // A retry may already have its own controller.
      if (this.#uploadControllers.get(item.id) === controller) this.#uploadControllers.delete(item.id);
      this.#pump();
    }
  }

  /** "rapport (2).pdf" and on, skipping the names the current listing already has. */
  #freeName(item: UploadItem, attempt: number): string {
    const taken = new Set(this.folderUrl === item.folderUrl ? this.entries.map((entry) => entry.name) : []);
    let n = attempt + 1;
    while (taken.has(numberedName(item.name, n))) n++;
    return numberedName(item.name, n);
  }
}
