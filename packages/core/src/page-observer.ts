import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * One MutationObserver for the whole page, shared by every Suite element: it watches the
 * attributes that change how widgets look or speak (`lang`, DSFR's `data-fr-theme` and
 * `data-fr-scheme`) and tells the subscribed elements to update.
 */
type Listener = () => void;

const listeners = new Set<Listener>();
let observer: MutationObserver | undefined;

export function onPageAttributesChange(listener: Listener): () => void {
  listeners.add(listener);
  if (!observer) {
    observer = new MutationObserver(() => [...listeners].forEach((notify) => notify()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'data-fr-theme', 'data-fr-scheme'], subtree: true });
  }
  return () => {
    listeners.delete(listener);
    if (!listeners.size) {
      observer?.disconnect();
      observer = undefined;
    }
  };
}

/** The nearest ancestor (crossing shadow roots) carrying `attribute`, or null. */
export function closestAcrossShadow(element: Element, attribute: string): Element | null {
  let node: Element | undefined = element;
  while (node) {
    const found = node.closest(`[${attribute}]`);
    if (found) return found;
    node = (node.getRootNode() as ShadowRoot).host;
  }
  return null;
}

/**
 * A controller that calls `refresh()` when its host connects, before each of its updates, and
 * whenever a page attribute it may depend on changes while the host is connected. Subclasses
 * call `host.addController(this)` once their own fields are set.
 */
export abstract class PageAttributesController<H extends ReactiveControllerHost & HTMLElement> implements ReactiveController {
  #stop: (() => void) | undefined;

  constructor(protected readonly host: H) {}

  protected abstract refresh(): void;

  hostConnected(): void {
    this.refresh();
    this.#stop = onPageAttributesChange(() => this.refresh());
  }

  hostDisconnected(): void {
    this.#stop?.();
  }

  hostUpdate(): void {
    this.refresh();
  }
}
