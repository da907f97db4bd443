import { defineElement } from '@suite-widgets/core';
import { SuiteLogin } from './suite-login.js';

defineElement('suite-login', SuiteLogin);

declare global {
  interface HTMLElementTagNameMap {
    'suite-login': SuiteLogin;
  }
}

export { SuiteLogin };
