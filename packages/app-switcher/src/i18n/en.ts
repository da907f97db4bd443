import type { AppSwitcherMessages } from './fr.js';

/** English messages of <suite-app-switcher>. */
export const en: AppSwitcherMessages = {
  buttonLabel: 'La Suite numérique services',
  title: 'Services',
  close: 'Close',
  searchLabel: 'Search for a service',
  searchPlaceholder: 'Search…',
  showMore: (count: number) => `More apps (${count})`,
  showLess: 'Fewer apps',
  newWindow: ' - new window',
  current: 'current app',
  maturity: { alpha: 'alpha', beta: 'beta' },
  results: (count: number) =>
    count === 0 ? 'No service matches' : count === 1 ? '1 service found' : `${count} services found`,
  empty: 'No service is available at the moment.',
  loadError: 'The list of services could not be loaded.',
  invalid: 'The list of services received is not valid.',
  offline: 'List saved earlier: it may be out of date.',
};
