import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath } from './packages/testbed/src/browser.js';


/**
 * Starts the testbed (real servers on loopback) the first time an integration test asks for its
 * URLs, and stops it with the test server. Unit tests never start it.
 */
function testbedPlugin() {
  /** @type {Promise<import('./packages/testbed/src/index.js').Testbed> | undefined} */
  let starting;
  return {
    name: 'suite-testbed',
    async serve(context) {
      if (!context.path.startsWith('/__testbed__/')) return undefined;
      starting ??= import('./packages/testbed/src/index.js').then(({ startTestbed }) => startTestbed({ log: () => {} }));
      const testbed = await starting;
      if (context.path === '/__testbed__/config.json') return { body: JSON.stringify({ urls: testbed.urls }), type: 'json' };
      if (context.path === '/__testbed__/webdav/reset' && context.method === 'POST') {
        await testbed.webdav.reset();
        return { body: '{}', type: 'json' };
      }
      if (context.path === '/__testbed__/token') {
        const user = context.URL.searchParams.get('user') ?? '';
        const { signInForTest } = await import('./packages/testbed/src/sign-in.js');
        const accessToken = await signInForTest({ oidc: testbed.oidc, redirectUri: `${testbed.urls.portal}signed-in`, username: user });
        return { body: JSON.stringify({ accessToken }), type: 'json' };
      }
      return undefined;
    },
    async serverStop() {
      if (starting) await (await starting).stop();
    },
  };
}

export default {
  nodeResolve: { exportConditions: ['development'] },
  rootDir: '.',
  // One tab at a time: headless Chromium throttles requestAnimationFrame in background tabs,
  // which stalls fixture(). The unit suite takes seconds anyway.
  concurrency: 1,
  testsFinishTimeout: 240_000,
  testFramework: { config: { timeout: 10_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: [...chromiumArgs],
      },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.base.json', import.meta.url)), target: 'es2022' }), testbedPlugin()],
  coverageConfig: {
    include: ['packages/*/src/**'],
    report: true,
    reportDir: 'coverage',
  },
  groups: [
    {
      name: 'unit',
      files: ['packages/*/test/**/*.test.ts', '!packages/*/test/**/*.integration.test.ts'],
    },
    {
      name: 'integration',
      files: ['packages/*/test/**/*.integration.test.ts'],
      concurrency: 1,
    },
  ],
};
