/** A custom element class that may carry the library version it was built from. */
export type VersionedElement = CustomElementConstructor & { version?: string };

/**
 * Registers `tag` unless it is already defined. Never throws: a second copy of the library on the
 * same page (a CDN script beside an npm build) keeps the first definition, and a warning names the
 * two versions when they differ.
 */
export function defineElement(tag: string, ctor: VersionedElement): void {
  if (typeof customElements === 'undefined') return;
  const existing: VersionedElement | undefined = customElements.get(tag);
  if (!existing) {
    try {
      customElements.define(tag, ctor);
    } catch (error) {
      console.error(`[suite-widgets] <${tag}> could not be defined:`, error);
    }
  } else if (existing !== ctor && existing.version !== ctor.version) {
    console.warn(`[suite-widgets] <${tag}> of version ${existing.version ?? '?'} is defined already; ${ctor.version ?? '?'} is not. Load Suite widgets once per page.`);
  }
}
