// @ts-check
/**
 * The WebDAV backend: Debian's Apache httpd 2.4 with mod_dav and mod_dav_fs, run as the
 * testbed's own process (never the system service), everything in a fresh temporary directory
 * removed at close.
 *
 * - `/dav/` is the WebDAV root; each account has a home `/dav/<username>/` that only it may
 *   read and write; `/dav/public/` is readable (GET, HEAD, OPTIONS, PROPFIND) by every account
 *   and writable by none; `/dav/` itself is read-only. Basic authentication against an htpasswd
 *   file written here (`{SHA}` hashes).
 * - The homes are filled from `seed/files.js` at start and by `reset()`.
 * - `createBearerAuthorizer` turns a bearer token (OIDC provider or BFF) into the account's
 *   Basic credentials; the gateway uses it on its `/dav/` route.
 *
 * Apache runs as `apache2 -D FOREGROUND` under a small `sh` watchdog: when the testbed's stdin
 * pipe to it closes (close(), or the Node process dies however it dies), the watchdog sends
 * Apache SIGTERM, so no `apache2` outlives the testbed.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  fchownSync,
  futimesSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { createServer, connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { hostForUrl, messageOf } from './http-util.js';
import { seedTree } from './seed/files.js';

export { FILES_SEED, SEED_OWNERS, seedTree, seedChildren } from './seed/files.js';

/** @typedef {import('./http-util.js').Log} Log */

/** Debian's Apache and its modules (`apt-get install apache2`; `bin/setup.js` does it). */
export const APACHE_BIN = '/usr/sbin/apache2';
export const APACHE_MODULES = '/usr/lib/apache2/modules';

/** The modules the configuration needs (`unixd` is built in). */
const MODULES = Object.freeze([
  ['mpm_event_module', 'mod_mpm_event.so'],
  ['authz_core_module', 'mod_authz_core.so'],
  ['authn_core_module', 'mod_authn_core.so'],
  ['authn_file_module', 'mod_authn_file.so'],
  ['auth_basic_module', 'mod_auth_basic.so'],
  ['authz_user_module', 'mod_authz_user.so'],
  ['alias_module', 'mod_alias.so'],
  ['mime_module', 'mod_mime.so'],
  ['dav_module', 'mod_dav.so'],
  ['dav_fs_module', 'mod_dav_fs.so'],
]);

/** The audience of the tokens the BFF mints for the file picker (one of `BFF_AUDIENCES` in bff.js). */
export const FILES_AUDIENCE = 'files';

/** The realm of Apache's `WWW-Authenticate: Basic`. */
export const WEBDAV_REALM = 'Suite widgets testbed WebDAV';

/** Methods that only read, allowed on `/dav/` and `/dav/public/`. */
const READ_METHODS = 'GET HEAD OPTIONS PROPFIND';

const START_TIMEOUT = 10_000;
const STOP_TIMEOUT = 10_000;

/**
 * An account of the WebDAV server.
 * @typedef {object} WebdavAccount
 * @property {string} username
 * @property {string} password
 * @property {string} [sub] the OIDC subject that maps to this account (bearer tokens)
 */

/**
 * @typedef {WebdavAccount & {home: string, authorization: string}} WebdavUser an account with
 *   its home's URL on Apache (`<url><username>/`) and its `Authorization: Basic …` value
 */

/**
 * @typedef {object} WebdavOptions
 * @property {string} [host] default `127.0.0.1`
 * @property {number} [port] default 0 (a free port)
 * @property {readonly WebdavAccount[]} users the accounts; each gets a home (seeded for `alice` and `bob`)
 * @property {Log} [log]
 * @property {string} [apacheBin] default {@link APACHE_BIN}
 * @property {string} [tmpDir] where the server's temporary directory goes; default {@link defaultTmpDir}
 */

/**
 * @typedef {object} WebdavTimings
 * @property {number} seedMs writing the seed (5,000-file folder included) at start
 * @property {number} apacheMs from spawning Apache to its first answer
 * @property {number} [resetMs] the last `reset()`
 */

