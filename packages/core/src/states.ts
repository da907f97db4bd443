import { css, html, nothing } from 'lit';
import type { TemplateResult } from 'lit';

/** The explicit states of anything a widget loads. */
export type AsyncState = 'idle' | 'loading' | 'ready' | 'empty' | 'error';

/** A polite "loading" status: announced once, with a spinner that respects reduced motion. */
export function loadingView(label: string): TemplateResult {
  return html`<div class="suite-state suite-state--loading" role="status" part="loading">
    <span class="suite-spinner" aria-hidden="true"></span><span>${label}</span>
  </div>`;
}

/** A quiet "nothing here" status. */
export function emptyView(label: string): TemplateResult {
  return html`<div class="suite-state suite-state--empty" role="status" part="empty">${label}</div>`;
}

export interface ErrorViewOptions {
  title: string;
  message: string;
  retryLabel: string;
  onRetry?: () => void;
  /** Extra text under the message (for example: "showing the list saved earlier"). */
  note?: string;
}

/** An error the user can act on: a title, a human message, and a retry button. */
export function errorView({ title, message, retryLabel, onRetry, note }: ErrorViewOptions): TemplateResult {
  return html`<div class="suite-state suite-state--error" role="alert" part="error">
    <p class="suite-state__title">${title}</p>
    <p class="suite-state__message">${message}</p>
    ${note ? html`<p class="suite-state__note">${note}</p>` : nothing}
    ${onRetry
      ? html`<button type="button" class="suite-button suite-button--secondary" part="retry-button" @click=${onRetry}>
          ${retryLabel}
        </button>`
      : nothing}
  </div>`;
}

export const stateStyles = css`
  .suite-state {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: calc(var(--suite-spacing) * 2);
    padding: calc(var(--suite-spacing) * 6) calc(var(--suite-spacing) * 4);
    text-align: center;
    color: var(--suite-color-text-mention);
  }
  .suite-state--loading {
    flex-direction: row;
    justify-content: center;
  }
  .suite-state--error {
    color: var(--suite-color-text);
  }
  .suite-state p {
    margin: 0;
  }
  .suite-state__title {
    font-weight: 700;
    color: var(--suite-color-error);
  }
  .suite-state__note {
    font-size: 0.875em;
    color: var(--suite-color-text-mention);
  }
  .suite-spinner {
    width: 1.25em;
    height: 1.25em;
    border: 2px solid var(--suite-color-border);
    border-top-color: var(--suite-color-primary);
    border-radius: 50%;
    animation: suite-spin 0.8s linear infinite;
  }
  @media (prefers-reduced-motion: reduce) {
    .suite-spinner {
      animation-duration: 3s;
    }
  }
  @keyframes suite-spin {
    to {
      transform: rotate(360deg);
    }
  }
  .suite-button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--suite-radius);
    padding: calc(var(--suite-spacing) * 2) calc(var(--suite-spacing) * 4);
    min-height: 2.5rem;
  }
  .suite-button--secondary {
    background: transparent;
    color: var(--suite-color-text-action);
    border: 1px solid;
  }
  .suite-button--secondary:hover {
    background: var(--suite-color-background-hover);
  }
`;
