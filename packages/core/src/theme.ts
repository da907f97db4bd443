import { css } from 'lit';
import type { ReactiveControllerHost } from 'lit';
import { PageAttributesController, closestAcrossShadow } from './page-observer.js';

export type ThemeSetting = 'light' | 'dark' | 'system';
export type ResolvedTheme = 'light' | 'dark';

const DARK_SCHEME = '(prefers-color-scheme: dark)';

/**
 * The theme an element shows:
 * 1. the element's own `theme`: `light`, `dark`, or `system` (the OS preference);
 * 2. else DSFR's `data-fr-theme` (`light|dark`, the theme DSFR resolved) on the nearest ancestor;
 * 3. else DSFR's `data-fr-scheme` (`light|dark|system`, the visitor's choice, set before or
 *    without DSFR's script) on the nearest ancestor, `system` meaning the OS preference;
 * 4. else light (the DSFR default).
 * Shadow roots are crossed; an unknown value counts as absent.
 */
export function resolveTheme(element: Element, setting: string | null | undefined): ResolvedTheme {
  if (setting === 'light' || setting === 'dark') return setting;
  if (setting !== 'system') {
    const theme = closestAcrossShadow(element, 'data-fr-theme')?.getAttribute('data-fr-theme');
    if (theme === 'dark' || theme === 'light') return theme;
    const scheme = closestAcrossShadow(element, 'data-fr-scheme')?.getAttribute('data-fr-scheme');
    if (scheme === 'dark' || scheme === 'light') return scheme;
    if (scheme !== 'system') return 'light';
  }
  return globalThis.matchMedia?.(DARK_SCHEME).matches ? 'dark' : 'light';
}

interface ThemeHost extends ReactiveControllerHost, HTMLElement {
  theme: ThemeSetting | undefined;
}

/**
 * Keeps the host's `:state(dark)` custom state true to the resolved theme, so styles can say
 * `:host(:state(dark))` without writing attributes into the host page's DOM. It follows the
 * host's `theme`, DSFR's attributes anywhere in the page (the shared page observer), and the
 * OS preference live (a `prefers-color-scheme` listener), for `system` from either source.
 */
export class ThemeController extends PageAttributesController<ThemeHost> {
  resolved: ResolvedTheme = 'light';
  readonly #states: CustomStateSet | undefined;
  readonly #media = globalThis.matchMedia?.(DARK_SCHEME);
  readonly #onMediaChange = () => this.refresh();

  constructor(host: ThemeHost, states: CustomStateSet | undefined) {
    super(host);
    this.#states = states;
    host.addController(this);
  }

  override hostConnected(): void {
    super.hostConnected();
    this.#media?.addEventListener('change', this.#onMediaChange);
  }

  override hostDisconnected(): void {
    super.hostDisconnected();
    this.#media?.removeEventListener('change', this.#onMediaChange);
  }

  protected refresh(): void {
    this.resolved = resolveTheme(this.host, this.host.theme);
    try {
      this.#states?.[this.resolved === 'dark' ? 'add' : 'delete']('dark');
    } catch {
      // Browsers before the :state() syntax (Chrome < 125) reject plain names; stay light there.
    }
  }
}

/**
 * The design tokens, DSFR values by default. Everything themeable reads these; a host page
 * overrides any of them on the element (`suite-app-switcher { --suite-color-primary: … }`).
 */
export const themeTokens = css`
  :host {
    --suite-color-primary: #000091;
    --suite-color-on-primary: #ffffff;
    --suite-color-background: #ffffff;
    --suite-color-background-alt: #f6f6f6;
    --suite-color-background-hover: #e8e8e8;
    --suite-color-background-selected: #e3e3fd;
    --suite-color-border: #dddddd;
    --suite-color-text: #161616;
    --suite-color-text-mention: #666666;
    --suite-color-text-action: #000091;
    --suite-color-error: #ce0500;
    --suite-color-warning: #b34000;
    --suite-color-warning-background: #ffe9e6;
    --suite-color-badge-beta: #695240;
    --suite-color-badge-beta-background: #feecc2;
    --suite-color-badge-alpha: #6e445a;
    --suite-color-badge-alpha-background: #fee7fc;
    --suite-color-focus: #0a76f6;
    --suite-radius: 0.25rem;
    --suite-spacing: 0.25rem;
    --suite-shadow: 0 6px 18px 0 rgba(0, 0, 18, 0.16);
    --suite-font-family: inherit;
    --suite-z-index: 1000;
  }
  :host(:state(dark)) {
    --suite-color-primary: #8585f6;
    --suite-color-on-primary: #000091;
    --suite-color-background: #161616;
    --suite-color-background-alt: #1e1e1e;
    --suite-color-background-hover: #343434;
    --suite-color-background-selected: #21213f;
    --suite-color-border: #3a3a3a;
    --suite-color-text: #eeeeee;
    --suite-color-text-mention: #a6a6a6;
    --suite-color-text-action: #8585f6;
    --suite-color-error: #ff5655;
    --suite-color-warning: #fc5d00;
    --suite-color-warning-background: #3b1f14;
    --suite-color-badge-beta: #feecc2;
    --suite-color-badge-beta-background: #3e3427;
    --suite-color-badge-alpha: #fee7fc;
    --suite-color-badge-alpha-background: #3d2a36;
    --suite-shadow: 0 6px 18px 0 rgba(0, 0, 0, 0.6);
    color-scheme: dark;
  }
`;

/** A reset every widget starts from, so the host page's styles cannot leak in by inheritance. */
export const baseStyles = css`
  :host {
    box-sizing: border-box;
    font-family: var(--suite-font-family);
    color: var(--suite-color-text);
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--suite-color-focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    padding: 0 !important;
    margin: -1px !important;
    overflow: hidden !important;
    clip: rect(0, 0, 0, 0) !important;
    white-space: nowrap !important;
    border: 0 !important;
  }
`;