/**
 * @typedef {object} WebdavServer
 * @property {string} url the WebDAV root on Apache itself, `http://127.0.0.1:<port>/dav/`
 * @property {string} origin `http://127.0.0.1:<port>`
 * @property {string} dataDir the folder Apache serves as `/dav/` (`<dataDir>/<username>/` are the homes)
 * @property {readonly WebdavUser[]} users
 * @property {(username: string) => WebdavUser | undefined} user
 * @property {() => Promise<void>} reset puts every home back to the seed (lock database cleared too)
 * @property {() => string} errorLog Apache's error log so far
 * @property {WebdavTimings} timings
 * @property {() => Promise<void>} close stops Apache and removes its directory; idempotent
 */

/**
 * `/dev/shm` (tmpfs) when it is there and writable, else the OS temporary directory: creating
 * the seed's 5,000 files takes ~30 ms on tmpfs and seconds on some virtual disks (3.5 s on ext4
 * here).
 * @returns {string}
 */
export function defaultTmpDir() {
  try {
    accessSync('/dev/shm', fsConstants.W_OK | fsConstants.X_OK);
    if (statSync('/dev/shm').isDirectory()) return '/dev/shm';
  } catch {
    // no tmpfs there
  }
  return tmpdir();
}

const TMP_PREFIX = 'suite-testbed-webdav-';
const OWNER_FILE = 'testbed.pid';

/**
 * Removes the directories of WebDAV servers whose testbed process died without cleaning up
 * (killed with SIGKILL; its Apache was stopped by the watchdog). Directories of live processes,
 * or without an owner file yet, are kept.
 * @param {string} parent
 */
