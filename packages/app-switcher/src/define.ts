import { defineElement } from '@suite-widgets/core';
import { SuiteAppSwitcher } from './suite-app-switcher.js';

defineElement('suite-app-switcher', SuiteAppSwitcher);

declare global {
  interface HTMLElementTagNameMap {
    'suite-app-switcher': SuiteAppSwitcher;
  }
}

export { SuiteAppSwitcher };
