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
}

const response = await fetch('/__testbed__/config.json');
if (!response.ok) throw new Error(`the testbed did not start: ${response.status} ${await response.text()}`);

export const urls = ((await response.json()) as { urls: TestbedUrls }).urls;
