import { html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  I18nController,
  SuiteElement,
  SuiteError,
  coreMessages,
  errorView,
  emptyView,
  loadingView,
  stateStyles,
} from '@suite-widgets/core';
import type { AsyncState } from '@suite-widgets/core';
import { en } from './i18n/en.js';
import { fr } from './i18n/fr.js';
import {
  DEFAULT_SERVICES_URL,
  fetchServices,
  isCurrentService,
  normalizeForSearch,
  parseServices,
  readCachedServices,
} from './services.js';
import type { Organization, ParsedServices, ServicesData, SuiteService } from './services.js';
import { appSwitcherStyles } from './suite-app-switcher.styles.js';

export interface AppSwitcherOpenDetail {
  /** What opened it: the button, the keyboard shortcut of a host, or the API. */
  source: 'button' | 'api';
}
export interface AppSwitcherCloseDetail {
  reason: 'escape' | 'outside' | 'button' | 'link' | 'api';
}
export interface AppSwitcherLoadDetail {
  services: SuiteService[];
  organization: Organization | undefined;
  /** True when the list shown is the one saved earlier in this session (the network failed). */
  fromCache: boolean;
}

declare module '@suite-widgets/core' {
  interface SuiteEventMap {
    'suite-open': AppSwitcherOpenDetail;
    'suite-close': AppSwitcherCloseDetail;
    'suite-load': AppSwitcherLoadDetail;
  }
}
declare global {
  interface HTMLElementEventMap {
    'suite-open': CustomEvent<AppSwitcherOpenDetail>;
    'suite-close': CustomEvent<AppSwitcherCloseDetail>;
    'suite-load': CustomEvent<AppSwitcherLoadDetail>;
  }
}

/** Texts an integrator may override (La Gaufre v2's `label`, `closeLabel`, … map here). */
export interface AppSwitcherLabels {
  title?: string;
  close?: string;
  showMore?: string;
  showLess?: string;
  loading?: string;
}

/** Where the popup goes when there is no button to anchor it to, in pixels from the viewport edges. */
export type PopupPosition = Partial<Record<'top' | 'right' | 'bottom' | 'left', number>>;

const GRID_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path d="M4 4h4v4H4zm6 0h4v4h-4zm6 0h4v4h-4zM4 10h4v4H4zm6 0h4v4h-4zm6 0h4v4h-4zM4 16h4v4H4zm6 0h4v4h-4zm6 0h4v4h-4z" />
</svg>`;
const CHEVRON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path d="M12 15.5 5.5 9l1.4-1.4 5.1 5.1 5.1-5.1L18.5 9z" />
</svg>`;

const VIEWPORT_MARGIN = 8;

/**
 * The La Suite numérique app switcher (the "gaufre"): a button that opens a grid of the State's
 * digital services, with search, a "more apps" overflow, maturity badges and the current app
 * highlighted. Loads the La Suite services JSON, keeps the last good list for when the network fails.
 *
 * @summary La Suite app switcher ("gaufre").
 * @tag suite-app-switcher
 *
 * @attr services-url - URL of the services JSON `{services:[{id?,name,url,logo?,maturity?}], organization?}`. Default: La Suite's public list.
 * @attr current - The app this page belongs to: a service `id` or URL. It is highlighted and announced as current.
 * @attr label - Accessible name of the button. Default: "Services de la Suite numérique".
 * @attr search-threshold - The search box shows when there are more services than this. Default 9.
 * @attr show-more-limit - Services shown before the "more apps" button. Default 6.
 * @attr link-target - Where links open: `_blank` (default, announced as "nouvelle fenêtre") or `_self`.
 * @attr new-window-label - Text added to each link's accessible name when it opens a new window.
 * @attr timeout - Milliseconds to wait for the services JSON before showing an error (each of up to 3 attempts). Default 8000.
 * @attr open - Whether the popup is open.
 * @attr hide-button - Hides the built-in button (when another element opens the popup).
 * @attr trigger - The id of an element of the page that opens the popup instead of the built-in button.
 * @attr header-logo - URL of a logo shown in the popup header.
 * @attr header-url - Link of the header logo.
 * @attr theme - `light`, `dark` or `system`. Unset: follows DSFR's `data-fr-theme`, else light.
 * @attr lang - Language of the widget (`fr`, `en`). Unset: the page's language.
 *
 * @fires suite-open - The popup opened. `detail: {source}`.
 * @fires suite-close - The popup closed. `detail: {reason}`.
 * @fires suite-load - A list of services is shown. `detail: {services, organization, fromCache}`.
 * @fires suite-error - The list could not be loaded or is not valid. `detail: {error: SuiteError}`.
 *
 * @slot - A `<script type="application/json">` child with the services JSON, instead of `services-url`.
 *
 * @csspart button - The button that opens the popup.
 * @csspart popup - The popup (a dialog).
 * @csspart header - The popup header.
 * @csspart title - The popup title.
 * @csspart close-button - The close button.
 * @csspart search - The search input.
 * @csspart list - The grid of services.
 * @csspart link - A service link; `link-current` on the current app.
 * @csspart logo - A service logo.
 * @csspart name - A service name.
 * @csspart badge - A maturity badge (alpha, bêta).
 * @csspart more-button - The "more apps" button.
 * @csspart loading - The loading state.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - The retry button of the error state.
 *
 * @cssprop --suite-app-switcher-z-index - z-index of the popup. Default: `--suite-z-index` (1000).
 * @cssprop --suite-app-switcher-width - Width of the popup. Default 20rem.
 * @cssprop --suite-app-switcher-background - Background of the popup.
 * @cssprop --suite-color-primary - Main colour (DSFR blue France #000091).
 * @cssprop --suite-font-family - Font (inherited from the page by default).
 */
