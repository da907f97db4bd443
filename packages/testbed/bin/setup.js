#!/usr/bin/env node
// @ts-check
/**
 * Installs what a fresh Debian machine lacks for the tests and the demo: Debian's Chromium, Apache
 * httpd (the WebDAV backend) and litmus (WebDAV conformance); Cyrus and Synapse as later widgets
 * need them. Needs only Node.js (it runs before `npm ci` in CI). Does nothing when everything is
 * there; as root it uses apt-get, otherwise it says what to install. Run by `npm test` (pretest),
 * `npm start` (prestart) and `.ci/run`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** @type {{ what: string, present: () => boolean, apt: string[] }[]} */
const needs = [
  {
    what: 'Chromium (browser tests, benchmark)',
    present: () => Boolean(process.env.CHROME_PATH && existsSync(process.env.CHROME_PATH)) || existsSync('/usr/bin/chromium'),
    apt: ['chromium'],
  },
  {
    what: 'Apache httpd with mod_dav (WebDAV backend)',
    present: () => existsSync('/usr/sbin/apache2') && existsSync('/usr/lib/apache2/modules/mod_dav_fs.so'),
    apt: ['apache2'],
  },
  {
    what: 'litmus (WebDAV conformance tests)',
    present: () => existsSync('/usr/bin/litmus'),
    apt: ['litmus'],
  },
];

const missing = needs.filter((need) => !need.present());
if (missing.length === 0) process.exit(0);

const packages = [...new Set(missing.flatMap((need) => need.apt))];
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error(`setup: missing ${missing.map((need) => need.what).join(', ')}.`);
  console.error(`setup: install the Debian packages: sudo apt-get install -y ${packages.join(' ')} (or set CHROME_PATH).`);
  process.exit(1);
}

console.log(`setup: installing ${packages.join(' ')} with apt-get (${missing.map((need) => need.what).join(', ')})`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...packages]]) {
  const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`setup: apt-get ${args[0]} failed (exit ${result.status}).`);
    process.exit(1);
  }
}
const still = missing.filter((need) => !need.present());
if (still.length > 0) {
  console.error(`setup: still missing after apt-get: ${still.map((need) => need.what).join(', ')}`);
  process.exit(1);
}
