/**
 * The widgets the CDN loader knows: tag → the chunk that defines it. Each import() becomes one
 * lazy chunk next to suite.js; a page downloads only the chunks of the tags it has.
 */
export const widgets: Record<string, () => Promise<unknown>> = {
  'suite-app-switcher': () => import('./widgets/suite-app-switcher.js'),
  'suite-login': () => import('./widgets/suite-login.js'),
  'suite-file-picker': () => import('./widgets/suite-file-picker.js'),
};

export const loadLaGaufre = (): Promise<unknown> => import('./lagaufre.js');
