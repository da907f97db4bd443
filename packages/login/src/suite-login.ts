import { html, nothing } from 'lit';
import type { CSSResultGroup, PropertyDeclarations, TemplateResult } from 'lit';
import { I18nController, SuiteElement, coreMessages, errorView, loadingView, stateStyles } from '@suite-widgets/core';
import type { SessionUser } from '@suite-widgets/core';
import { checkedUrl } from './auth.js';
import type { Auth } from './auth.js';
import { BffAuth } from './bff-auth.js';
import { LoginError } from './errors.js';
import { en } from './i18n/en.js';
import { fr } from './i18n/fr.js';
import { LoginStore } from './login-store.js';
import type { LoginStatus } from './login-store.js';
import type { OidcAttributes, TokenStorage } from './oidc-auth.js';
import { isPopupCallback } from './popup-callback.js';
import { loginStyles } from './suite-login.styles.js';
import { formatSiret, initials } from './user.js';

export interface LoginEventDetail {
  user: SessionUser;
  /** True when the user was already signed in as the page loaded (no sign-in just happened). */
  restored: boolean;
}
export interface LogoutEventDetail {
  /** `user`: this widget's button; `other-tab`: another tab of the site signed out. */
  reason: 'user' | 'other-tab';
}
export interface SessionExpiredEventDetail {
  reason: string;
}

declare module '@suite-widgets/core' {
  interface SuiteEventMap {
    'suite-login': LoginEventDetail;
    'suite-logout': LogoutEventDetail;
    'suite-session-expired': SessionExpiredEventDetail;
  }
}
declare global {
  interface HTMLElementEventMap {
    'suite-login': CustomEvent<LoginEventDetail>;
    'suite-logout': CustomEvent<LogoutEventDetail>;
    'suite-session-expired': CustomEvent<SessionExpiredEventDetail>;
  }
}

const messages = { fr: { ...coreMessages.fr, ...fr }, en: { ...coreMessages.en, ...en } };

/** The failures' messages, loaded when the first error is shown (null: the chunk could not be loaded). */
let codeMessages: Promise<typeof import('./i18n/codes.js').codeMessages | null> | undefined;
let loadedCodeMessages: Awaited<NonNullable<typeof codeMessages>> | undefined;
const loadCodeMessages = () =>
  (codeMessages ??= import('./i18n/codes.js').then(
    (module) => (loadedCodeMessages = module.codeMessages),
    () => (loadedCodeMessages = null),
  ));
const PROCONNECT_INFO = 'https://www.proconnect.gouv.fr/';

const CHEVRON = html`<svg class="chevron" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 15.5 5.5 9l1.4-1.4 5.1 5.1 5.1-5.1L18.5 9z" /></svg>`;

