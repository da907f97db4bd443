import type { ReactiveControllerHost } from 'lit';
import { PageAttributesController, closestAcrossShadow } from './page-observer.js';

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

/**
 * The language of an element: its own `lang`, else the nearest ancestor's (up to `<html lang>`).
 * French when no language is set anywhere; English for any language other than French.
 * Lion's `data-localize-lang` guard on `<html>` wins over `<html lang>`, because Google Translate
 * rewrites `<html lang>` while it translates the page.
 */
export function resolveLang(element: Element): Lang {
  const root = document.documentElement;
  const owner = closestAcrossShadow(element, 'lang');
  const raw = (owner === root && root.getAttribute('data-localize-lang')) || owner?.getAttribute('lang') || '';
  const primary = raw.trim().toLowerCase().split(/[-_]/)[0];
  return !primary || primary === 'fr' ? 'fr' : 'en';
}

/** A host the controller can re-render. */
export type I18nHost = ReactiveControllerHost & HTMLElement;

/**
 * Gives an element its messages in the right language and re-renders it when the element's
 * `lang`, or an ancestor's, changes. `dictionaries.fr` is the reference; `en` has the same shape.
 */
export class I18nController<M extends object> extends PageAttributesController<I18nHost> {
  #lang: Lang = 'fr';
  readonly #dictionaries: Record<Lang, M>;

  constructor(host: I18nHost, dictionaries: Record<Lang, M>) {
    super(host);
    this.#dictionaries = dictionaries;
    host.addController(this);
  }

  /** The language in use. */
  get lang(): Lang {
    return this.#lang;
  }

  /** The messages of the language in use. */
  get t(): M {
    return this.#dictionaries[this.#lang];
  }

  /** Also called before each update, so a `lang` set on the element itself is seen too. */
  protected refresh(): void {
    const lang = resolveLang(this.host);
    if (lang !== this.#lang) {
      this.#lang = lang;
      this.host.requestUpdate();
    }
  }
}
