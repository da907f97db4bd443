/** CDN chunk of <suite-app-switcher>: loaded by suite.js when the page has the tag. */
import '@suite-widgets/app-switcher/define';
