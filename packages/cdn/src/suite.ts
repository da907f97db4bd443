/**
 * The CDN autoloader. `<script type="module" src=".../suite.js"></script>` alone defines every
 * `suite-*` tag of the page, now and later (a MutationObserver watches for new ones), importing
 * only the chunks those tags need from the loader's own folder. Its one global is
 * `window.SuiteWidgets`, whose functions never throw: `load()` rejects, `scan()` reports bad
 * input in the console.
 *
 * It also answers La Gaufre v2's `window._lasuite_widget` queue, whenever the page creates it or
 * queues `lagaufre` in it (single-page apps do both late, after the load event). Without a
 * global of its own to trap that, the loader looks again, cheaply (one property read and a scan
 * of a few entries, until the drop-in is loading): at start, on `load`, on every batch of DOM
 * mutations it already observes (an app that starts renders), on `pointerdown`, `focusin` and
 * `visibilitychange` (the visitor comes to the page or to the gaufre button), and on each `push`
 * to a queue it has seen.
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
  // Public: bad input is a rejected promise, never a throw.
  if (typeof tag !== 'string') return Promise.reject(new TypeError(`[suite-widgets] load() needs a tag name, not ${typeof tag}.`));
  const name = tag.toLowerCase();
  let promise = loading.get(name);
  if (!promise) {
    // Own keys only: `constructor` or `__proto__` are no widgets.
    if (!Object.hasOwn(widgets, name)) {
      if (!reported.has(name)) {
        reported.add(name);
        console.error(`[suite-widgets] <${name}> is not a Suite widget this build knows (${Object.keys(widgets).join(', ')}).`);
      }
      return Promise.reject(new Error(`unknown widget <${name}>`));
    }
    promise = widgets[name]()
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
  try {
    if (root instanceof Element) consider(root);
    for (const element of root.querySelectorAll(':not(:defined)')) consider(element);
  } catch {
    console.error('[suite-widgets] scan() needs a Document, ShadowRoot or Element, not', root);
  }
}

/** The queue whose `push` is watched; `true` once the La Gaufre drop-in is loading. */
let laGaufre: Queue | true | undefined;

/** Loads the La Gaufre drop-in if the page's queue asks for it; cheap enough to run often. */
function checkLaGaufre(): void {
  // La Gaufre v2's queue; the app-switcher package types it fully, the loader only peeks at it.
  const queue = (window as unknown as { _lasuite_widget?: Queue })._lasuite_widget;
  if (laGaufre === true || !Array.isArray(queue) || queue._loaded?.lagaufre) return;
  if (queue.some((entry) => Array.isArray(entry) && entry[0] === 'lagaufre')) {
    laGaufre = true;
    // One attempt, as for widgets: a failure is reported once, not on every mutation after it.
    loadLaGaufre().catch((error: unknown) => {
      console.error(`[suite-widgets] the La Gaufre drop-in could not be loaded from ${import.meta.url}:`, error);
    });
  } else if (queue !== laGaufre) {
    // A later push is answered at once (the drop-in replaces this push with its own).
    laGaufre = queue;
    const push = queue.push;
    queue.push = function (this: Queue, ...entries: unknown[]): number {
      const length = push.apply(this, entries);
      checkLaGaufre();
      return length;
    };
  }
}

if (!window.SuiteWidgets) {
  window.SuiteWidgets = { version: __VERSION__, load, scan, tags: Object.keys(widgets) };
  scan();
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) if (node instanceof Element) scan(node);
    }
    checkLaGaufre();
  }).observe(document.documentElement, { childList: true, subtree: true });
  checkLaGaufre();
  // A queue created or first used late (see the header) is found on the next of these.
  window.addEventListener('load', checkLaGaufre);
  for (const type of ['pointerdown', 'focusin', 'visibilitychange']) document.addEventListener(type, checkLaGaufre, true);
} else if (window.SuiteWidgets.version !== __VERSION__) {
  console.warn(`[suite-widgets] suite.js ${__VERSION__} is loaded twice (${window.SuiteWidgets.version} came first); the first one is kept.`);
}
