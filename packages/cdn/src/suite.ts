/**
 * The CDN autoloader. `<script type="module" src=".../suite.js"></script>` alone defines every
 * `suite-*` tag of the page, now and later (a MutationObserver watches for new ones), importing
 * only the chunks those tags need from the loader's own folder. Its one global is
 * `window.SuiteWidgets`. It also answers La Gaufre v2's `window._lasuite_widget` queue.
 *
 * Kept free of Lit and of the core so that it stays tiny: the widgets bring them.
 */
import { loadLaGaufre, widgets } from './registry.js';

declare const __VERSION__: string;

export interface SuiteWidgetsNamespace {
  /** The version of this build. */
  version: string;
  /** Loads the chunk of `tag` (if not yet loaded) and resolves once the tag is defined. */
  load(tag: string): Promise<void>;
  /** Looks for undefined `suite-*` tags under `root` (a shadow root the loader cannot see, say). */
  scan(root?: ParentNode): void;
  /** The tags this build can define. */
  readonly tags: string[];
}

declare global {
  interface Window {
    SuiteWidgets?: SuiteWidgetsNamespace;
  }
}

type Queue = unknown[] & { _loaded?: Record<string, number> };

const loading = new Map<string, Promise<void>>();
const reported = new Set<string>();

function load(tag: string): Promise<void> {
  const name = tag.toLowerCase();
  let promise = loading.get(name);
  if (!promise) {
    const importer = widgets[name];
    if (!importer) {
      if (!reported.has(name)) {
        reported.add(name);
        console.error(`[suite-widgets] <${name}> is not a Suite widget this build knows (${Object.keys(widgets).join(', ')}).`);
      }
      return Promise.reject(new Error(`unknown widget <${name}>`));
    }
    promise = importer()
      .then(() => customElements.whenDefined(name))
      .then(() => undefined);
    promise.catch((error: unknown) => {
      loading.delete(name);
      console.error(`[suite-widgets] the code of <${name}> could not be loaded from ${import.meta.url}:`, error);
    });
    loading.set(name, promise);
  }
  return promise;
}

function consider(element: Element): void {
  const name = element.localName;
  if (name.startsWith('suite-') && !customElements.get(name)) load(name).catch(() => undefined);
}

function scan(root: ParentNode = document): void {
  if (root instanceof Element) consider(root);
  for (const element of root.querySelectorAll(':not(:defined)')) consider(element);
}

function watchLaGaufre(): void {
  // La Gaufre v2's queue; the app-switcher package types it fully, the loader only peeks at it.
  const queue = (window as unknown as { _lasuite_widget?: Queue })._lasuite_widget;
  if (!Array.isArray(queue) || queue._loaded?.lagaufre) return;
  const wanted = (entry: unknown) => Array.isArray(entry) && entry[0] === 'lagaufre';
  const start = () => {
    loadLaGaufre().catch((error: unknown) => {
      console.error(`[suite-widgets] the La Gaufre drop-in could not be loaded from ${import.meta.url}:`, error);
    });
  };
  if (queue.some(wanted)) {
    start();
    return;
  }
  const push = queue.push;
  queue.push = function (this: Queue, ...entries: unknown[]): number {
    const length = push.apply(this, entries);
    if (entries.some(wanted)) {
      queue.push = push;
      start();
    }
    return length;
  };
}

if (!window.SuiteWidgets) {
  window.SuiteWidgets = { version: __VERSION__, load, scan, tags: Object.keys(widgets) };
  scan();
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node instanceof Element) scan(node);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  watchLaGaufre();
  // A snippet that creates the queue later (after the load event, say) is still answered.
  if (document.readyState !== 'complete') window.addEventListener('load', watchLaGaufre, { once: true });
} else if (window.SuiteWidgets.version !== __VERSION__) {
  console.warn(`[suite-widgets] suite.js ${__VERSION__} is loaded twice (${window.SuiteWidgets.version} came first); the first one is kept.`);
}
