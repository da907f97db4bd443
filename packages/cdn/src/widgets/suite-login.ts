/** CDN chunk of <suite-login>: loaded by suite.js when the page has the tag. oidc-client-ts is its own chunk, loaded in OIDC mode only. */
import '@suite-widgets/login/define';
