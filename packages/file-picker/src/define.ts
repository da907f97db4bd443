import { defineElement } from '@suite-widgets/core';
import { SuiteFilePicker } from './suite-file-picker.js';

defineElement('suite-file-picker', SuiteFilePicker);

declare global {
  interface HTMLElementTagNameMap {
    'suite-file-picker': SuiteFilePicker;
  }
}

export { SuiteFilePicker };
