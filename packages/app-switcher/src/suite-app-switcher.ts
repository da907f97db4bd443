import { html, nothing } from 'lit';
import type { CSSResultGroup, PropertyValues, TemplateResult } from 'lit';
import { I18nController, SuiteElement, coreMessages, errorView, emptyView, loadingView, property, state, stateStyles } from '@suite-widgets/core';
import type { SuiteError } from '@suite-widgets/core';
import type { AsyncState } from '@suite-widgets/core';
import { en } from './i18n/en.js';
import { fr } from './i18n/fr.js';
import {
  DEFAULT_SERVICES_URL,
  fetchServices,
  findCurrent,
  safeUrl,
  normalizeForSearch,
  parseServices,
  readCachedServices,
} from './services.js';
import type { Organization, ServicesData, SuiteService } from './services.js';
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

/** The switcher's messages and the core's (loading, retry, error kinds), one dictionary per language. */
const messages = { fr: { ...coreMessages.fr, ...fr }, en: { ...coreMessages.en, ...en } };

/** The smallest gap between the popup and the edges of the viewport, in pixels. */
const MARGIN = 8;
/** `value` as a whole number ≥ `min`, else `fallback` (an attribute like "six" gives NaN). */
const count = (value: number, fallback: number, min: number): number => (Number.isFinite(value) && value >= min ? Math.floor(value) : fallback);
const SIDES = ['top', 'right', 'bottom', 'left'] as const;

/** `value` kept between MARGIN and `room - MARGIN`, rounded. */
const clamp = (value: number, room: number) => Math.round(Math.max(MARGIN, Math.min(value, room - MARGIN)));

