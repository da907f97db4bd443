import { css } from 'lit';

export const loginStyles = css`
  :host {
    display: inline-block;
    position: relative;
    --suite-login-menu-width: 18rem;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  button:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--suite-color-focus, #0a76f6);
    outline-offset: 2px;
  }
  button[aria-disabled='true'] {
    cursor: progress;
  }
  .connect {
    display: inline-flex;
    flex-direction: column;
    align-items: flex-start;
    gap: var(--suite-spacing);
  }
  /* DSFR's ProConnect button (fr-connect): blue France, "S'identifier avec" over the brand. */
  .fr-connect {
    display: inline-flex;
    flex-direction: column;
    align-items: flex-start;
    justify-content: center;
    min-height: 3.5rem;
    padding: 0.5rem 1.5rem;
    border: 0;
    border-radius: 0;
    background: var(--suite-color-primary);
    color: var(--suite-color-on-primary, #fff);
    text-align: left;
    line-height: 1.25;
  }
  .fr-connect:hover {
    background: var(--suite-color-primary-hover, #1212ff);
  }
  .fr-connect__login {
    font-size: 0.875rem;
  }
  .fr-connect__brand {
    font-size: 1.125rem;
    font-weight: 700;
  }
  .connect a {
    color: var(--suite-color-text-action);
    font-size: 0.875rem;
  }
  .button {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--suite-spacing) * 2);
    min-height: 2.5rem;
    padding: calc(var(--suite-spacing) * 2) calc(var(--suite-spacing) * 4);
    border: 1px solid var(--suite-color-primary);
    border-radius: var(--suite-radius);
    background: var(--suite-color-primary);
    color: var(--suite-color-on-primary, #fff);
  }
  .button--secondary {
    background: transparent;
    color: var(--suite-color-text-action);
  }
  .button--secondary:hover,
  .user:hover {
    background: var(--suite-color-background-hover);
  }
  .user {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--suite-spacing) * 2);
    min-height: 2.5rem;
    padding: var(--suite-spacing) calc(var(--suite-spacing) * 2);
    border: 1px solid transparent;
    border-radius: var(--suite-radius);
    background: transparent;
    color: var(--suite-color-text);
  }
  .user[aria-expanded='true'] {
    border-color: var(--suite-color-border);
  }
  .avatar {
    display: inline-grid;
    place-items: center;
    flex: none;
    width: 2rem;
    height: 2rem;
    border-radius: 50%;
    background: var(--suite-login-avatar-background, var(--suite-color-primary));
    color: var(--suite-login-avatar-color, var(--suite-color-on-primary, #fff));
    font-size: 0.8125rem;
    font-weight: 700;
  }
  .chevron {
    width: 1rem;
    height: 1rem;
    fill: currentColor;
  }
  [aria-expanded='true'] .chevron {
    transform: rotate(180deg);
  }
  .menu {
    position: absolute;
    z-index: var(--suite-login-z-index, var(--suite-z-index, 1000));
    inset-inline-end: 0;
    top: calc(100% + var(--suite-spacing));
    width: var(--suite-login-menu-width);
    max-width: calc(100vw - 1rem);
    box-sizing: border-box;
    padding: calc(var(--suite-spacing) * 4);
    border: 1px solid var(--suite-color-border);
    border-radius: var(--suite-radius);
    background: var(--suite-color-background);
    color: var(--suite-color-text);
    box-shadow: 0 6px 18px rgb(0 0 18 / 16%);
  }
  .menu[hidden] {
    display: none;
  }
  .menu__name {
    margin: 0 0 var(--suite-spacing);
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  dl {
    margin: 0 0 calc(var(--suite-spacing) * 3);
    font-size: 0.875rem;
  }
  dt {
    color: var(--suite-color-text-mention);
  }
  dd {
    margin: 0 0 var(--suite-spacing);
    overflow-wrap: anywhere;
  }
  .notice {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--suite-spacing) * 2);
    max-width: 24rem;
  }
  .notice p {
    margin: 0;
  }
  .notice__title {
    font-weight: 700;
  }
  .busy {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--suite-spacing) * 2);
    flex-wrap: wrap;
  }
  .suite-state {
    padding: calc(var(--suite-spacing) * 2);
    align-items: flex-start;
    text-align: start;
  }
  @media (forced-colors: active) {
    .fr-connect,
    .button,
    .avatar {
      border: 1px solid ButtonText;
    }
  }
`;
