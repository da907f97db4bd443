import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
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
  /** The library version, compared by `defineElement` when a tag is defined twice. */
  static version = VERSION;

  static override styles = [baseStyles, themeTokens];

  /**
   * `light`, `dark` or `system` (follows the OS). Unset: follows DSFR's `data-fr-theme` on an
   * ancestor, else light.
   */
  @property({ reflect: true }) theme: ThemeSetting | undefined;

  /** ElementInternals, attached once here; subclasses reuse it (custom states, forms). */
  protected readonly internals: ElementInternals | undefined;

  protected readonly themeController: ThemeController;

  constructor() {
    super();
    let internals: ElementInternals | undefined;
    try {
      internals = this.attachInternals();
    } catch {
      internals = undefined;
    }
    this.internals = internals;
    this.themeController = new ThemeController(this, internals?.states);
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