/**
 * Sign-in for the whole page: ProConnect through the site's backend-for-frontend (`mode="bff"`),
 * or any OpenID Connect provider that allows public clients (`mode="oidc"`, PKCE, redirect or
 * popup). Signed in, it shows a user menu, and publishes the user and `getAccessToken()` to the
 * page session, so mail, chat and file widgets authenticate with no attribute of their own.
 *
 * @summary ProConnect / OpenID Connect sign-in, shared by every widget on the page.
 * @tag suite-login
 *
 * @attr mode - `bff` (ProConnect, through the site's backend-for-frontend) or `oidc` (a public client). Default: `bff` when `bff-url` is set, else `oidc`.
 * @attr bff-url - BFF mode: the base URL of the backend-for-frontend (routes `login`, `callback`, `me`, `logout`, `token`).
 * @attr issuer - OIDC mode: the provider's issuer URL (https; http only on localhost).
 * @attr client-id - OIDC mode: the public client's id (PKCE, no secret).
 * @attr scope - OIDC mode: the scopes asked for. Default `openid profile email`.
 * @attr redirect-uri - OIDC mode: where the provider sends the user back. Default: this page (without query).
 * @attr post-logout-redirect-uri - OIDC mode: where the provider sends the user after signing out. Default: `redirect-uri`.
 * @attr popup - OIDC mode: sign in in a popup window instead of leaving the page.
 * @attr storage - OIDC mode: where tokens are kept: `session` (default, this tab's sessionStorage), `memory`, or `local` (shared by tabs, survives the browser; only if your security policy allows).
 * @attr acr-values - OIDC mode: the assurance level to ask for, e.g. `eidas1`.
 * @attr provider-name - The provider's name on a generic "Se connecter avec …" button; without it, BFF mode shows the ProConnect button.
 * @attr idp-hint - ProConnect's `idp_hint`: the identity provider to go straight to.
 * @attr siret-hint - ProConnect's `siret_hint`: the organisation to preselect.
 * @attr login-hint - The user's email, prefilled at the provider.
 * @attr theme - `light`, `dark` or `system` (the OS). Unset: DSFR's `data-fr-theme`, else `data-fr-scheme`, else light.
 * @attr lang - Language of the widget (`fr`, `en`). Unset: the page's language.
 *
 * @fires suite-login - Signed in (also when the page opens already signed in: `restored: true`). `detail: {user, restored}`.
 * @fires suite-logout - Signed out, here or in another tab. `detail: {reason}`.
 * @fires suite-session-expired - The session ended and could not be renewed: the user must sign in again. `detail: {reason}`.
 * @fires suite-error - Sign-in failed or the widget is misconfigured. `detail: {error: SuiteError}` (`error.code` says which).
 *
 * @csspart proconnect-button - The ProConnect button.
 * @csspart sign-in-button - The generic sign-in button (and "sign in again").
 * @csspart user-button - The signed-in user's button that opens the menu.
 * @csspart avatar - The initials.
 * @csspart menu - The user menu.
 * @csspart sign-out-button - The sign-out button.
 * @csspart loading - The "checking your session" state.
 * @csspart error - The error state.
 * @csspart retry-button - The retry button of the error state.
 *
 * @cssprop --suite-login-menu-width - Width of the user menu. Default 18rem.
 * @cssprop --suite-login-z-index - z-index of the user menu. Default: `--suite-z-index` (1000).
 * @cssprop --suite-login-avatar-background - Background of the initials. Default: the primary colour.
 * @cssprop --suite-login-avatar-color - Colour of the initials.
 * @cssprop --suite-color-primary - Main colour (DSFR blue France #000091).
 */
export class SuiteLogin extends SuiteElement {
  static override get styles(): CSSResultGroup {
    return [SuiteElement.styles, stateStyles, loginStyles];
  }

  // A map rather than decorators: the decorator helper would weigh on BFF mode's chunk, which has a
  // size budget. The inherited `theme` is declared by SuiteElement.
  static override get properties(): PropertyDeclarations {
    return {
      mode: {},
      bffUrl: { attribute: 'bff-url' },
      issuer: {},
      clientId: { attribute: 'client-id' },
      scope: {},
      redirectUri: { attribute: 'redirect-uri' },
      postLogoutRedirectUri: { attribute: 'post-logout-redirect-uri' },
      popup: { type: Boolean },
      storage: {},
      acrValues: { attribute: 'acr-values' },
      providerName: { attribute: 'provider-name' },
      idpHint: { attribute: 'idp-hint' },
      siretHint: { attribute: 'siret-hint' },
      loginHint: { attribute: 'login-hint' },
    };
  }

  /** `bff` or `oidc`. */
  declare mode: 'bff' | 'oidc' | undefined;
  /** BFF mode: the backend-for-frontend's base URL. */
  declare bffUrl: string | undefined;
  /** OIDC mode: the issuer. */
  declare issuer: string | undefined;
  /** OIDC mode: the public client id. */
  declare clientId: string | undefined;
  /** OIDC mode: the scopes. */
  declare scope: string | undefined;
  /** OIDC mode: the redirect URI. */
  declare redirectUri: string | undefined;
  /** OIDC mode: the post-logout redirect URI. */
  declare postLogoutRedirectUri: string | undefined;
  /** OIDC mode: sign in in a popup. */
  popup = false;
  /** OIDC mode: `session`, `memory` or `local`. */
  declare storage: TokenStorage | undefined;
  /** OIDC mode: the acr to ask for. */
  declare acrValues: string | undefined;
  /** Name of the provider on a generic button. */
  declare providerName: string | undefined;
  /** ProConnect's `idp_hint`. */
  declare idpHint: string | undefined;
  /** ProConnect's `siret_hint`. */
  declare siretHint: string | undefined;
  /** The `login_hint`. */
  declare loginHint: string | undefined;

