import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { closestAcrossShadow, onPageAttributesChange } from './page-observer.js';

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

/**
 * The language of an element: its own `lang`, else the nearest ancestor's (up to `<html lang>`).
 * French when no language is set anywhere; English for any language other than French.
 * Lion's `data-localize-lang` guard on `<html>` wins over `<html lang>`, because Google Translate
 * rewrites `<html lang>` while it translates the page.
 */
export function resolveLang(element: Element): Lang {
  const guarded = document.documentElement.getAttribute('data-localize-lang');
  const owner = closestAcrossShadow(element, 'lang');
  const raw = (owner === document.documentElement && guarded ? guarded : owner?.getAttribute('lang')) ?? '';
  const primary = raw.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary === '') return 'fr';
  return primary === 'fr' ? 'fr' : 'en';
}

/** A host the controller can re-render. */
export type I18nHost = ReactiveControllerHost & HTMLElement;

/**
 * Gives an element its messages in the right language and re-renders it when the element's
 * `lang`, or an ancestor's, changes. `dictionaries.fr` is the reference; `en` has the same shape.
 */
export class I18nController<M extends object> implements ReactiveController {
  private unsubscribe: (() => void) | undefined;
  private current: Lang = 'fr';

  constructor(
    private readonly host: I18nHost,
    private readonly dictionaries: Record<Lang, M>,
  ) {
    host.addController(this);
  }

  /** The language in use. */
  get lang(): Lang {
    return this.current;
  }

  /** The messages of the language in use. */
  get t(): M {
    return this.dictionaries[this.current];
  }

  hostConnected(): void {
    this.refresh();
    this.unsubscribe = onPageAttributesChange(() => this.refresh());
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Called before each update, so a `lang` set on the element itself is seen too. */
  hostUpdate(): void {
    this.current = resolveLang(this.host);
  }

  private refresh(): void {
    const lang = resolveLang(this.host);
    if (lang !== this.current) {
      this.current = lang;
      this.host.requestUpdate();
    }
  }
}
