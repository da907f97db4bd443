/** The popup's window name: a page opened under it with a callback hands it to the opener. */
export const POPUP_NAME = 'suite-login-popup';
/** oidc-client-ts's `url_state`: the state comes back as `<id>;suite-login`, so the widget knows its own callbacks. */
export const MARKER = 'suite-login';
export const CALLBACK_PARAMS = ['code', 'state', 'session_state', 'iss', 'error', 'error_description', 'error_uri'];
export const POPUP_CHANNEL = 'suite-login:popup';

/** The state is this widget's (a host page may run its own OAuth flows with `?code=&state=`). */
export const ours = (params: URLSearchParams): boolean => Boolean(params.get('state')?.endsWith(`;${MARKER}`));
export const isCallback = (params: URLSearchParams): boolean => ours(params) && (params.has('code') || params.has('error'));

/** Whether this page is the sign-in popup coming back with the provider's answer. */
export function isPopupCallback(): boolean {
  return window.name === POPUP_NAME && isCallback(new URL(location.href).searchParams);
}