function removeStaleDirs(parent) {
  let names;
  try {
    names = readdirSync(parent).filter((name) => name.startsWith(TMP_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(parent, name);
    let pid;
    try {
      pid = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
    } catch {
      continue;
    }
    if (!Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // someone else's, or already gone
    }
  }
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPERM';
  }
}

/**
 * @param {readonly WebdavAccount[]} users
 * @returns {WebdavAccount[]}
 */
function validateUsers(users) {
  if (!Array.isArray(users) || users.length === 0) throw new TypeError('startWebdav needs users: [{username, password, sub?}, …]');
  const seen = new Set();
  return users.map((user) => {
    const { username, password, sub } = user ?? {};
    if (typeof username !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(username)) throw new TypeError(`WebDAV username ${JSON.stringify(username)} must be letters, digits, ".", "_" or "-"`);
    if (username === 'public') throw new TypeError('"public" is the shared folder, not an account');
    if (seen.has(username)) throw new TypeError(`WebDAV username ${username} is given twice`);
    seen.add(username);
    if (typeof password !== 'string' || password === '' || /[\r\n]/.test(password)) throw new TypeError(`WebDAV password of ${username} must be a non-empty single-line string`);
    if (sub !== undefined && typeof sub !== 'string') throw new TypeError(`WebDAV sub of ${username} must be a string`);
    return { username, password, ...(sub !== undefined ? { sub } : {}) };
  });
}

/**
 * uid and gid of `www-data`, when this process is root (Apache's children run as it).
 * @returns {{uid: number, gid: number} | undefined}
 */
function apacheAccount() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('www-data:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('running as root, but there is no www-data account for Apache');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Writes the seed of one home (`owner`) under `dir`, owned by `account` when given, with the
 * seed's modification times.
 * @param {string} dir the home folder (created)
 * @param {string} owner
 * @param {{uid: number, gid: number} | undefined} account
 */
function writeHome(dir, owner, account) {
  const own = (/** @type {string} */ path) => {
    if (account) chownSync(path, account.uid, account.gid);
  };
  mkdirSync(dir, { recursive: true });
  own(dir);
  const entries = seedTree(owner);
  /** @type {{path: string, mtime: Date}[]} */
  const folders = [];
  let newest = 0;
  for (const entry of entries) {
    const path = join(dir, entry.path);
    const mtime = new Date(entry.mtime);
    newest = Math.max(newest, mtime.getTime());
    if (entry.type === 'folder') {
      mkdirSync(path, { recursive: true });
      own(path);
      folders.push({ path, mtime });
      continue;
    }
    const fd = openSync(path, 'w', 0o644);
    try {
      const bytes = entry.bytes();
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      if (account) fchownSync(fd, account.uid, account.gid);
      futimesSync(fd, mtime, mtime);
    } finally {
      closeSync(fd);
    }
  }
  // Children first: writing into a folder changes its mtime.
  for (const { path, mtime } of folders.sort((a, b) => b.path.length - a.path.length)) utimesSync(path, mtime, mtime);
  if (newest > 0) utimesSync(dir, new Date(newest), new Date(newest));
}

/**
 * A free TCP port on `host` (the kernel's choice; Apache cannot take port 0).
 * @param {string} host
 * @returns {Promise<number>}
 */
function freePort(host) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether `host:port` can be bound now (so a busy preferred port falls back like the others).
 * @param {string} host
 * @param {number} port
 * @returns {Promise<void>} rejects with an `EADDRINUSE` error when it is taken
 */
function checkPortFree(host, port) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/**
 * @param {string} message
 * @returns {Error & {code: string}}
 */
function addressInUse(message) {
  return Object.assign(new Error(message), { code: 'EADDRINUSE' });
}

/**
 * The Apache configuration.
 * @param {{root: string, host: string, port: number, users: readonly WebdavAccount[], asRoot: boolean}} options
 */
function httpdConf({ root, host, port, users, asRoot }) {
  const q = (/** @type {string} */ path) => `"${path.replace(/["\\]/g, '\\$&')}"`;
  const dav = join(root, 'dav');
  const listen = host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
  return `# Written by the Suite widgets testbed (packages/testbed/src/webdav.js); removed at stop.
ServerRoot ${q(root)}
DefaultRuntimeDir ${q(join(root, 'run'))}
PidFile ${q(join(root, 'run', 'httpd.pid'))}
ErrorLog ${q(join(root, 'error.log'))}
LogLevel warn
Listen ${listen}
ServerName 127.0.0.1
${MODULES.map(([name, file]) => `LoadModule ${name} ${q(join(APACHE_MODULES, /** @type {string} */ (file)))}`).join('\n')}
${asRoot ? 'User www-data\nGroup www-data' : '# Not root: Apache keeps this account.'}
StartServers 1
ServerLimit 4
ThreadsPerChild 25
MaxRequestWorkers 100
MinSpareThreads 5
MaxSpareThreads 75
Timeout 60
KeepAlive On
MaxKeepAliveRequests 0
TypesConfig /etc/mime.types
DocumentRoot ${q(join(root, 'htdocs'))}
DavLockDB ${q(join(root, 'lock', 'DavLock'))}

<Directory />
    AllowOverride None
    Options None
    Require all denied
</Directory>

Alias /dav ${q(dav)}

<Directory ${q(dav)}>
    Dav On
    Options None
    AllowOverride None
    AuthType Basic
    AuthName ${q(WEBDAV_REALM)}
    AuthBasicProvider file
    AuthUserFile ${q(join(root, 'htpasswd'))}
    # /dav/ itself: listed by every account, changed by none.
    <RequireAll>
        Require valid-user
        Require method ${READ_METHODS}
    </RequireAll>
    # An account refused (bob in alice's home, a write in public/) gets 403, not a new Basic challenge.
    AuthzSendForbiddenOnFailure On
</Directory>

<Directory ${q(join(dav, 'public'))}>
    <RequireAll>
        Require valid-user
        Require method ${READ_METHODS}
    </RequireAll>
</Directory>
${users
  .map(
    (user) => `
<Directory ${q(join(dav, user.username))}>
    Require user ${user.username}
</Directory>`,
  )
  .join('\n')}
`;
}

/**
 * One htpasswd line per account, `{SHA}` (base64 SHA-1) as mod_authn_file accepts.
 * @param {readonly WebdavAccount[]} users
 */
function htpasswd(users) {
  return users.map((user) => `${user.username}:{SHA}${createHash('sha1').update(user.password, 'utf8').digest('base64')}\n`).join('');
}

/**
 * Resolves once Apache answers an HTTP request, rejects when `failed` settles first or after
 * the timeout.
 * @param {string} host
 * @param {number} port
 * @param {Promise<never>} failed
 */
async function waitForApache(host, port, failed) {
  const deadline = Date.now() + START_TIMEOUT;
  const hostname = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host.replace(/^\[|\]$/g, '');
  /** @returns {Promise<boolean>} */
  const tcpOpen = () =>
    new Promise((resolve) => {
      const socket = connect({ host: hostname, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  /** @returns {Promise<boolean>} */
  const answers = () =>
    new Promise((resolve) => {
      const req = httpRequest({ host: hostname, port, path: '/', method: 'HEAD', agent: false, timeout: 2000 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.once('error', () => resolve(false));
      req.once('timeout', () => req.destroy());
      req.end();
    });
  while (Date.now() < deadline) {
    if ((await Promise.race([tcpOpen(), failed])) && (await Promise.race([answers(), failed]))) return;
    await Promise.race([delay(15), failed]);
  }
  throw new Error(`Apache did not answer on ${hostname}:${port} within ${START_TIMEOUT} ms`);
}

/**
 * The watchdog: runs `apache2 "$@"`, and sends it SIGTERM when its stdin reaches end of file.
 * Exits with Apache's status.
 */
const WATCHDOG = `exec 3<&0 0</dev/null
"$0" "$@" 3<&- &
apache=$!
{ cat <&3 >/dev/null; kill -TERM "$apache" 2>/dev/null; } &
exec 3<&-
wait "$apache"`;

/**
 * Starts Apache httpd with mod_dav on `host:port`, the homes seeded.
 * @param {WebdavOptions} options
 * @returns {Promise<WebdavServer>}
 */
export async function startWebdav({ host = '127.0.0.1', port = 0, users: givenUsers, log = () => {}, apacheBin = APACHE_BIN, tmpDir = defaultTmpDir() }) {
  const users = validateUsers(givenUsers);
  if (!existsSync(apacheBin) || !existsSync(join(APACHE_MODULES, 'mod_dav_fs.so'))) {
    throw new Error(`Apache httpd with mod_dav is not installed (${apacheBin}); run "node packages/testbed/bin/setup.js" (apt-get install apache2)`);
  }
  const account = apacheAccount();
  removeStaleDirs(tmpDir);
  const root = await mkdtemp(join(tmpDir, TMP_PREFIX));
  try {
    writeFileSync(join(root, OWNER_FILE), String(process.pid));
    chmodSync(root, 0o755); // Apache's children (www-data) go through it
    for (const dir of ['run', 'htdocs']) mkdirSync(join(root, dir));
    for (const dir of ['lock', 'dav']) {
      mkdirSync(join(root, dir));
      if (account) chownSync(join(root, dir), account.uid, account.gid);
    }
    writeFileSync(join(root, 'htpasswd'), htpasswd(users), { mode: 0o644 });

    const dataDir = join(root, 'dav');
    const owners = [...users.map((user) => user.username), 'public'];
    const seedHomes = () => {
      for (const owner of owners) writeHome(join(dataDir, owner), owner, account);
    };
    const seedStart = performance.now();
    seedHomes();
    const seedMs = performance.now() - seedStart;

    // Apache cannot be asked for a free port: take one from the kernel, retry if it is taken meanwhile.
    const attempts = port === 0 ? 3 : 1;
    /** @type {{child: import('node:child_process').ChildProcess, port: number, apacheMs: number, exited: Promise<void>} | undefined} */
    let running;
    for (let attempt = 1; !running; attempt += 1) {
      const chosen = port === 0 ? await freePort(host) : port;
      if (port !== 0) await checkPortFree(host, port);
      try {
        running = await launch(chosen);
      } catch (error) {
        const retry = attempt < attempts && typeof error === 'object' && error !== null && 'code' in error && error.code === 'EADDRINUSE';
        if (!retry) throw error;
      }
    }
    const { child, exited } = running;
    const origin = `http://${hostForUrl(host)}:${running.port}`;
    const url = `${origin}/dav/`;
    /** @type {WebdavTimings} */
    const timings = { seedMs: Math.round(seedMs), apacheMs: Math.round(running.apacheMs) };

    /** @type {Promise<void>} */
    let resetting = Promise.resolve();
    /** @type {Promise<void> | undefined} */
    let closing;
    const webdavUsers = Object.freeze(
      users.map((user) =>
        Object.freeze({
          ...user,
          home: `${url}${user.username}/`,
          authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`,
        }),
      ),
    );
    log(`webdav: Apache httpd (mod_dav) at ${url}, seed ${timings.seedMs} ms, start ${timings.apacheMs} ms`);
    void exited.then(() => {
      if (!closing) log(`webdav: Apache exited unexpectedly (exit ${child.exitCode ?? child.signalCode}); its error log ends with:\n${readErrorLog(root).split('\n').slice(-10).join('\n')}`);
    });
    return {
      url,
      origin,
      dataDir,
      users: webdavUsers,
      user: (username) => webdavUsers.find((user) => user.username === username),
      timings,
      errorLog: () => readErrorLog(root),
      reset() {
        if (closing) return Promise.reject(new Error('the WebDAV server is closed'));
        // One at a time; a failed reset does not block the next.
        resetting = resetting.catch(() => {}).then(() => {
          const start = performance.now();
          for (const name of readdirSync(dataDir)) rmSync(join(dataDir, name), { recursive: true, force: true });
          for (const name of readdirSync(join(root, 'lock'))) rmSync(join(root, 'lock', name), { recursive: true, force: true });
          seedHomes();
          timings.resetMs = Math.round(performance.now() - start);
        });
        return resetting;
      },
      close: () =>
        (closing ??= (async () => {
          await resetting.catch(() => {});
          await stopApache(child, exited, log);
          await rm(root, { recursive: true, force: true });
        })()),
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true }).catch(() => {});
    throw error;
  }

  /**
   * Writes the configuration for `chosenPort`, spawns Apache and waits until it answers.
   * @param {number} chosenPort
   */
  async function launch(chosenPort) {
    const conf = join(root, 'httpd.conf');
    writeFileSync(conf, httpdConf({ root, host, port: chosenPort, users, asRoot: account !== undefined }));
    rmSync(join(root, 'error.log'), { force: true });
    const started = performance.now();
    // Detached: Ctrl-C in a terminal reaches the testbed, which stops Apache in order.
    const child = spawn('sh', ['-c', WATCHDOG, apacheBin, '-f', conf, '-D', 'FOREGROUND'], { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (/** @type {string} */ chunk) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    child.stdin?.on('error', () => {}); // EPIPE when the watchdog is already gone
    /** @type {Promise<void>} */
    const exited = new Promise((resolve) => {
      child.once('exit', () => {
        child.stdin?.destroy(); // the watchdog's `cat` ends too
        resolve();
      });
    });
    /** @type {Promise<never>} */
    const failed = new Promise((_resolve, reject) => {
      child.once('error', reject);
      void exited.then(() => {
        const report = [stderr.trim(), readErrorLog(root).trim()].filter(Boolean).join('\n');
        const message = `Apache exited at start (exit ${child.exitCode ?? child.signalCode}): ${report || 'no output'}`;
        reject(/Address already in use/i.test(report) ? addressInUse(message) : new Error(message));
      });
    });
    failed.catch(() => {}); // only read while starting
    try {
      await waitForApache(host, chosenPort, failed);
    } catch (error) {
      await stopApache(child, exited, log);
      throw error instanceof Error && /Apache/.test(error.message) ? error : new Error(`Apache did not start: ${messageOf(error)}\n${readErrorLog(root)}`, { cause: error });
    }
    return { child, port: chosenPort, apacheMs: performance.now() - started, exited };
  }
}

/**
 * Apache's error log, or '' when there is none.
 * @param {string} root
 */
function readErrorLog(root) {
  try {
    return readFileSync(join(root, 'error.log'), 'utf8');
  } catch {
    return '';
  }
}

/**
 * Stops Apache: closes the watchdog's stdin (it sends SIGTERM), waits, then kills the whole
 * process group if it is still there.
 * @param {import('node:child_process').ChildProcess} child
 * @param {Promise<void>} exited
 * @param {Log} log
 */
async function stopApache(child, exited, log) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  const waited = new AbortController();
  const timeout = delay(STOP_TIMEOUT, 'timeout', { signal: waited.signal }).catch(() => 'exited');
  const outcome = await Promise.race([exited.then(() => 'exited'), timeout]);
  waited.abort();
  if (outcome === 'exited') return;
  log(`webdav: Apache did not stop within ${STOP_TIMEOUT} ms, killing it`);
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
  await exited;
}

/**
 * @typedef {import('./gateway.js').AuthorizeResult} AuthorizeResult
 */

/**
 * A quoted-string for `WWW-Authenticate` (RFC 9110 §5.6.4).
 * @param {string} value
 */
const quoted = (value) => `"${[...value].map((char) => (char === '"' || char === '\\' || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f ? ' ' : char)).join('')}"`;

/**
 * The gateway hook of the `/dav/` route: a request with `Authorization: Bearer <jwt>` is
 * checked by the verifier; the token's `sub` picks the account, whose Basic credentials go to
 * Apache instead. A bad, expired or foreign token answers 401 with `WWW-Authenticate: Bearer
 * error="invalid_token"`; a good token of someone without an account answers 403. Any other
 * request (Basic, no Authorization) goes to Apache untouched.
 * @param {{verifier: import('./bearer.js').BearerVerifier, users: readonly WebdavUser[], audiences?: readonly string[]}} options
 *   `audiences`: when given, the token's `aud` must contain one of them (e.g. the OIDC resource and the BFF's `files`)
 * @returns {(req: import('node:http').IncomingMessage) => Promise<AuthorizeResult>}
 */
export function createBearerAuthorizer({ verifier, users, audiences }) {
  const json = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
  /** @param {string} description @returns {AuthorizeResult} */
  const invalid = (description) => ({
    ok: false,
    status: 401,
    headers: { ...json, 'WWW-Authenticate': `Bearer realm=${quoted(WEBDAV_REALM)}, error="invalid_token", error_description=${quoted(description)}` },
    body: JSON.stringify({ error: 'invalid_token', error_description: description }),
  });
  return async (req) => {
    const authorization = req.headers.authorization;
    if (!authorization || !/^Bearer\s/i.test(authorization)) return { ok: true };
    const result = await verifier.verify(authorization);
    if (!result.ok) return invalid(result.description);
    const aud = result.claims.aud;
    const tokenAudiences = Array.isArray(aud) ? aud : aud === undefined ? [] : [aud];
    if (audiences && !tokenAudiences.some((value) => audiences.includes(value))) return invalid('the access token is not meant for the file service (audience)');
    const user = users.find((candidate) => candidate.sub !== undefined && candidate.sub === result.claims.sub);
    if (!user) {
      return {
        ok: false,
        status: 403,
        headers: json,
        body: JSON.stringify({ error: 'no_account', error_description: 'no WebDAV account for this subject' }),
      };
    }
    return { ok: true, headers: { authorization: user.authorization } };
  };
}
