#!/usr/bin/env node
// @ts-check
/**
 * `npm run testbed`: starts the testbed (services server, gateway, OIDC provider, whoami) and keeps it running until
 * Ctrl-C / SIGTERM.
 *
 *   --port-services <n>  preferred port of the services server (default 8787; busy → a free one)
 *   --port-gateway <n>   preferred port of the gateway (default 8788; busy → a free one)
 *   --port-oidc <n>      preferred port of the OpenID Connect provider (default 8789; busy → a free one)
 *   --port-whoami <n>    preferred port of the whoami resource server (default 8790; busy → a free one)
 *   --host <host>        interface to listen on (default $SUITE_TESTBED_HOST or 127.0.0.1)
 *   --cdn-dir <dir>      CDN build to serve under /cdn/ (default <repo>/dist/cdn)
 *   --json               print one JSON line {"urls": …} on stdout; logs go to stderr
 */
import { parseArgs } from 'node:util';
import { startTestbed } from '../src/index.js';
import { PORT_OPTIONS, describeUrls, onShutdownSignal, portsFrom } from '../src/cli.js';

const USAGE = `Usage: suite-testbed [--port-services 8787] [--port-gateway 8788] [--port-oidc 8789] [--port-whoami 8790] [--host 127.0.0.1] [--cdn-dir dist/cdn] [--json]`;

async function main() {
  const { values } = parseArgs({
    options: {
      ...PORT_OPTIONS,
      host: { type: 'string' },
      'cdn-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const json = values.json === true;
  // With --json, stdout carries only the JSON line.
  const log = json ? (/** @type {string} */ message) => console.error(message) : (/** @type {string} */ message) => console.log(message);
  const testbed = await startTestbed({
    host: values.host ?? process.env.SUITE_TESTBED_HOST ?? '127.0.0.1',
    ports: portsFrom(values),
    ...(values['cdn-dir'] ? { cdnDir: values['cdn-dir'] } : {}),
    log,
  });
  onShutdownSignal(async () => {
    await testbed.stop();
    return 0;
  });
  if (json) process.stdout.write(`${JSON.stringify({ urls: testbed.urls })}\n`);
  else console.log(`\n${describeUrls(testbed.urls, testbed.oidc)}\nCtrl-C pour arrêter / to stop.`);
}

main().catch((/** @type {unknown} */ error) => {
  console.error(`suite-testbed: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) console.error(USAGE);
  process.exit(1);
});
