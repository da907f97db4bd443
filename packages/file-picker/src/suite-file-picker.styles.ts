import { css } from 'lit';

export const filePickerStyles = css`
  :host {
    display: block;
    --suite-file-picker-height: 22rem;
    --suite-file-picker-dialog-width: 56rem;
    font-size: 1rem;
    line-height: 1.5;
    color: var(--suite-color-text);
  }
  :host([mode='dialog']) {
    display: inline-block;
  }
  svg {
    fill: currentColor;
    width: 1.5rem;
    height: 1.5rem;
    flex: none;
  }
  .inline,
  dialog {
    background: var(--suite-color-background);
    color: var(--suite-color-text);
    border: 1px solid var(--suite-color-border);
    border-radius: var(--suite-radius);
  }
  dialog {
    width: min(var(--suite-file-picker-dialog-width), calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    padding: 0;
    box-shadow: var(--suite-shadow);
  }
  dialog::backdrop {
    background: rgba(22, 22, 22, 0.64);
  }
  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: calc(var(--suite-spacing) * 2) calc(var(--suite-spacing) * 4);
    border-bottom: 1px solid var(--suite-color-border);
  }
  .title {
    margin: 0;
    font-size: 1.25rem;
    font-weight: 700;
  }
  .inline > .title {
    padding: calc(var(--suite-spacing) * 3) calc(var(--suite-spacing) * 4) 0;
  }
  .browser {
    display: flex;
    flex-direction: column;
    gap: calc(var(--suite-spacing) * 2);
    padding: calc(var(--suite-spacing) * 3) calc(var(--suite-spacing) * 4);
  }
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: calc(var(--suite-spacing) * 2);
    min-height: 2.5rem;
    padding: calc(var(--suite-spacing) * 2) calc(var(--suite-spacing) * 4);
    border: 1px solid var(--suite-color-primary);
    border-radius: var(--suite-radius);
    background: var(--suite-color-primary);
    color: var(--suite-color-on-primary);
    cursor: pointer;
  }
  .button--secondary {
    background: transparent;
    color: var(--suite-color-text-action);
  }
  .button--secondary:hover:not(:disabled),
  .icon-button:hover:not(:disabled),
  .link:hover:not(:disabled) {
    background: var(--suite-color-background-hover);
  }
  .button:disabled,
  .icon-button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .icon-button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 2.5rem;
    height: 2.5rem;
    padding: 0;
    border: 0;
    border-radius: var(--suite-radius);
    background: transparent;
    color: var(--suite-color-text-action);
    cursor: pointer;
  }
  .icon-button[aria-pressed='true'] {
    background: var(--suite-color-background-selected);
  }
  .flip svg {
    transform: scaleY(-1);
  }
  .link {
    padding: 0 calc(var(--suite-spacing) * 1);
    border: 0;
    background: none;
    color: var(--suite-color-text-action);
    text-decoration: underline;
    cursor: pointer;
  }
  .crumbs {
    display: flex;
    align-items: center;
    gap: calc(var(--suite-spacing) * 2);
    min-width: 0;
  }
  .crumbs ol {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    margin: 0;
    padding: 0;
    list-style: none;
    min-width: 0;
  }
  .crumbs li {
    display: inline-flex;
    align-items: center;
    overflow-wrap: anywhere;
  }
  .crumbs li + li::before {
    content: '›';
    padding: 0 calc(var(--suite-spacing) * 1);
    color: var(--suite-color-text-mention);
  }
  .crumbs [aria-current] {
    font-weight: 700;
    padding: 0 calc(var(--suite-spacing) * 1);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--suite-spacing) * 2);
  }
  .search {
    flex: 1 1 12rem;
    margin: 0;
  }
  .search input,
  .sort select {
    width: 100%;
    box-sizing: border-box;
    min-height: 2.5rem;
    padding: calc(var(--suite-spacing) * 2) calc(var(--suite-spacing) * 3);
    border: 0;
    border-bottom: 2px solid var(--suite-color-text);
    border-radius: var(--suite-radius) var(--suite-radius) 0 0;
    background: var(--suite-color-background-alt);
  }
  .search input::placeholder {
    color: var(--suite-color-text-mention);
    opacity: 1;
  }
  .drop-zone {
    position: relative;
    border: 1px solid var(--suite-color-border);
    border-radius: var(--suite-radius);
    min-height: 8rem;
  }
  .drop-zone--active {
    outline: 2px dashed var(--suite-color-primary);
    outline-offset: -2px;
  }
  .drop-hint {
    position: absolute;
    inset: 0;
    display: flex;
    align-items: center;
    justify-content: center;
    padding: 1rem;
    text-align: center;
    font-weight: 700;
    background: color-mix(in srgb, var(--suite-color-background) 88%, transparent);
    color: var(--suite-color-text-action);
    pointer-events: none;
  }
  .note {
    margin: 0;
    padding: calc(var(--suite-spacing) * 2) calc(var(--suite-spacing) * 3);
    color: var(--suite-color-warning);
    background: var(--suite-color-warning-background);
  }
  .state-action {
    display: flex;
    justify-content: center;
    margin: 0 0 calc(var(--suite-spacing) * 4);
  }
  .files {
    height: var(--suite-file-picker-height);
    overflow: auto;
    position: relative;
    outline-offset: -2px;
  }
  .spacer {
    position: relative;
  }
  .window {
    will-change: transform;
  }
  .files--grid .window {
    display: grid;
    grid-template-columns: repeat(var(--columns), minmax(0, 1fr));
    padding: 0 0.25rem;
  }
  .file {
    box-sizing: border-box;
    display: grid;
    align-items: center;
    gap: 0 calc(var(--suite-spacing) * 3);
    cursor: pointer;
    border-radius: var(--suite-radius);
    overflow: hidden;
  }
  .files--list .file {
    grid-template-columns: 1.5rem minmax(0, 1fr) auto;
    height: 2.75rem;
    padding: 0 calc(var(--suite-spacing) * 3);
  }
  .files--grid .file {
    grid-template-rows: 5.5rem auto auto;
    justify-items: center;
    height: 9rem;
    margin: 0.125rem;
    padding: calc(var(--suite-spacing) * 2);
    text-align: center;
  }
  .file:hover {
    background: var(--suite-color-background-hover);
  }
  .file--selected,
  .file--selected:hover {
    background: var(--suite-color-background-selected);
    box-shadow: inset 0 0 0 1px var(--suite-color-primary);
  }
  .files:focus-visible .file--active {
    outline: 2px solid var(--suite-color-focus);
    outline-offset: -2px;
  }
  .file--dimmed {
    color: var(--suite-color-text-mention);
    cursor: not-allowed;
  }
  .icon {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    color: var(--suite-color-text-action);
  }
  .file--dimmed .icon {
    color: inherit;
  }
  .files--grid .icon svg {
    width: 3.5rem;
    height: 3.5rem;
  }
  .icon img {
    max-width: 100%;
    max-height: 5.5rem;
    object-fit: contain;
    border-radius: var(--suite-radius);
  }
  .name {
    unicode-bidi: isolate;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    max-width: 100%;
  }
  .meta {
    font-size: 0.8125rem;
    color: var(--suite-color-text-mention);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    max-width: 100%;
  }
  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: calc(var(--suite-spacing) * 2);
  }
  .summary {
    margin-right: auto;
    color: var(--suite-color-text-mention);
  }
  .chosen {
    margin: calc(var(--suite-spacing) * 2) 0 0;
    padding: 0;
    list-style: none;
  }
  .chosen li,
  .chosen-name {
    display: flex;
    align-items: center;
    gap: calc(var(--suite-spacing) * 2);
    overflow-wrap: anywhere;
  }
  .chosen-name svg {
    color: var(--suite-color-text-action);
  }
  .chosen-none {
    margin: calc(var(--suite-spacing) * 2) 0 0;
    color: var(--suite-color-text-mention);
  }
  @media (forced-colors: active) {
    .file--selected {
      outline: 2px solid Highlight;
      outline-offset: -2px;
    }
    .files:focus-visible .file--active {
      outline: 2px dashed CanvasText;
    }
    .icon-button[aria-pressed='true'] {
      outline: 2px solid ButtonText;
    }
    .file--dimmed {
      color: GrayText;
    }
  }
`;