  /** Internal state, re-rendered by hand (a reactive property would show in the public API). */
  #menuOpenState = false;
  #announcementState = '';

  get #menuOpen(): boolean {
    return this.#menuOpenState;
  }

  set #menuOpen(open: boolean) {
    this.#menuOpenState = open;
    this.requestUpdate();
  }

  set #announcement(text: string) {
    this.#announcementState = text;
    this.requestUpdate();
  }

  readonly #i18n = new I18nController(this, messages);
  readonly #store = new LoginStore({
    changed: () => {
      this.#focusWasInside ||= Boolean(this.shadowRoot?.activeElement);
      this.requestUpdate();
    },
    transition: (what, detail) => this.#transition(what, detail),
  });
  /** This page is the sign-in popup coming back: it hands the answer over and closes. */
  readonly #popupCallback = isPopupCallback();
  #configKey = '';
  #focusWasInside = false;

  /** The sign-in state: `restoring`, `signed-out`, `signing-in`, `signed-in`, `signing-out`, `expired` or `error`. */
  get status(): LoginStatus {
    return this.#store.status;
  }

  /** The signed-in user, or null. */
  get user(): SessionUser | null {
    return this.#store.user;
  }

  /** The last error, when `status` is `error`. */
  get error(): LoginError | null {
    return this.#store.error;
  }

  /** Starts the sign-in (a redirect, or a popup with `popup`). */
  signIn(): Promise<void> {
    return this.#store.signIn();
  }

  /** Signs out here, in the site's other tabs, and at the provider. */
  signOut(): Promise<void> {
    return this.#store.signOut();
  }

  /** An access token for `audience` (BFF mode: a short-lived token the BFF mints for that backend), or null. */
  getAccessToken(audience?: string, options?: { forceRefresh?: boolean }): Promise<string | null> {
    return this.#store.getAccessToken(audience, options);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#popupCallback) {
      // This page is the popup, back from the provider (OIDC mode's chunk hands the answer over).
      import('./oidc-auth.js').then(({ forwardPopupCallback }) => forwardPopupCallback(), (error: unknown) => console.error('<suite-login> the sign-in popup could not hand its answer over:', error));
      return;
    }
    document.addEventListener('click', this.#onDocumentClick);
    // Back in the page after a removal (moved by a framework, say): willUpdate starts it again.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('click', this.#onDocumentClick);
    this.#store.stop();
    this.#configKey = '';
  }

  protected override willUpdate(): void {
    if (this.#popupCallback) return;
    const key = [this.mode, this.bffUrl, this.issuer, this.clientId, this.scope, this.redirectUri, this.postLogoutRedirectUri, this.popup, this.storage, this.acrValues, this.idpHint, this.siretHint, this.loginHint].join('\n');
    if (key !== this.#configKey && this.isConnected) {
      this.#configKey = key;
      this.#store.start(this.#createAuth());
    }
  }

  /** The backend the attributes describe, or the configuration error they contain. */
  #createAuth(): Auth | LoginError | Promise<Auth | LoginError> {
    try {
      const mode = this.mode ?? (this.bffUrl ? 'bff' : 'oidc');
      const hints = { idp_hint: this.idpHint, siret_hint: this.siretHint, login_hint: this.loginHint };
      if (mode === 'bff') {
        if (!this.bffUrl) throw new LoginError('config', 'mode="bff" needs bff-url: the base URL of the backend-for-frontend');
        return new BffAuth({ url: checkedUrl(this.bffUrl, 'bff-url', false, true), hints }, this.#store.events);
      }
      if (mode !== 'oidc') throw new LoginError('config', `mode "${String(mode)}" is not "bff" or "oidc"`);
      const attributes: OidcAttributes = {
        issuer: this.issuer,
        clientId: this.clientId,
        scope: this.scope,
        redirectUri: this.redirectUri,
        postLogoutRedirectUri: this.postLogoutRedirectUri,
        storage: this.storage,
        popup: this.popup,
        acrValues: this.acrValues,
        hints,
      };
      // OIDC mode's code (and oidc-client-ts after it) is a chunk of its own: BFF pages never load it.
      // Its checks of the attributes too.
      return import('./oidc-auth.js').then(
        ({ createOidcAuth }) => createOidcAuth(attributes, this.#store.events),
        (error: unknown) => new LoginError('provider_unreachable', `the OIDC mode's code could not be loaded: ${String(error)}`, { cause: error }),
      );
    } catch (error) {
      return error instanceof LoginError ? error : new LoginError('config', String(error), { cause: error });
    }
  }

  #transition(what: 'signed-in' | 'signed-out' | 'expired' | 'cancelled' | 'error', detail: { user?: SessionUser; reason?: string; error?: LoginError; initial?: boolean }): void {
    const t = this.#i18n.t;
    this.#menuOpen = false;
    if (what === 'signed-in' && detail.user) {
      if (!detail.initial) this.#announce(t.announceSignedIn(detail.user.name ?? detail.user.sub));
      this.emit('suite-login', { user: detail.user, restored: Boolean(detail.initial) });
    } else if (what === 'signed-out') {
      this.#announce(t.announceSignedOut);
      this.emit('suite-logout', { reason: detail.reason === 'other-tab' ? 'other-tab' : 'user' });
    } else if (what === 'expired') {
      this.#announce(t.announceExpired);
      console.warn(`<suite-login> the session has expired: ${detail.reason ?? ''}`);
      this.emit('suite-session-expired', { reason: detail.reason ?? '' });
    } else if (what === 'cancelled') {
      this.#announce(t.announceCancelled);
    } else if (detail.error) {
      this.reportError(detail.error, `[${detail.error.code}]`);
      void loadCodeMessages().then(() => this.requestUpdate());
    }
  }

  /** Says it once to screen readers (the live region is emptied first, so a repeat is heard). */
  #announce(text: string): void {
    this.#announcement = '';
    requestAnimationFrame(() => (this.#announcement = text));
  }

  protected override render(): TemplateResult {
    const t = this.#i18n.t;
    const lang = this.#i18n.lang;
    if (this.#popupCallback) return html`<p role="status" lang=${lang}>${t.popupDone}</p>`;
    return html`<div lang=${lang}>${this.#renderState()}<div class="sr-only" role="status">${this.#announcementState}</div></div>`;
  }

  #renderState(): TemplateResult | typeof nothing {
    const t = this.#i18n.t;
    const store = this.#store;
    switch (store.status) {
      case 'restoring':
        return loadingView(t.restoring);
      case 'signed-out':
        return this.#signInButton();
      case 'signing-in':
        return html`<div class="busy" role="status" part="loading">
          <span class="suite-spinner" aria-hidden="true"></span><span>${t.signingIn}</span>
          ${this.popup && this.mode !== 'bff' && !this.bffUrl
            ? html`<button type="button" class="button button--secondary" data-primary @click=${() => this.#store.cancel()}>${t.cancel}</button>`
            : nothing}
        </div>`;
      case 'signed-in':
      case 'signing-out':
        return this.#userMenu(store.user!, store.status === 'signing-out');
      case 'expired':
        return html`<div class="notice" role="alert">
          <p class="notice__title">${t.expiredTitle}</p>
          <p>${t.expiredMessage}</p>
          <button type="button" class="button" part="sign-in-button" data-primary @click=${() => void this.#store.signIn()}>${t.signInAgain}</button>
        </div>`;
      case 'error': {
        const error = store.error!;
        // The alert is shown once its text is there, so that it is read out whole.
        if (loadedCodeMessages === undefined) return loadingView(t.loading);
        return errorView({
          title: t.errorTitle,
          message: loadedCodeMessages?.[this.#i18n.lang][error.code] ?? t.errorKinds[error.kind],
          retryLabel: t.retry,
          onRetry: () => this.#store.retry(() => this.#createAuth()),
          ...(error.description ? { note: t.detail(error.description) } : {}),
        });
      }
      default:
        return nothing;
    }
  }

  #signInButton(): TemplateResult {
    const t = this.#i18n.t;
    const bff = (this.mode ?? (this.bffUrl ? 'bff' : 'oidc')) === 'bff';
    const signIn = () => void this.#store.signIn();
    if (bff && !this.providerName) {
      return html`<div class="connect">
        <button type="button" class="fr-connect" part="proconnect-button" data-primary @click=${signIn}>
          <span class="fr-connect__login">${t.proConnectButton} </span><span class="fr-connect__brand">${t.proConnectName}</span>
        </button>
        <a href=${PROCONNECT_INFO} target="_blank" rel="noopener" title=${t.proConnectAbout + t.newWindow}>${t.proConnectAbout}</a>
      </div>`;
    }
    return html`<button type="button" class="button" part="sign-in-button" data-primary @click=${signIn}>
      ${this.providerName ? t.signInWith(this.providerName) : t.signIn}
    </button>`;
  }

  #userMenu(user: SessionUser, busy: boolean): TemplateResult {
    const t = this.#i18n.t;
    const name = user.name || user.email || user.sub;
    return html`<button
        type="button"
        class="user"
        part="user-button"
        data-primary
        aria-expanded=${this.#menuOpen ? 'true' : 'false'}
        aria-controls="menu"
        @click=${() => (this.#menuOpen = !this.#menuOpen)}
        @keydown=${this.#onKeydown}
      >
        <span class="avatar" part="avatar" aria-hidden="true">${initials(user)}</span><span class="user__name">${name}</span>${CHEVRON}
      </button>
      <div id="menu" class="menu" part="menu" ?hidden=${!this.#menuOpen} @keydown=${this.#onKeydown}>
        <p class="menu__name">${name}</p>
        <dl>
          ${user.email ? html`<dt>${t.email}</dt><dd>${user.email}</dd>` : nothing}
          ${user.organization ? html`<dt>${t.organization}</dt><dd>${user.organization}</dd>` : nothing}
          ${user.siret ? html`<dt>${t.siret}</dt><dd>${formatSiret(user.siret)}</dd>` : nothing}
        </dl>
        <button type="button" class="button button--secondary" part="sign-out-button" aria-disabled=${busy ? 'true' : 'false'} @click=${() => !busy && void this.#store.signOut()}>
          ${busy ? t.signingOut : t.signOut}
        </button>
      </div>`;
  }

  readonly #onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && this.#menuOpen) {
      event.stopPropagation();
      this.#menuOpen = false;
      this.renderRoot.querySelector<HTMLElement>('.user')?.focus();
    }
  };

  /** A click outside closes the menu (the focus stays where the user put it). */
  readonly #onDocumentClick = (event: MouseEvent) => {
    if (this.#menuOpen && !event.composedPath().includes(this)) this.#menuOpen = false;
  };

  protected override updated(): void {
    // The control that had the focus is gone (a state changed under it): the focus goes to the
    // widget's main control (or the retry button) instead of falling to the page's <body>; while
    // nothing can take it (loading), it waits for the next render, unless the user went elsewhere.
    if (!this.#focusWasInside || this.shadowRoot?.activeElement) {
      this.#focusWasInside = false;
      return;
    }
    const lost = document.activeElement === document.body || document.activeElement === this || document.activeElement === null;
    const target = this.renderRoot.querySelector<HTMLElement>('[data-primary], [part~="retry-button"]');
    if (!lost) this.#focusWasInside = false;
    else if (target) {
      target.focus();
      this.#focusWasInside = false;
    }
  }
}