const stop = (event: Event) => {
  event.preventDefault();
  event.stopPropagation();
};

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
 * @attr header-label - Accessible name of the header logo link (where it leads).
 * @attr theme - `light`, `dark` or `system` (the OS). Unset: DSFR's `data-fr-theme`, else `data-fr-scheme`, else light.
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
  static override get styles(): CSSResultGroup {
    return [SuiteElement.styles, stateStyles, appSwitcherStyles];
  }

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

  /** Accessible name of the header logo link: where it leads. Default: the organization, else the title. */
  @property({ attribute: 'header-label' }) headerLabel: string | undefined;

  /** Link of the header logo. */
  @property({ attribute: 'header-url' }) headerUrl: string | undefined;

  /** Texts that replace the built-in ones. */
  @property({ attribute: false }) labels: AppSwitcherLabels = {};

  /** Popup placement when there is no button to anchor it to. */
  @property({ attribute: false }) popupPosition: PopupPosition | undefined;

  @state() private state: AsyncState = 'idle';

  /** The loading state of the list: `idle`, `loading`, `ready`, `empty` or `error` (read-only). */
  get status(): AsyncState {
    return this.state;
  }
  @state() private data: ServicesData | undefined;
  @state() private error: SuiteError | undefined;
  @state() private fromCache = false;
  @state() private query = '';
  @state() private expanded = false;
  @state() private activeIndex = 0;
  @state() private announcement = '';
  @state() private failedLogos = new Set<string>();

  readonly #i18n = new I18nController(this, messages);
  #loading: AbortController | undefined;
  /** The page's element that opens the popup, once found. */
  #trigger: HTMLElement | null = null;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;
  #openSource: AppSwitcherOpenDetail['source'] = 'api';
  #closeReason: AppSwitcherCloseDetail['reason'] = 'api';
  #restoreFocus = true;
  #wasOpen = false;
  #placeFrame = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    // The first load waits for the first update: it sees the properties a page set before the
    // element was upgraded (the CDN loader defines it later), which Lit applies then.
    if (this.hasUpdated) {
      void this.load();
      this.requestUpdate(); // binds the page's trigger again
    }
    document.addEventListener('click', this.#onLateTriggerClick, true);
  }

  /** A `trigger` element that was not in the page yet is bound on its first click. */
  readonly #onLateTriggerClick = (event: Event) => {
    if (this.#trigger || !this.trigger || this.triggerElement) return;
    const element = event.composedPath().find((node): node is HTMLElement => node instanceof HTMLElement && node.id === this.trigger);
    // Bound during the capture phase, its own click listener handles this very click.
    if (element) this.#bindTrigger(element);
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#loading?.abort();
    this.#listen(false);
    this.#bindTrigger(null);
    document.removeEventListener('click', this.#onLateTriggerClick, true);
    clearTimeout(this.#announceTimer);
    // Closed without events: a popup cannot stay open off the page.
    this.#wasOpen = this.open = false;
  }

  /** Opens the popup. */
  show(): void {
    this.#openSource = 'api';
    this.open = true;
  }

  /** Closes the popup; focus goes back to the button. */
  hide(): void {
    this.#close('api', true);
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
    this.#loading?.abort();
    this.#loading = undefined;
    const inline = this.services ?? this.#readInlineScript();
    if (inline !== undefined) {
      try {
        this.#useList(parseServices(inline), false);
      } catch (error) {
        this.#fail(error, 'the inline services are not valid');
      }
      return;
    }
    const url = this.servicesUrl?.trim() || DEFAULT_SERVICES_URL;
    const cached = this.data ? undefined : readCachedServices(url);
    if (cached) this.#useList(cached, true, false);
    if (!this.data) this.state = 'loading';
    this.error = undefined;
    const { signal } = (this.#loading = new AbortController());
    try {
      // setTimeout takes at most 2^31 - 1 ms.
      const fresh = await fetchServices(url, signal, Math.min(count(this.timeout, 8000, 1), 2 ** 31 - 1));
      if (!signal.aborted) this.#useList(fresh, false);
    } catch (error) {
      if (signal.aborted) return;
      const stale = this.data ?? readCachedServices(url);
      this.#fail(error, `the services could not be loaded from ${url}`);
      if (stale) this.#useList(stale, true);
    }
  }

  #inlineScript(): Element | null {
    return this.querySelector(':scope > script[type="application/json"]');
  }

  /** The script child last read: a slotchange reloads only when it is another one. */
  #readScript: Element | null = null;

  #readInlineScript(): unknown {
    const script = (this.#readScript = this.#inlineScript());
    try {
      return script ? JSON.parse(script.textContent) : undefined;
    } catch {
      return { services: null };
    }
  }

  /** Shows a list; `fromCache` when it is the one saved earlier; `announce` fires suite-load. */
  #useList({ services, organization, problems }: ServicesData & { problems?: string[] }, fromCache: boolean, announce = true): void {
    if (problems?.length) console.error(`<${this.localName}> some services were left out: ${problems.join('; ')}`);
    this.data = { services, organization };
    this.fromCache = fromCache;
    this.state = services.length ? 'ready' : 'empty';
    if (!fromCache) this.error = undefined;
    if (announce) this.emit('suite-load', { services, organization, fromCache });
  }

  #fail(error: unknown, context: string): void {
    const failure = this.reportError(error, context);
    if (failure.kind !== 'aborted') {
      this.error = failure;
      this.state = 'error';
    }
  }

  /** Whether the focus was in the popup just before it closed (then it goes back to the button). */
  #focusWasInside = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.open && this.#wasOpen) {
      this.#focusWasInside = Boolean(this.shadowRoot?.activeElement);
      // Out of the top layer before the popup leaves the DOM.
      const popup = this.#$('.popup');
      if (popup?.matches(':popover-open')) popup.hidePopover();
    }
    if (!this.hasUpdated || changed.has('servicesUrl') || changed.has('services')) {
      this.data = undefined;
      void this.load();
    }
    if (this.open && !this.#wasOpen) {
      // Opening: start afresh, on the current app (unfolding the overflow when it is there).
      this.query = this.announcement = '';
      this.activeIndex = Math.max(0, findCurrent(this.#all(), this.current));
      this.expanded = this.activeIndex >= this.#limit();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // A removed element stays unwired (La Gaufre's destroy, a framework unmounting it).
    if (!this.isConnected) return;
    if (changed.has('trigger') || changed.has('triggerElement') || (!this.#trigger && (this.trigger || this.triggerElement))) {
      this.#bindTrigger(this.#findTrigger());
    }
    this.#trigger?.setAttribute('aria-expanded', String(this.open));
    if (this.open !== this.#wasOpen) {
      this.#wasOpen = this.open;
      this.#listen(this.open);
      if (this.open) {
        this.emit('suite-open', { source: this.#openSource });
        this.#openSource = 'api';
        void this.#focusInitial();
      } else {
        if (this.#restoreFocus && this.#focusWasInside) this.#button()?.focus({ preventScroll: true });
        this.emit('suite-close', { reason: this.#closeReason });
        this.#closeReason = 'api';
        this.#restoreFocus = true;
      }
    }
    if (this.open) this.#place();
  }

  #findTrigger(): HTMLElement | null {
    const given: unknown = this.triggerElement;
    if (given && !(given instanceof HTMLElement)) {
      console.error(`<${this.localName}> triggerElement is not an element: ${typeof given}.`);
      return null;
    }
    if (given || !this.trigger) return this.triggerElement;
    const found = (this.getRootNode() as Document | ShadowRoot).getElementById?.(this.trigger) ?? null;
    if (!found && this.isConnected) console.error(`<${this.localName}> trigger="${this.trigger}": no element has this id.`);
    return found;
  }

  readonly #onTriggerClick = (event: Event) => {
    event.preventDefault();
    if (this.open) this.#close('button', true);
    else {
      this.#openSource = 'button';
      this.open = true;
    }
  };

  #bindTrigger(element: HTMLElement | null): void {
    const previous = this.#trigger;
    if (element === previous) return;
    previous?.removeEventListener('click', this.#onTriggerClick);
    previous?.removeAttribute('aria-expanded');
    previous?.removeAttribute('aria-haspopup');
    // aria-expanded follows in updated().
    element?.addEventListener('click', this.#onTriggerClick);
    element?.setAttribute('aria-haspopup', 'dialog');
    this.#trigger = element;
  }

  #$<E extends Element = HTMLElement>(selector: string): E | null {
    return this.renderRoot.querySelector<E>(selector);
  }

  /** The element that opens the popup and gets the focus back: the page's trigger or our button. */
  #button(): HTMLElement | null {
    return this.#trigger ?? this.#$('.trigger');
  }

  #close(reason: AppSwitcherCloseDetail['reason'], restoreFocus: boolean): void {
    if (!this.open) return;
    this.#closeReason = reason;
    this.#restoreFocus = restoreFocus;
    this.open = false;
  }

  #listen(on: boolean): void {
    const method = on ? 'addEventListener' : 'removeEventListener';
    document[method]('click', this.#onDocumentClick, true);
    window[method]('resize', this.#onViewportChange);
    window[method]('scroll', this.#onViewportChange, true);
  }

  readonly #onDocumentClick = (event: Event) => {
    const path = event.composedPath();
    if (path.includes(this) || (this.#trigger && path.includes(this.#trigger))) return;
    this.#close('outside', false);
    // A click on something that takes no focus leaves the focus nowhere: give it back to the button.
    setTimeout(() => {
      const active = document.activeElement;
      if (!active || active === document.body) this.#button()?.focus({ preventScroll: true });
    });
  };

  readonly #onViewportChange = () => {
    cancelAnimationFrame(this.#placeFrame);
    this.#placeFrame = requestAnimationFrame(() => this.#place());
  };

  /** Keeps the popup next to its button and inside the viewport (it flips above when below is full). */
  #place(): void {
    const popup = this.#$('.popup');
    if (!popup) return;
    // Into the top layer, once (browsers without popover keep it fixed, with its z-index).
    if (popup.showPopover && !popup.matches(':popover-open')) {
      try {
        popup.showPopover();
      } catch {
        // Not supported in this context: it stays a fixed element.
      }
    }
    const style = popup.style;
    const anchor = this.#trigger ?? (this.hideButton ? null : this.#$('.trigger'));
    if (!anchor?.isConnected || !anchor.getClientRects().length) {
      const given: unknown = this.popupPosition;
      const usable = typeof given === 'object' && given !== null;
      if (given !== undefined && !usable) console.error(`<${this.localName}> popupPosition must be an object like {top: 16, right: 16}, not ${typeof given}.`);
      const position = usable ? (given as PopupPosition) : { top: 16, right: 16 };
      for (const side of SIDES) style[side] = position[side] === undefined ? 'auto' : `${position[side]}px`;
      return;
    }
    const rect = anchor.getBoundingClientRect();
    const width = popup.offsetWidth;
    const height = popup.offsetHeight;
    const viewportHeight = innerHeight;
    let left = rect.right - width;
    if (left < MARGIN) left = rect.left;
    let top = rect.bottom + MARGIN;
    if (top + height > viewportHeight - MARGIN && rect.top - height - MARGIN >= MARGIN) top = rect.top - height - MARGIN;
    style.left = `${clamp(left, (document.documentElement.clientWidth || innerWidth) - width)}px`;
    style.top = `${clamp(top, viewportHeight - height)}px`;
    style.right = style.bottom = 'auto';
  }

  #all(): SuiteService[] {
    return this.data?.services ?? [];
  }

  /** The current app, if the list has it. */
  #current(): SuiteService | undefined {
    const all = this.#all();
    return all[findCurrent(all, this.current)];
  }

  /** `show-more-limit`, `search-threshold`, `timeout` as usable numbers (a bad attribute means the default). */
  #limit(): number {
    return count(this.showMoreLimit, 6, 1);
  }
  #threshold(): number {
    return count(this.searchThreshold, 9, 0);
  }

  #filtered(): SuiteService[] {
    const query = normalizeForSearch(this.query);
    return this.#all().filter((service) => normalizeForSearch(`${service.name} ${service.id ?? ''}`).includes(query));
  }

  /** Links open a new tab unless `link-target="_self"` (any other value is read as `_blank`). */
  #blank(): boolean {
    return this.linkTarget !== '_self';
  }

  #links(): HTMLAnchorElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLAnchorElement>('ul a')];
  }

  async #focusInitial(): Promise<void> {
    await this.updateComplete;
    (this.#$('input') ?? this.#links()[this.activeIndex] ?? this.#$('.popup button:not(.close)') ?? this.#$('.popup'))?.focus();
  }

  #onPopupKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      stop(event);
      this.#close('escape', true);
      return;
    }
    if (event.key !== 'Tab') return;
    // Tab stays in the dialog.
    const popup = event.currentTarget as HTMLElement;
    const focusables = [...popup.querySelectorAll<HTMLElement>('a[href]:not([tabindex="-1"]),button,input')].filter((element) => element.getClientRects().length);
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    const active = this.shadowRoot!.activeElement;
    if (event.shiftKey ? active === first || active === popup : active === last) {
      event.preventDefault();
      (event.shiftKey ? last : first)?.focus();
    }
  }

  /** The arrows, Home and End (Ctrl+Home, Ctrl+End) move in the grid; its columns are read from the layout. */
  #onGridKeydown(event: KeyboardEvent): void {
    const links = this.#links();
    const last = links.length - 1;
    if (last < 0) return;
    const secondRow = links.findIndex((link) => link.offsetTop !== links[0].offsetTop);
    const columns = secondRow < 0 ? links.length : secondRow;
    const from = Math.min(this.activeIndex, last);
    const rowStart = from - (from % columns);
    const { key, ctrlKey } = event;
    const next = {
      ArrowRight: Math.min(from + 1, last),
      ArrowLeft: Math.max(from - 1, 0),
      ArrowDown: from + columns <= last ? from + columns : from,
      ArrowUp: from >= columns ? from - columns : from,
      // Home goes to the start of the row, then of the grid; End likewise.
      Home: ctrlKey || from === rowStart ? 0 : rowStart,
      End: ctrlKey || from % columns === columns - 1 || from === last ? last : Math.min(rowStart + columns - 1, last),
    }[key];
    if (next === undefined) return;
    event.preventDefault();
    this.activeIndex = next;
    links[next]?.focus();
  }

  #onSearchInput(event: Event): void {
    this.query = (event.target as HTMLInputElement).value;
    this.activeIndex = 0;
    clearTimeout(this.#announceTimer);
    this.#announceTimer = setTimeout(() => {
      this.announcement = this.query ? this.#i18n.t.results(this.#filtered().length) : '';
    }, 300);
  }

  #onSearchKeydown(event: KeyboardEvent): void {
    const first = this.#links()[0];
    if (event.key === 'ArrowDown' && first) {
      event.preventDefault();
      this.activeIndex = 0;
      first.focus();
    } else if (event.key === 'Escape' && this.query) {
      // The first Escape clears the search, the next one closes.
      stop(event);
      (event.target as HTMLInputElement).value = this.query = this.announcement = '';
    }
  }

  #toggleMore(): void {
    this.expanded = !this.expanded;
    if (!this.expanded && this.activeIndex >= this.#limit()) this.activeIndex = 0;
  }

  /** Retry from a button that the loading view replaces: the focus waits on the dialog, then goes to
   * the list, or back to the retry button when it failed again. */
  readonly #onRetry = () => {
    this.#$('.popup')?.focus();
    void this.retry().then(async () => {
      if (!this.open) return;
      await this.updateComplete;
      if (this.status === 'ready' && !this.error) void this.#focusInitial();
      else (this.#$('[part="retry-button"]') ?? this.#$('.notice button'))?.focus();
    });
  };

  #renderService(service: SuiteService, index: number, newWindowText: string, currentService: SuiteService | undefined): TemplateResult {
    const t = this.#i18n.t;
    const { name, logo, maturity } = service;
    const current = service === currentService;
    const blank = this.#blank();
    return html`<li>
      <a
        part=${current ? 'link link-current' : 'link'}
        href=${service.url}
        target=${blank ? '_blank' : '_self'}
        rel=${blank ? 'noopener' : nothing}
        tabindex=${index === this.activeIndex ? 0 : -1}
        aria-current=${current ? 'page' : nothing}
        @focus=${() => (this.activeIndex = index)}
        @click=${() => this.#close('link', blank)}
      >
        ${!logo || this.failedLogos.has(logo)
          ? html`<span class="initial" aria-hidden="true">${[...name][0]?.toUpperCase()}</span>`
          : html`<img
              class="logo"
              part="logo"
              src=${logo}
              alt=""
              width="40"
              height="40"
              loading="lazy"
              @error=${() => (this.failedLogos = new Set(this.failedLogos).add(logo))}
            />`}
        <span part="name">${name}</span>
        ${maturity
          ? html`<span class="badge badge--${maturity}" part="badge"
              ><span class="visually-hidden">(</span>${t.maturity[maturity as 'alpha' | 'beta']}<span class="visually-hidden">)</span></span
            >`
          : nothing}
        ${current ? html`<span class="visually-hidden">, ${t.current}</span>` : nothing}
        ${newWindowText ? html`<span class="visually-hidden">${newWindowText}</span>` : nothing}
      </a>
    </li>`;
  }

  #renderBody(): TemplateResult {
    const t = this.#i18n.t;
    const { state: status, error, labels } = this;
    if (status === 'loading' || status === 'idle') return loadingView(labels.loading ?? t.loading);
    if (status === 'error' && error) {
      return errorView({
        title: error.kind === 'protocol' ? t.invalid : t.loadError,
        message: t.errorKinds[error.kind],
        retryLabel: t.retry,
        onRetry: this.#onRetry,
      });
    }
    if (status === 'empty') return emptyView(t.empty);
    const filtered = this.#filtered();
    const visible = this.query || this.expanded ? filtered : filtered.slice(0, this.#limit());
    const hidden = this.#all().length - this.#limit();
    const newWindowText = this.#blank() ? (this.newWindowLabel ?? t.newWindow) : '';
    const currentService = this.#current();
    return html`${this.fromCache && error
        ? html`<p class="notice" role="status">${t.offline} <button type="button" @click=${this.#onRetry}>${t.retry}</button></p>`
        : nothing}${visible.length
        ? html`<ul part="list" @keydown=${this.#onGridKeydown}>${visible.map((service, index) => this.#renderService(service, index, newWindowText, currentService))}</ul>`
        : nothing}${!this.query && hidden > 0
        ? html`<button type="button" class="more" part="more-button" aria-expanded=${String(this.expanded)} @click=${this.#toggleMore}>
            ${CHEVRON}${this.expanded ? (labels.showLess ?? t.showLess) : (labels.showMore ?? t.showMore(hidden))}
          </button>`
        : nothing}`;
  }

  #renderPopup(): TemplateResult {
    const t = this.#i18n.t;
    const { labels } = this;
    const base = location.href;
    const headerLogo = safeUrl(this.headerLogo, base, true);
    const headerUrl = safeUrl(this.headerUrl, base);
    const title = labels.title ?? t.title;
    const organization = this.data?.organization?.name;
    // A linked logo is named after where it leads (header-label), and says it opens a new window.
    const logo = html`<img src=${headerLogo ?? ''} alt=${headerUrl ? (this.headerLabel ?? organization ?? title) + (this.newWindowLabel ?? t.newWindow) : ''} />`;
    return html`<div
      id="popup"
      lang=${this.#i18n.lang}
      class="popup"
      part="popup"
      role="dialog"
      aria-modal="true"
      aria-labelledby="title"
      tabindex="-1"
      popover="manual"
      @keydown=${this.#onPopupKeydown}
    >
      <div class="header" part="header">
        ${headerLogo
          ? html`<span class="header-logo"
              >${headerUrl ? html`<a href=${headerUrl} target="_blank" rel="noopener">${logo}</a>` : logo}</span
            >`
          : nothing}
        <div class="titles">
          <h2 id="title" part="title">${title}</h2>
          ${organization ? html`<p class="organization">${organization}</p>` : nothing}
        </div>
        <button type="button" class="close" part="close-button" @click=${() => this.#close('button', true)}>
          <span aria-hidden="true">×</span><span class="visually-hidden">${labels.close ?? t.close}</span>
        </button>
      </div>
      ${this.#all().length > this.#threshold() && this.status === 'ready'
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
              @input=${this.#onSearchInput}
              @keydown=${this.#onSearchKeydown}
            />
          </div>`
        : nothing}
      <div class="content">${this.#renderBody()}</div>
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
    </div>`;
  }

  /** A `<script type="application/json">` child added or replaced later is read again. */
  readonly #onSlotChange = () => {
    const script = this.#inlineScript();
    if (this.hasUpdated && this.services === undefined && script && script !== this.#readScript) void this.load();
  };

  protected override render(): TemplateResult {
    const ownButton = !(this.hideButton || this.#trigger || this.trigger || this.triggerElement);
    return html`${ownButton
      ? html`<button
          type="button"
          class="trigger"
          lang=${this.#i18n.lang}
          part="button"
          aria-haspopup="dialog"
          aria-expanded=${String(this.open)}
          aria-controls=${this.open ? 'popup' : nothing}
          @click=${this.#onTriggerClick}
        >
          ${GRID_ICON}<span class="visually-hidden">${this.label ?? this.#i18n.t.buttonLabel}</span>
        </button>`
      : nothing}${this.open ? this.#renderPopup() : nothing}<slot hidden @slotchange=${this.#onSlotChange}></slot>`;
  }
}