export class SuiteAppSwitcher extends SuiteElement {
  static override styles = [...SuiteElement.styles, stateStyles, appSwitcherStyles];

  /** URL of the La Suite services JSON. */
  @property({ attribute: 'services-url' }) servicesUrl: string | undefined;

  /** The services given inline, instead of `services-url`. */
  @property({ attribute: false }) services: ServicesData | SuiteService[] | undefined;

  /** The current app: a service id or URL. */
  @property() current: string | undefined;

  /** Accessible name of the button. */
  @property() label: string | undefined;

  /** The search box shows above this many services. */
  @property({ type: Number, attribute: 'search-threshold' }) searchThreshold = 9;

  /** Services shown before "more apps". */
  @property({ type: Number, attribute: 'show-more-limit' }) showMoreLimit = 6;

  /** `_blank` (default) or `_self`. */
  @property({ attribute: 'link-target' }) linkTarget: '_blank' | '_self' = '_blank';

  /** Added to the accessible name of links that open a new window. */
  @property({ attribute: 'new-window-label' }) newWindowLabel: string | undefined;

  /** Milliseconds to wait for the services JSON, per attempt. */
  @property({ type: Number }) timeout = 8000;

  /** Whether the popup is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** Hides the built-in button. */
  @property({ type: Boolean, reflect: true, attribute: 'hide-button' }) hideButton = false;

  /** Id of a page element that opens the popup instead of the built-in button. */
  @property() trigger: string | undefined;

  /** An element that opens the popup instead of the built-in button. */
  @property({ attribute: false }) triggerElement: HTMLElement | null = null;

  /** Logo in the popup header. */
  @property({ attribute: 'header-logo' }) headerLogo: string | undefined;

  /** Link of the header logo. */
  @property({ attribute: 'header-url' }) headerUrl: string | undefined;

  /** Texts that replace the built-in ones. */
  @property({ attribute: false }) labels: AppSwitcherLabels = {};

  /** Popup placement when there is no button to anchor it to. */
  @property({ attribute: false }) popupPosition: PopupPosition | undefined;

  /** The loading state of the list. */
  @state() status: AsyncState = 'idle';
  @state() private data: ServicesData | undefined;
  @state() private error: SuiteError | undefined;
  @state() private fromCache = false;
  @state() private query = '';
  @state() private expanded = false;
  @state() private activeIndex = 0;
  @state() private announcement = '';
  @state() private failedLogos = new Set<string>();

