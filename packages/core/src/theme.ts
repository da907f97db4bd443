import { css } from 'lit';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { closestAcrossShadow, onPageAttributesChange } from './page-observer.js';

export type ThemeSetting = 'light' | 'dark' | 'system';
export type ResolvedTheme = 'light' | 'dark';

/**
 * The theme an element shows: `theme="light|dark"` on the element wins; else DSFR's
 * `data-fr-theme` on the nearest ancestor; else, with `theme="system"`, the OS preference;
 * else light (the DSFR default).
 */
export function resolveTheme(element: Element, setting: string | null | undefined): ResolvedTheme {
  if (setting === 'light' || setting === 'dark') return setting;
  const dsfr = closestAcrossShadow(element, 'data-fr-theme')?.getAttribute('data-fr-theme');
  if (dsfr === 'dark' || dsfr === 'light') return dsfr;
  if (setting === 'system' && typeof matchMedia === 'function') {
    return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  return 'light';
}

interface ThemeHost extends ReactiveControllerHost, HTMLElement {
  theme: ThemeSetting | undefined;
}

/**
 * Keeps the host's `:state(dark)` custom state true to the resolved theme, so styles can say
 * `:host(:state(dark))` without writing attributes into the host page's DOM.
 */
export class ThemeController implements ReactiveController {
  private unsubscribe: (() => void) | undefined;
  private media: MediaQueryList | undefined;
  private readonly onMediaChange = () => this.apply();
  resolved: ResolvedTheme = 'light';

  constructor(
    private readonly host: ThemeHost,
    private readonly states: CustomStateSet | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = onPageAttributesChange(() => this.apply());
    if (typeof matchMedia === 'function') {
      this.media = matchMedia('(prefers-color-scheme: dark)');
      this.media.addEventListener('change', this.onMediaChange);
    }
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.media?.removeEventListener('change', this.onMediaChange);
  }

  hostUpdate(): void {
    this.apply();
  }

  private apply(): void {
    const resolved = resolveTheme(this.host, this.host.theme);
    this.resolved = resolved;
    if (!this.states) return;
    try {
      if (resolved === 'dark') this.states.add('dark');
      else this.states.delete('dark');
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
    --suite-color-primary-hover: #1212ff;
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
    --suite-color-error-background: #ffe9e9;
    --suite-color-info: #0063cb;
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
    --suite-color-primary-hover: #b1b1f9;
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
    --suite-color-error-background: #3b1a1a;
    --suite-color-info: #518fff;
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
