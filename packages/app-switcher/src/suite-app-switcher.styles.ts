import { css } from 'lit';

export const appSwitcherStyles = css`
  :host {
    display: inline-block;
    position: relative;
    --suite-app-switcher-width: 20rem;
    --suite-app-switcher-background: var(--suite-color-background);
    font-size: 1rem;
    line-height: 1.5;
  }
  .trigger,
  .close,
  .more {
    align-items: center;
    border: 0;
    border-radius: var(--suite-radius);
    background: transparent;
    color: var(--suite-color-text-action);
    cursor: pointer;
  }
  .close,
  .more {
    font: inherit;
  }
  .trigger,
  .close {
    display: inline-flex;
    justify-content: center;
    width: 2.5rem;
    height: 2.5rem;
  }
  .trigger {
    padding: 0;
  }
  .trigger svg {
    width: 1.5rem;
    height: 1.5rem;
  }
  svg {
    fill: currentColor;
  }
  .trigger[aria-expanded='true'],
  button:hover,
  a:hover {
    background: var(--suite-color-background-hover);
  }
  .popup {
    /* Shown in the top layer (popover) where supported, so a transformed or clipping ancestor in
       the page cannot move or cut it; the z-index serves browsers without popover. */
    position: fixed;
    inset: auto;
    margin: 0;
    padding: 0;
    overflow: visible;
    height: auto;
    z-index: var(--suite-app-switcher-z-index, var(--suite-z-index));
    display: flex;
    flex-direction: column;
    width: min(var(--suite-app-switcher-width), calc(100vw - 1rem));
    max-height: calc(100vh - 1rem);
    background: var(--suite-app-switcher-background);
    color: var(--suite-color-text);
    border: 1px solid var(--suite-color-border);
    border-radius: calc(var(--suite-radius) * 2);
    box-shadow: var(--suite-shadow);
    text-align: start;
  }
  .popup:focus {
    outline: none;
  }
  .header {
    display: flex;
    align-items: center;
    gap: calc(var(--suite-spacing) * 2);
    padding: calc(var(--suite-spacing) * 3) calc(var(--suite-spacing) * 3) calc(var(--suite-spacing) * 2) calc(var(--suite-spacing) * 4);
  }
  .header-logo {
    display: flex;
  }
  .header-logo img {
    max-height: 2rem;
  }
  .titles {
    flex: 1;
    min-width: 0;
  }
  h2 {
    margin: 0;
    font-size: 1.125rem;
  }
  .organization {
    margin: 0;
    font-size: 0.875rem;
    color: var(--suite-color-text-mention);
  }
  .close {
    font-size: 1.5rem;
  }
  .search {
    padding: 0 calc(var(--suite-spacing) * 4) calc(var(--suite-spacing) * 2);
  }
  input {
    width: 100%;
    font: inherit;
    padding: calc(var(--suite-spacing) * 2) calc(var(--suite-spacing) * 3);
    color: var(--suite-color-text);
    background: var(--suite-color-background-alt);
    border: 0;
    border-bottom: 2px solid var(--suite-color-text-mention);
    border-radius: var(--suite-radius) var(--suite-radius) 0 0;
  }
  input::placeholder {
    /* The browser's grey is under 4.5:1 on the alt background. */
    color: var(--suite-color-text-mention);
    opacity: 1;
  }
  .content {
    overflow-y: auto;
    padding: 0 calc(var(--suite-spacing) * 2) calc(var(--suite-spacing) * 3);
  }
  ul {
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: var(--suite-spacing);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  a {
    position: relative;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--suite-spacing);
    height: 100%;
    padding: calc(var(--suite-spacing) * 3) var(--suite-spacing);
    border-radius: var(--suite-radius);
    color: var(--suite-color-text);
    text-decoration: none;
    text-align: center;
    font-size: 0.875rem;
    line-height: 1.25;
    word-break: break-word;
  }
  a[aria-current] {
    background: var(--suite-color-background-selected);
    box-shadow: inset 0 0 0 2px var(--suite-color-primary);
  }
  .logo,
  .initial {
    width: 2.5rem;
    height: 2.5rem;
    object-fit: contain;
  }
  .initial {
    display: flex;
    align-items: center;
    justify-content: center;
    border-radius: var(--suite-radius);
    background: var(--suite-color-primary);
    color: var(--suite-color-on-primary);
    font-weight: 700;
    font-size: 1.25rem;
  }
  .badge {
    padding: 0 calc(var(--suite-spacing) * 1.5);
    border-radius: var(--suite-radius);
    font-size: 0.75rem;
    font-weight: 700;
    text-transform: uppercase;
    color: var(--suite-color-badge-beta);
    background: var(--suite-color-badge-beta-background);
  }
  .badge--alpha {
    color: var(--suite-color-badge-alpha);
    background: var(--suite-color-badge-alpha-background);
  }
  .more {
    display: flex;
    gap: calc(var(--suite-spacing) * 2);
    margin: calc(var(--suite-spacing) * 2) auto 0;
    padding: calc(var(--suite-spacing) * 2) calc(var(--suite-spacing) * 3);
    font-size: 0.875rem;
  }
  .more svg {
    width: 1rem;
    height: 1rem;
    transition: transform 0.2s;
  }
  .more[aria-expanded='true'] svg {
    transform: rotate(180deg);
  }
  .notice {
    margin: 0 calc(var(--suite-spacing) * 2) calc(var(--suite-spacing) * 2);
    padding: calc(var(--suite-spacing) * 2);
    font-size: 0.875rem;
    color: var(--suite-color-warning);
    background: var(--suite-color-warning-background);
    border-radius: var(--suite-radius);
  }
  .notice button {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 0;
    text-decoration: underline;
    cursor: pointer;
  }
  @media (max-width: 480px) {
    .popup {
      inset: 0 !important;
      width: 100% !important;
      height: 100% !important;
      max-height: none;
      border-radius: 0;
      border: 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .more svg {
      transition: none;
    }
  }
  @media (forced-colors: active) {
    a[aria-current] {
      outline: 3px solid CanvasText;
      outline-offset: -3px;
    }
  }
`;
