#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: builds the CDN bundle if it is missing, starts the testbed (demo portal, services
 * JSON, gateway, OIDC provider, whoami) and Storybook, and stops everything on Ctrl-C or when Storybook exits.
 *
 *   --port-services <n>    preferred port of the services server (default 8787)
 *   --port-gateway <n>     preferred port of the gateway (default 8788)
 *   --port-oidc <n>        preferred port of the OpenID Connect provider (default 8789)
 *   --port-whoami <n>      preferred port of the whoami resource server (default 8790)
 *   --storybook-port <n>   Storybook's port (default 6006)
 *   --no-storybook         the testbed only
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startTestbed } from '../src/index.js';
import { PORT_OPTIONS, describeUrls, onShutdownSignal, parsePort, portsFrom } from '../src/cli.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SUITE_JS = fileURLToPath(new URL('../../../dist/cdn/suite.js', import.meta.url));
const BFF_JS = fileURLToPath(new URL('../../bff/dist/index.js', import.meta.url));
const isWindows = process.platform === 'win32';

/**
 * Runs a command to its end, output shown; resolves with its exit code.
 * @param {string} command
 * @param {string[]} args
 * @returns {Promise<number>}
 */
function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit', shell: isWindows });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Stops a child and everything it started (its process group: npx → storybook → vite).
 * @param {import('node:child_process').ChildProcess} child
 * @param {NodeJS.Signals} signal
 */
function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    if (isWindows) child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      ...PORT_OPTIONS,
      'storybook-port': { type: 'string' },
      'no-storybook': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const withStorybook = values['no-storybook'] !== true;
  const storybookPort = parsePort(values['storybook-port'], '--storybook-port', 6006);
  const ports = portsFrom(values);

  if (!existsSync(SUITE_JS) || !existsSync(BFF_JS)) {
    console.log('dist/cdn/suite.js or packages/bff/dist is missing: running "npm run build" first…');
    const code = await run('npm', ['run', 'build']);
    if (code !== 0) {
      console.error(`"npm run build" failed (exit code ${code}).`);
      process.exit(code);
    }
  }

  const testbed = await startTestbed({ host: process.env.SUITE_TESTBED_HOST ?? '127.0.0.1', ports });
  console.log(`\n${describeUrls(testbed.urls, testbed.oidc)}`);

  /** @type {import('node:child_process').ChildProcess | undefined} */
  let storybook;
  /** @type {Promise<number> | undefined} */
  let shuttingDown;
  /**
   * @param {number} code
   * @returns {Promise<number>}
   */
  const shutdown = (code) =>
    (shuttingDown ??= (async () => {
      if (storybook) {
        const child = storybook;
        const exited = new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) resolve(undefined);
          else child.once('exit', () => resolve(undefined));
        });
        killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await testbed.stop();
      return code;
    })());
  onShutdownSignal(() => shutdown(0));

  if (withStorybook) {
    storybook = spawn('npx', ['storybook', 'dev', '-p', String(storybookPort), '--no-open', '--ci'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      shell: isWindows,
      // Its own process group, so it can be stopped with everything it spawned.
      detached: !isWindows,
      env: { ...process.env, STORYBOOK_TESTBED_URL: testbed.urls.gateway, STORYBOOK_OIDC_ISSUER: testbed.urls.oidcIssuer, STORYBOOK_WHOAMI_URL: testbed.urls.whoami },
    });
    storybook.once('error', (error) => {
      console.error(`Storybook could not start: ${error.message}`);
      void shutdown(1).then((code) => process.exit(code));
    });
    storybook.once('exit', (code, signal) => {
      if (shuttingDown) return;
      console.error(`Storybook stopped (${signal ?? `exit code ${code}`}); stopping the testbed.`);
      void shutdown(code ?? 1).then((exitCode) => process.exit(exitCode));
    });
  }

  console.log(`Portail de démo: ${testbed.urls.portal}`);
  if (withStorybook) console.log(`Storybook: http://localhost:${storybookPort}`);
  console.log('Ctrl-C pour arrêter / to stop.');
}

main().catch((/** @type {unknown} */ error) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
