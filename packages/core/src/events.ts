import type { SuiteError } from './errors.js';

export interface SuiteErrorEventDetail {
  error: SuiteError;
}

/**
 * Every `suite-*` event and its detail. Packages add theirs by declaration merging:
 * `declare module '@suite-widgets/core' { interface SuiteEventMap { 'suite-pick': … } }`,
 * and list them in `HTMLElementEventMap` for `addEventListener` typing.
 */
export interface SuiteEventMap {
  'suite-error': SuiteErrorEventDetail;
}

declare global {
  interface HTMLElementEventMap {
    'suite-error': CustomEvent<SuiteErrorEventDetail>;
  }
}

/** Dispatches a typed `suite-*` event that bubbles out of shadow roots. */
export function emit<K extends keyof SuiteEventMap>(
  target: EventTarget,
  name: K,
  detail: SuiteEventMap[K],
  init: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: !!init.cancelable }));
}
