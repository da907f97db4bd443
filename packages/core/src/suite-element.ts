import { LitElement } from 'lit';
import type { CSSResultGroup, PropertyDeclarations } from 'lit';
import { SuiteError } from './errors.js';
import { emit } from './events.js';
import type { SuiteEventMap } from './events.js';
import { ThemeController, baseStyles, themeTokens } from './theme.js';
import type { ThemeSetting } from './theme.js';
import { VERSION } from './version.js';

/**
 * The base of every Suite widget: theme tokens and dark mode, typed events, and error reporting
 * that names the problem in the console and emits `suite-error`.
 */
export class SuiteElement extends LitElement {
  // Static getters, not static fields: the CDN build keeps ES2022 classes, and static fields
  // would become static blocks, which Safari has only since 16.4.

  /** The library version, compared by `defineElement` when a tag is defined twice. */
  static get version(): string {
    return VERSION;
  }

  static override get styles(): CSSResultGroup {
    return [baseStyles, themeTokens];
  }

  // Not @property: one decorator would bring the decorator helper into the shared chunk.
  static override get properties(): PropertyDeclarations {
    return { theme: { reflect: true } };
  }

  /**
   * `light`, `dark` or `system` (follows the OS). Unset: DSFR's `data-fr-theme` on an ancestor,
   * else its `data-fr-scheme` (`system`: the OS), else light.
   */
  declare theme: ThemeSetting | undefined;

  /** ElementInternals, attached once here; subclasses reuse it (custom states, forms). */
  protected readonly internals: ElementInternals | undefined;

  protected readonly themeController: ThemeController;

  constructor() {
    super();
    try {
      this.internals = this.attachInternals();
    } catch {
      // Not attachable (a customized built-in, say): no custom states then.
    }
    this.themeController = new ThemeController(this, this.internals?.states);
  }

  /** Dispatches a typed, bubbling, composed `suite-*` event from this element. */
  emit<K extends keyof SuiteEventMap>(name: K, detail: SuiteEventMap[K], init?: { cancelable?: boolean }): boolean {
    return emit(this, name, detail, init);
  }

  /**
   * Reports a failure: one console error naming the element and the problem, and a
   * `suite-error` event for the host page. Returns the error as a SuiteError.
   */
  protected reportError(error: unknown, context: string): SuiteError {
    const failure = SuiteError.from(error);
    if (failure.kind !== 'aborted') {
      console.error(`<${this.localName}> ${context}: [${failure.kind}] ${failure.message}`, failure);
      this.emit('suite-error', { error: failure });
    }
    return failure;
  }
}
