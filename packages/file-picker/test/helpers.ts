import { waitUntil } from '@open-wc/testing';
import type { SuiteFilePicker } from '../src/suite-file-picker.js';

export { captureConsoleErrors as quietly } from '../../app-switcher/test/helpers.js';

export const $ = <T extends Element = HTMLElement>(el: SuiteFilePicker, selector: string) => el.shadowRoot!.querySelector<T>(selector);
export const $$ = <T extends Element = HTMLElement>(el: SuiteFilePicker, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
/** The names of the options on screen. */
export const names = (el: SuiteFilePicker) => $$(el, '[role=option] .name').map((node) => node.textContent ?? '');
/** An element's text, white space collapsed. */
export const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
export const option = (el: SuiteFilePicker, name: string) => $$(el, '[role=option]').find((node) => node.querySelector('.name')?.textContent === name);
/** White space collapsed (French texts hold no-break spaces: « ${name} »). */
const collapse = (value: string | null) => (value ?? '').replace(/\s+/g, ' ').trim();
/** A button by its text or its aria-label. */
export const button = (el: SuiteFilePicker, label: string) => $$<HTMLButtonElement>(el, 'button').find((node) => text(node) === label || collapse(node.getAttribute('aria-label')) === label);

/** Waits for the picker to finish loading what it shows. */
export async function settled(el: SuiteFilePicker, timeout = 10_000): Promise<void> {
  await el.updateComplete;
  await waitUntil(() => !$(el, '.suite-state--loading'), 'the picker kept loading', { timeout });
  await el.updateComplete;
}
