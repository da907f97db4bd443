/**
 * One MutationObserver for the whole page, shared by every Suite element: it watches the
 * attributes that change how widgets look or speak (`lang`, DSFR's `data-fr-theme` and
 * `data-fr-scheme`) and tells the subscribed elements to update.
 */
type Listener = () => void;

const listeners = new Set<Listener>();
let observer: MutationObserver | undefined;

const WATCHED = ['lang', 'data-fr-theme', 'data-fr-scheme'];

export function onPageAttributesChange(listener: Listener): () => void {
  listeners.add(listener);
  if (!observer && typeof MutationObserver !== 'undefined' && typeof document !== 'undefined') {
    observer = new MutationObserver(() => {
      for (const notify of [...listeners]) notify();
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: WATCHED, subtree: true });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && observer) {
      observer.disconnect();
      observer = undefined;
    }
  };
}

/** The nearest ancestor (crossing shadow roots) carrying `attribute`, or null. */
export function closestAcrossShadow(element: Element, attribute: string): Element | null {
  let node: Element | null = element;
  while (node) {
    const found: Element | null = node.closest(`[${attribute}]`);
    if (found) return found;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}
