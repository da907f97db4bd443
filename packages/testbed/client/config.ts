/**
 * The URLs of the testbed's real servers, for browser tests. web-test-runner.config.mjs starts the
 * testbed the first time a test asks, and stops it after the run.
 */
export interface TestbedUrls {
  /** The gateway (CORS, fault injection) in front of every backend. */
  gateway: string;
  /** The La Suite services JSON, through the gateway. */
  services: string;
  /** The same JSON, straight from the services server. */
  servicesDirect: string;
  /** The demo portal; `<portal>cdn/` serves dist/cdn. */
  portal: string;
  /** The WebDAV root (Apache mod_dav) through the gateway; homes at `<webdav><username>/`. Basic or a bearer token of the testbed. */
  webdav: string;
  /** The same root on Apache itself (Basic only, no CORS). */
  webdavDirect: string;
}

/** Puts the testbed's WebDAV tree back to its seed (between tests that change it). */
export async function resetWebdav(): Promise<void> {
  const answer = await fetch('/__testbed__/webdav/reset', { method: 'POST' });
  if (!answer.ok) throw new Error(`the testbed could not reset the WebDAV tree: ${answer.status} ${await answer.text()}`);
}

/** An access token of the testbed's OpenID provider for a seeded account (audience: its resource), got by a real sign-in on the server side. */
export async function accessTokenFor(username: string): Promise<string> {
  const answer = await fetch(`/__testbed__/token?user=${encodeURIComponent(username)}`);
  if (!answer.ok) throw new Error(`the testbed gave no token for ${username}: ${answer.status} ${await answer.text()}`);
  return ((await answer.json()) as { accessToken: string }).accessToken;
}

const response = await fetch('/__testbed__/config.json');
if (!response.ok) throw new Error(`the testbed did not start: ${response.status} ${await response.text()}`);

export const urls = ((await response.json()) as { urls: TestbedUrls }).urls;