  private readonly i18n = new I18nController(this, { fr, en });
  private readonly core = new I18nController(this, coreMessages);
  private loadController: AbortController | undefined;
  private boundTrigger: HTMLElement | null = null;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private openSource: AppSwitcherOpenDetail['source'] = 'api';
  private closeReason: AppSwitcherCloseDetail['reason'] = 'api';
  private restoreFocusOnClose = true;
  private wasOpen = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.loadController?.abort();
    this.listenWhileOpen(false);
    this.bindTrigger(null);
    clearTimeout(this.announceTimer);
  }

  /** Opens the popup. */
  show(): void {
    this.openSource = 'api';
    this.open = true;
  }

  /** Closes the popup; focus goes back to the button. */
  hide(): void {
    this.close('api', true);
  }

  /** Opens or closes the popup. */
  toggle(): void {
    if (this.open) this.hide();
    else this.show();
  }

  /** Loads the list again (after an error, or to refresh it). */
  retry(): Promise<void> {
    return this.load();
  }

  /** Loads the services: inline data if given, else cached then fresh data from `services-url`. */
  async load(): Promise<void> {
    this.loadController?.abort();
    const inline = this.services ?? this.readInlineScript();
    if (inline !== undefined) {
      this.loadController = undefined;
      try {
        this.applyList(parseServices(inline), false);
      } catch (error) {
        this.fail(error, 'the inline services are not valid');
      }
      return;
    }
    const url = this.servicesUrl?.trim() || DEFAULT_SERVICES_URL;
    if (!this.data) {
      const cached = readCachedServices(url);
      if (cached) this.applyList({ ...cached, problems: [] }, true, false);
    }
    if (!this.data) this.status = 'loading';
    this.error = undefined;
    const controller = new AbortController();
    this.loadController = controller;
    try {
      const fresh = await fetchServices(url, controller.signal, this.timeout > 0 ? this.timeout : 8000);
      if (controller.signal.aborted) return;
      this.applyList(fresh, false);
    } catch (error) {
      if (controller.signal.aborted) return;
      const stale = this.data ?? readCachedServices(url);
      this.fail(error, `the services could not be loaded from ${url}`);
      if (stale) this.applyList({ ...stale, problems: [] }, true);
    }
  }

  private readInlineScript(): unknown {
    const script = this.querySelector(':scope > script[type="application/json"]');
    if (!script) return undefined;
    try {
      return JSON.parse(script.textContent ?? '');
    } catch {
      return { services: null };
    }
  }

  private applyList(list: ParsedServices, fromCache: boolean, announce = true): void {
    if (list.problems.length > 0) {
      console.error(`<${this.localName}> some services were left out: ${list.problems.join('; ')}`);
    }
    const data: ServicesData = { services: list.services };
    if (list.organization) data.organization = list.organization;
    this.data = data;
    this.fromCache = fromCache;
    this.status = list.services.length === 0 ? 'empty' : 'ready';
    if (!fromCache) this.error = undefined;
    if (announce) {
      this.emit('suite-load', { services: list.services, organization: list.organization, fromCache });
    }
  }

  private fail(error: unknown, context: string): void {
    const failure = this.reportError(error, context);
    if (failure.kind === 'aborted') return;
    this.error = failure;
    this.status = 'error';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.hasUpdated && (changed.has('servicesUrl') || changed.has('services'))) {
      this.data = undefined;
      void this.load();
    }
    if (changed.has('open') && this.open && !this.wasOpen) {
      this.query = '';
      this.announcement = '';
      this.activeIndex = Math.max(0, this.currentIndex());
      this.expanded = this.activeIndex >= this.showMoreLimit;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('trigger') || changed.has('triggerElement') || !this.hasTriggerBound()) {
      this.bindTrigger(this.resolveTrigger());
    }
    this.boundTrigger?.setAttribute('aria-expanded', String(this.open));
    if (changed.has('open')) {
      if (this.open && !this.wasOpen) {
        this.wasOpen = true;
        this.listenWhileOpen(true);
        this.emit('suite-open', { source: this.openSource });
        this.openSource = 'api';
        void this.focusInitial();
      } else if (!this.open && this.wasOpen) {
        this.wasOpen = false;
        this.listenWhileOpen(false);
        if (this.restoreFocusOnClose) this.buttonElement()?.focus();
        this.emit('suite-close', { reason: this.closeReason });
        this.closeReason = 'api';
        this.restoreFocusOnClose = true;
      }
    }
    if (this.open) this.place();
  }

  private hasTriggerBound(): boolean {
    return this.boundTrigger !== null || (!this.trigger && !this.triggerElement);
  }

  private resolveTrigger(): HTMLElement | null {
    if (this.triggerElement) return this.triggerElement;
    if (!this.trigger) return null;
    const root = this.getRootNode() as Document | ShadowRoot;
    const found = root.getElementById?.(this.trigger) ?? null;
    if (!found && this.isConnected) {
      console.error(`<${this.localName}> trigger="${this.trigger}": no element with this id in the page.`);
    }
    return found;
  }

  private readonly onTriggerClick = (event: Event) => {
    event.preventDefault();
    if (this.open) this.close('button', true);
    else {
      this.openSource = 'button';
      this.open = true;
    }
  };

  private bindTrigger(element: HTMLElement | null): void {
    if (element === this.boundTrigger) return;
    if (this.boundTrigger) {
      this.boundTrigger.removeEventListener('click', this.onTriggerClick);
      this.boundTrigger.removeAttribute('aria-expanded');
    }
    this.boundTrigger = element;
    if (element) {
      element.addEventListener('click', this.onTriggerClick);
      element.setAttribute('aria-haspopup', 'dialog');
      element.setAttribute('aria-expanded', String(this.open));
    }
  }

  /** The element that opens the popup and gets the focus back: the page's trigger or our button. */
  private buttonElement(): HTMLElement | null {
    return this.boundTrigger ?? this.renderRoot.querySelector<HTMLElement>('.trigger');
  }

  private close(reason: AppSwitcherCloseDetail['reason'], restoreFocus: boolean): void {
    if (!this.open) return;
    this.closeReason = reason;
    this.restoreFocusOnClose = restoreFocus;
    this.open = false;
  }

  private listening = false;
  private listenWhileOpen(on: boolean): void {
    if (on === this.listening) return;
    this.listening = on;
    const method = on ? 'addEventListener' : 'removeEventListener';
    document[method]('click', this.onDocumentClick, true);
    window[method]('resize', this.onViewportChange);
    window[method]('scroll', this.onViewportChange, true);
  }

  private readonly onDocumentClick = (event: Event) => {
    const path = event.composedPath();
    if (path.includes(this) || (this.boundTrigger && path.includes(this.boundTrigger))) return;
    this.close('outside', false);
    // A click on something that takes no focus leaves the focus nowhere: give it back to the button.
    setTimeout(() => {
      const active = document.activeElement;
      if (!active || active === document.body) this.buttonElement()?.focus();
    });
  };

  private placeFrame = 0;
  private readonly onViewportChange = () => {
    cancelAnimationFrame(this.placeFrame);
    this.placeFrame = requestAnimationFrame(() => this.place());
  };

  /** Keeps the popup next to its button and inside the viewport (it flips above when below is full). */
  private place(): void {
    const popup = this.renderRoot.querySelector<HTMLElement>('.popup');
    if (!popup) return;
    const vw = document.documentElement.clientWidth || window.innerWidth;
    const vh = window.innerHeight;
    const anchor = this.boundTrigger ?? (this.hideButton ? null : this.renderRoot.querySelector<HTMLElement>('.trigger'));
    const style = popup.style;
    if (!anchor || !anchor.isConnected || anchor.getClientRects().length === 0) {
      const position = this.popupPosition ?? { top: 16, right: 16 };
      for (const side of ['top', 'right', 'bottom', 'left'] as const) {
        const value = position[side];
        style[side] = value === undefined ? 'auto' : `${value}px`;
      }
      return;
    }
    const rect = anchor.getBoundingClientRect();
    const width = popup.offsetWidth;
    const height = popup.offsetHeight;
    let left = rect.right - width;
    if (left < VIEWPORT_MARGIN) left = rect.left;
    left = Math.max(VIEWPORT_MARGIN, Math.min(left, vw - width - VIEWPORT_MARGIN));
    let top = rect.bottom + VIEWPORT_MARGIN;
    if (top + height > vh - VIEWPORT_MARGIN && rect.top - height - VIEWPORT_MARGIN >= VIEWPORT_MARGIN) {
      top = rect.top - height - VIEWPORT_MARGIN;
    }
    top = Math.max(VIEWPORT_MARGIN, Math.min(top, vh - height - VIEWPORT_MARGIN));
    style.left = `${Math.round(left)}px`;
    style.top = `${Math.round(top)}px`;
    style.right = style.bottom = 'auto';
  }

  private allServices(): SuiteService[] {
    return this.data?.services ?? [];
  }

  private currentIndex(): number {
    return this.allServices().findIndex((service) => isCurrentService(service, this.current));
  }

  private filtered(): SuiteService[] {
    const query = normalizeForSearch(this.query);
    const all = this.allServices();
    if (!query) return all;
    return all.filter((service) => normalizeForSearch(`${service.name} ${service.id ?? ''}`).includes(query));
  }

  private visible(): SuiteService[] {
    const filtered = this.filtered();
    return this.query || this.expanded ? filtered : filtered.slice(0, Math.max(1, this.showMoreLimit));
  }

  private searchShown(): boolean {
    return this.allServices().length > this.searchThreshold;
  }

  private links(): HTMLAnchorElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLAnchorElement>('ul a')];
  }

  private async focusInitial(): Promise<void> {
    await this.updateComplete;
    const target =
      this.renderRoot.querySelector<HTMLElement>('input') ??
      this.links()[this.activeIndex] ??
      this.renderRoot.querySelector<HTMLElement>('.popup button:not(.close)') ??
      this.renderRoot.querySelector<HTMLElement>('.popup');
    target?.focus();
  }

  private onPopupKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.close('escape', true);
      return;
    }
    if (event.key !== 'Tab') return;
    const popup = event.currentTarget as HTMLElement;
    const focusables = [...popup.querySelectorAll<HTMLElement>('a[tabindex="0"], button, input')].filter(
      (element) => element.getClientRects().length > 0,
    );
    if (focusables.length === 0) return;
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    const active = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null;
    if (event.shiftKey && (active === first || active === popup)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  private columns(links: HTMLAnchorElement[]): number {
    const firstTop = links[0]?.offsetTop;
    const count = links.findIndex((link) => link.offsetTop !== firstTop);
    return count > 0 ? count : Math.max(1, links.length);
  }

  private onGridKeydown(event: KeyboardEvent): void {
    const links = this.links();
    if (links.length === 0) return;
    const columns = this.columns(links);
    const last = links.length - 1;
    const from = Math.min(this.activeIndex, last);
    const moves: Record<string, number> = {
      ArrowRight: Math.min(from + 1, last),
      ArrowLeft: Math.max(from - 1, 0),
      ArrowDown: from + columns <= last ? from + columns : from,
      ArrowUp: from - columns >= 0 ? from - columns : from,
      Home: event.ctrlKey ? 0 : from - (from % columns),
      End: event.ctrlKey ? last : Math.min(from - (from % columns) + columns - 1, last),
    };
    if (event.key === 'Home' && !event.ctrlKey && from % columns === 0) moves.Home = 0;
    if (event.key === 'End' && !event.ctrlKey && (from % columns === columns - 1 || from === last)) moves.End = last;
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.activeIndex = next;
    links[next]?.focus();
  }

  private onSearchInput(event: Event): void {
    this.query = (event.target as HTMLInputElement).value;
    this.activeIndex = 0;
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      this.announcement = this.query ? this.i18n.t.results(this.filtered().length) : '';
    }, 300);
  }

  private onSearchKeydown(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown') {
      const first = this.links()[0];
      if (first) {
        event.preventDefault();
        this.activeIndex = 0;
        first.focus();
      }
    } else if (event.key === 'Escape' && this.query) {
      event.preventDefault();
      event.stopPropagation();
      (event.target as HTMLInputElement).value = '';
      this.query = '';
      this.announcement = '';
    }
  }

  private toggleMore(): void {
    this.expanded = !this.expanded;
    if (!this.expanded && this.activeIndex >= this.showMoreLimit) this.activeIndex = 0;
  }

  private onRetry = () => {
    void this.retry().then(() => {
      if (this.open && this.status === 'ready') void this.focusInitial();
    });
  };

  private renderService(service: SuiteService, index: number, newWindowText: string): TemplateResult {
    const t = this.i18n.t;
    const current = isCurrentService(service, this.current);
    const logoFailed = !service.logo || this.failedLogos.has(service.logo);
    return html`<li>
      <a
        part=${current ? 'link link-current' : 'link'}
        href=${service.url}
        target=${this.linkTarget}
        rel=${this.linkTarget === '_blank' ? 'noopener' : nothing}
        tabindex=${index === this.activeIndex ? 0 : -1}
        aria-current=${current ? 'page' : nothing}
        @focus=${() => (this.activeIndex = index)}
        @click=${() => this.close('link', this.linkTarget === '_blank')}
      >
        ${logoFailed
          ? html`<span class="initial" aria-hidden="true">${[...service.name][0]?.toUpperCase()}</span>`
          : html`<img
              class="logo"
              part="logo"
              src=${service.logo!}
              alt=""
              width="40"
              height="40"
              loading="lazy"
              @error=${() => (this.failedLogos = new Set(this.failedLogos).add(service.logo!))}
            />`}
        <span part="name">${service.name}</span>
        ${service.maturity && service.maturity !== 'stable'
          ? html`<span class="badge badge--${service.maturity}" part="badge"
              ><span class="visually-hidden">(</span>${t.maturity[service.maturity]}<span class="visually-hidden">)</span></span
            >`
          : nothing}
        ${current ? html`<span class="visually-hidden">, ${t.current}</span>` : nothing}
        ${newWindowText ? html`<span class="visually-hidden">${newWindowText}</span>` : nothing}
      </a>
    </li>`;
  }

  private renderBody(): TemplateResult | typeof nothing {
    const t = this.i18n.t;
    const core = this.core.t;
    if (this.status === 'loading' || this.status === 'idle') {
      return loadingView(this.labels.loading ?? core.loading);
    }
    if (this.status === 'error' && this.error) {
      return errorView({
        title: this.error.kind === 'protocol' ? t.invalid : t.loadError,
        message: core.errorKinds[this.error.kind],
        retryLabel: core.retry,
        onRetry: this.onRetry,
      });
    }
    if (this.status === 'empty') return emptyView(t.empty);
    const all = this.allServices();
    const visible = this.visible();
    const hidden = all.length - Math.max(1, this.showMoreLimit);
    const newWindowText = this.linkTarget === '_blank' ? this.newWindowLabel ?? t.newWindow : '';
    return html`
      ${this.fromCache && this.error
        ? html`<p class="notice" role="status">
            ${t.offline} <button type="button" @click=${this.onRetry}>${core.retry}</button>
          </p>`
        : nothing}
      ${visible.length > 0
        ? html`<ul part="list" @keydown=${this.onGridKeydown}>
            ${visible.map((service, index) => this.renderService(service, index, newWindowText))}
          </ul>`
        : nothing}
      ${!this.query && hidden > 0
        ? html`<button type="button" class="more" part="more-button" aria-expanded=${String(this.expanded)} @click=${this.toggleMore}>
            ${CHEVRON}${this.expanded ? this.labels.showLess ?? t.showLess : this.labels.showMore ?? t.showMore(hidden)}
          </button>`
        : nothing}
    `;
  }

  private renderPopup(): TemplateResult {
    const t = this.i18n.t;
    const title = this.labels.title ?? t.title;
    const organization = this.data?.organization?.name;
    const logo = this.headerLogo
      ? html`<img src=${this.headerLogo} alt=${this.headerUrl ? `${title}${this.newWindowLabel ?? t.newWindow}` : ''} />`
      : nothing;
    return html`<div
      id="popup"
      class="popup"
      part="popup"
      role="dialog"
      aria-modal="true"
      aria-labelledby="title"
      tabindex="-1"
      @keydown=${this.onPopupKeydown}
    >
      <div class="header" part="header">
        ${this.headerLogo
          ? html`<span class="header-logo"
              >${this.headerUrl ? html`<a href=${this.headerUrl} target="_blank" rel="noopener">${logo}</a>` : logo}</span
            >`
          : nothing}
        <div class="titles">
          <h2 id="title" part="title">${title}</h2>
          ${organization ? html`<p class="organization">${organization}</p>` : nothing}
        </div>
        <button type="button" class="close" part="close-button" aria-label=${this.labels.close ?? t.close} @click=${() => this.close('button', true)}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      ${this.searchShown() && this.status === 'ready'
        ? html`<div class="search">
            <label class="visually-hidden" for="search">${t.searchLabel}</label>
            <input
              id="search"
              part="search"
              type="search"
              autocomplete="off"
              spellcheck="false"
              placeholder=${t.searchPlaceholder}
              .value=${this.query}
              @input=${this.onSearchInput}
              @keydown=${this.onSearchKeydown}
            />
          </div>`
        : nothing}
      <div class="content">${this.renderBody()}</div>
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
    </div>`;
  }

  protected override render(): TemplateResult {
    const t = this.i18n.t;
    const ownButton = !this.hideButton && !this.boundTrigger && !this.trigger && !this.triggerElement;
    return html`${ownButton
      ? html`<button
          type="button"
          class="trigger"
          part="button"
          aria-haspopup="dialog"
          aria-expanded=${String(this.open)}
          aria-controls=${this.open ? 'popup' : nothing}
          @click=${this.onTriggerClick}
        >
          ${GRID_ICON}<span class="visually-hidden">${this.label ?? t.buttonLabel}</span>
        </button>`
      : nothing}${this.open ? this.renderPopup() : nothing}<slot hidden></slot>`;
  }
}
