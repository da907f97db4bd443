// @ts-check
/**
 * The testbed against itself: services JSON, logos, variants, CDN files, the portal, the
 * gateway's proxying, CORS and every fault. Run with `node --test packages/testbed/test/`.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MALFORMED_BODY,
  SERVICES_SEED,
  startComponents,
  startServicesServer,
  startTestbed,
} from '../src/index.js';
import { logoSvg, VARIANTS } from '../src/seed/services.js';
import { closeServer, listen } from '../src/http-util.js';

const FAKE_SUITE_JS = 'export const fake = true;\n';
const ORIGIN = 'http://storybook.example.test:6006';

/** @type {import('../src/index.js').Testbed} */
let testbed;
/** @type {string} */
let cdnDir;

/**
 * A raw HTTP request (no URL normalisation, unlike fetch).
 * @param {string} base
 * @param {string} path
 * @param {string} [method]
 * @returns {Promise<{status: number, body: string, headers: import('node:http').IncomingHttpHeaders}>}
 */
function rawRequest(base, path, method = 'GET') {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, path, method, agent: false }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * @param {string} url
 * @param {RequestInit} [init]
 */
async function getJson(url, init) {
  const response = await fetch(url, init);
  return { response, body: /** @type {unknown} */ (await response.json()) };
}

/** @param {unknown} value */
const asRecord = (value) => /** @type {Record<string, unknown>} */ (value);

before(async () => {
  cdnDir = await mkdtemp(join(tmpdir(), 'suite-testbed-cdn-'));
  await writeFile(join(cdnDir, 'suite.js'), FAKE_SUITE_JS);
  await writeFile(join(cdnDir, 'suite.js.map'), '{"version":3}');
  testbed = await startTestbed({ cdnDir, log: () => {} });
});

after(async () => {
  await testbed.stop();
  await testbed.stop(); // idempotent
  await rm(cdnDir, { recursive: true, force: true });
});

afterEach(() => testbed.gateway.clearFaults());

describe('seed data', () => {
  it('has about a dozen services with unique ids and small SVG logos', () => {
    assert.ok(SERVICES_SEED.length >= 10);
    assert.equal(new Set(SERVICES_SEED.map((s) => s.id)).size, SERVICES_SEED.length);
    for (const service of SERVICES_SEED) {
      assert.match(service.url, /^https:\/\/[a-z0-9.-]+\.gouv\.fr\//);
      assert.ok(['alpha', 'beta', 'stable'].includes(service.maturity));
      const svg = logoSvg(service.id);
      assert.ok(svg, `logo of ${service.id}`);
      assert.ok(Buffer.byteLength(svg) <= 600, `logo of ${service.id} is ${Buffer.byteLength(svg)} bytes`);
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* viewBox="0 0 48 48"/);
    }
    assert.equal(logoSvg('nope'), undefined);
    assert.equal(logoSvg('__proto__'), undefined);
  });

  it('has the fault variants', () => {
    const invalid = asRecord(VARIANTS.invalidEntries('http://x'));
    const entries = /** @type {Record<string, unknown>[]} */ (invalid.services);
    assert.equal(entries.length, 7);
    assert.equal(entries.filter((e) => typeof e.name !== 'string').length, 1);
    assert.equal(entries.filter((e) => e.url === undefined).length, 1);
    assert.equal(entries.filter((e) => e.url === 'javascript:alert(1)').length, 1);
    assert.deepEqual(VARIANTS.empty('http://x'), { services: [] });
    assert.ok(!('services' in asRecord(VARIANTS.badShape('http://x'))));
  });
});

describe('services server', () => {
  it('serves the services JSON directly and through the gateway', async () => {
    for (const url of [testbed.urls.servicesDirect, testbed.urls.services]) {
      const { response, body } = await getJson(url);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const payload = asRecord(body);
      const services = /** @type {Record<string, unknown>[]} */ (payload.services);
      assert.equal(services.length, SERVICES_SEED.length);
      assert.equal(services[0]?.logo, `${testbed.servicesServer.url}/logos/docs.svg`);
      assert.deepEqual(payload.organization, { name: "Ministère de l'Exemple", type: 'ministry' });
    }
  });

  it('serves logos, and 404 for unknown ones', async () => {
    const logo = await fetch(`${testbed.servicesServer.url}/logos/visio.svg`);
    assert.equal(logo.status, 200);
    assert.equal(logo.headers.get('content-type'), 'image/svg+xml');
    assert.equal(logo.headers.get('access-control-allow-origin'), '*');
    assert.equal(await logo.text(), logoSvg('visio'));
    const missing = await fetch(`${testbed.servicesServer.url}/logos/nope.svg`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  });

  it('serves the variants', async () => {
    const base = testbed.servicesServer.url;
    assert.deepEqual((await getJson(`${base}/api/services-empty`)).body, { services: [] });
    assert.deepEqual((await getJson(`${base}/api/services-bad-shape`)).body, VARIANTS.badShape(base));
    assert.deepEqual((await getJson(`${base}/api/services-invalid-entries`)).body, VARIANTS.invalidEntries(base));
    const hostile = JSON.stringify((await getJson(`${testbed.urls.gateway}/services/api/services-hostile`)).body);
    assert.match(hostile, /<img src=x onerror=alert\(1\)>Docs/);
    assert.match(hostile, /javascript:alert\(1\)/);
    assert.match(hostile, /data:text\/html/);
    const error = await getJson(`${base}/api/services-error`);
    assert.equal(error.response.status, 500);
    assert.deepEqual(error.body, { error: 'internal' });
    const notJson = await fetch(`${base}/api/services-not-json`);
    assert.equal(notJson.status, 200);
    assert.match(notJson.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await notJson.text(), /maintenance/);
  });

  it('answers HEAD, OPTIONS, 405 and 404', async () => {
    const head = await rawRequest(testbed.servicesServer.url, '/api/services', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.ok(Number(head.headers['content-length']) > 100);
    const options = await fetch(testbed.urls.servicesDirect, { method: 'OPTIONS' });
    assert.equal(options.status, 204);
    assert.equal(options.headers.get('access-control-allow-origin'), '*');
    const post = await fetch(testbed.urls.servicesDirect, { method: 'POST', body: '{}' });
    assert.equal(post.status, 405);
    await post.body?.cancel();
    const unknown = await fetch(`${testbed.servicesServer.url}/nope`);
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
  });

  it('serves the CDN folder, refusing paths outside it', async () => {
    const base = testbed.servicesServer.url;
    const js = await fetch(`${base}/cdn/suite.js`);
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await js.text(), FAKE_SUITE_JS);
    const map = await fetch(`${base}/cdn/suite.js.map`);
    assert.match(map.headers.get('content-type') ?? '', /^application\/json/);
    await map.body?.cancel();
    assert.equal((await rawRequest(base, '/cdn/missing.js')).status, 404);
    for (const path of ['/cdn/../package.json', '/cdn/..%2F..%2F..%2Fpackage.json', '/cdn/%2e%2e/%2e%2e/package.json', '/cdn/..%5c..%5cpackage.json', '/cdn/%2Fetc%2Fpasswd']) {
      const answer = await rawRequest(base, path);
      assert.equal(answer.status, 403, `${path} → ${answer.status}`);
    }
  });

  it('says "run npm run build" when the CDN build is missing', async () => {
    const server = await startServicesServer({ cdnDir: join(cdnDir, 'does-not-exist') });
    try {
      const answer = await rawRequest(server.url, '/cdn/suite.js');
      assert.equal(answer.status, 503);
      assert.match(answer.body, /run "npm run build"/);
    } finally {
      await server.close();
    }
  });

  it('serves the portal page with the gateway URL filled in', async () => {
    const response = await fetch(testbed.urls.portal);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const html = await response.text();
    assert.match(html, /<html lang="fr" data-fr-theme="light">/);
    assert.ok(html.includes('<script type="module" src="/cdn/suite.js"></script>'));
    assert.ok(html.includes(`services-url="${testbed.urls.gateway}/services/api/services"`));
    assert.ok(html.includes(`'${testbed.urls.gateway}'`));
    assert.ok(html.includes('class="lasuite-gaufre-btn"'));
    assert.ok(!html.includes('{{'), 'every placeholder is replaced');
  });
});

describe('gateway', () => {
  it('reflects the Origin with credentials and answers preflights itself', async () => {
    const preflight = await fetch(testbed.urls.services, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'PROPFIND', 'Access-Control-Request-Headers': 'authorization, depth' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /PROPFIND/);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /REPORT/);
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization, depth');
    assert.equal(preflight.headers.get('access-control-max-age'), '600');
    assert.match(preflight.headers.get('access-control-expose-headers') ?? '', /ETag.*DAV.*Retry-After/);

    const get = await fetch(testbed.urls.services, { headers: { Origin: ORIGIN } });
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('access-control-allow-origin'), ORIGIN, 'the backend\'s "*" is replaced');
    assert.equal(get.headers.get('access-control-allow-credentials'), 'true');
    assert.match(get.headers.get('vary') ?? '', /Origin/);
    await get.body?.cancel();
  });

  it('answers 502 for an unknown prefix and for a backend that is down', async () => {
    const noRoute = await getJson(`${testbed.urls.gateway}/nowhere/x`);
    assert.equal(noRoute.response.status, 502);
    assert.equal(asRecord(noRoute.body).error, 'no route');

    const closed = createServer();
    const deadUrl = await listen(closed, '127.0.0.1', 0);
    await closeServer(closed);
    testbed.gateway.addRoute('/dead/', deadUrl);
    try {
      const down = await getJson(`${testbed.urls.gateway}/dead/x`, { headers: { Origin: ORIGIN } });
      assert.equal(down.response.status, 502);
      assert.equal(down.response.headers.get('access-control-allow-origin'), ORIGIN);
    } finally {
      testbed.gateway.removeRoute('/dead/');
    }
  });

  it('streams bodies both ways, maps redirects, and survives clients and backends that go away', async () => {
    /** @type {string[]} */
    const seen = [];
    let upstreamClosed = false;
    const backend = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} host=${req.headers.host} prefix=${String(req.headers['x-forwarded-prefix'])} conn=${String(req.headers['proxy-connection'])}`);
      if (req.url === '/base/echo') {
        res.writeHead(200, { 'Content-Type': 'text/plain', ETag: '"v1"', 'Access-Control-Allow-Origin': 'http://wrong.test' });
        req.pipe(res);
      } else if (req.url === '/base/moved') {
        res.writeHead(301, { Location: `http://${String(req.headers.host)}/base/echo` }).end();
      } else if (req.url === '/base/hang') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write('partial');
        res.once('close', () => {
          upstreamClosed = true;
        });
      } else {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write('half');
        setTimeout(() => res.socket?.destroy(), 20);
      }
    });
    const backendUrl = await listen(backend, '127.0.0.1', 0);
    testbed.gateway.addRoute('/echo-backend', `${backendUrl}/base`);
    try {
      const echo = await fetch(`${testbed.urls.gateway}/echo-backend/echo`, {
        method: 'PROPFIND',
        body: '<propfind/>',
        headers: { Origin: ORIGIN, 'Proxy-Connection': 'keep-alive' },
      });
      assert.equal(echo.status, 200);
      assert.equal(await echo.text(), '<propfind/>');
      assert.equal(echo.headers.get('etag'), '"v1"');
      assert.equal(echo.headers.get('access-control-allow-origin'), ORIGIN);
      const backendHost = new URL(backendUrl).host;
      assert.equal(seen[0], `PROPFIND /base/echo host=${backendHost} prefix=/echo-backend conn=undefined`);

      const moved = await fetch(`${testbed.urls.gateway}/echo-backend/moved`, { redirect: 'manual' });
      assert.equal(moved.status, 301);
      assert.equal(moved.headers.get('location'), `${testbed.urls.gateway}/echo-backend/echo`);

      // The client gives up mid-body: the gateway lets go of the backend and keeps working.
      const controller = new AbortController();
      const hanging = await fetch(`${testbed.urls.gateway}/echo-backend/hang`, { signal: controller.signal });
      assert.equal(hanging.status, 200);
      controller.abort();
      await assert.rejects(hanging.text());
      for (let i = 0; i < 50 && !upstreamClosed; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.ok(upstreamClosed, 'the backend request was cancelled too');

      // The backend dies mid-body: the client sees an error, the gateway lives on.
      const broken = await fetch(`${testbed.urls.gateway}/echo-backend/broken`);
      await assert.rejects(broken.text());
      assert.equal((await fetch(`${testbed.urls.gateway}/__testbed/health`)).status, 200);
    } finally {
      testbed.gateway.removeRoute('/echo-backend');
      await closeServer(backend);
    }
  });
});

describe('faults', () => {
  const services = () => testbed.urls.services;

  it('status: answers it with {"error":"injected"} and Retry-After', async () => {
    testbed.gateway.addFault({ status: 503, retryAfter: 7 });
    const { response, body } = await getJson(services(), { headers: { Origin: ORIGIN } });
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('retry-after'), '7');
    assert.equal(response.headers.get('access-control-allow-origin'), ORIGIN);
    assert.deepEqual(body, { error: 'injected' });
  });

  it('latency: delays the answer', async () => {
    testbed.gateway.addFault({ latency: 250 });
    const start = performance.now();
    const response = await fetch(services());
    await response.json();
    assert.equal(response.status, 200);
    assert.ok(performance.now() - start >= 240, `took ${performance.now() - start} ms`);
  });

  it('latency: a client that gives up while waiting does not hurt the gateway', async () => {
    testbed.gateway.addFault({ latency: 2000, path: '/services/api/services' });
    await assert.rejects(fetch(services(), { signal: AbortSignal.timeout(50) }));
    testbed.gateway.clearFaults();
    assert.equal((await fetch(services())).status, 200);
  });

  it('drop: the connection closes without an answer', async () => {
    testbed.gateway.addFault({ drop: true });
    await assert.rejects(fetch(services()), TypeError);
  });

  it('malformed: 200 with JSON that does not parse', async () => {
    testbed.gateway.addFault({ malformed: true });
    const response = await fetch(services());
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const text = await response.text();
    assert.equal(text, MALFORMED_BODY);
    assert.throws(() => JSON.parse(text), SyntaxError);
  });

  it('body and contentType: answers the given body', async () => {
    testbed.gateway.addFault({ body: '{"services":[{"name":"Seul","url":"https://seul.gouv.fr/"}]}' });
    assert.deepEqual((await getJson(services())).body, { services: [{ name: 'Seul', url: 'https://seul.gouv.fr/' }] });
    testbed.gateway.addFault({ body: '<p>oops</p>', contentType: 'text/html', status: 502 });
    const html = await fetch(services());
    assert.equal(html.status, 502);
    assert.equal(html.headers.get('content-type'), 'text/html');
    assert.equal(await html.text(), '<p>oops</p>');
  });

  it('times: applies N times, then removes itself', async () => {
    testbed.gateway.addFault({ status: 500, times: 1 });
    const first = await fetch(services());
    assert.equal(first.status, 500);
    await first.body?.cancel();
    const second = await fetch(services());
    assert.equal(second.status, 200);
    await second.body?.cancel();
    assert.deepEqual(testbed.gateway.listFaults(), []);
  });

  it('path: only matching paths; the newest matching fault wins', async () => {
    testbed.gateway.addFault({ status: 500 });
    testbed.gateway.addFault({ status: 418, path: '/services/api/services-empty' });
    const empty = await fetch(`${testbed.urls.gateway}/services/api/services-empty`);
    assert.equal(empty.status, 418);
    await empty.body?.cancel();
    const other = await fetch(services());
    assert.equal(other.status, 500);
    await other.body?.cancel();
    testbed.gateway.clearFaults();
    const cleared = await fetch(services());
    assert.equal(cleared.status, 200);
    await cleared.body?.cancel();
  });

  it('is driven over HTTP from another origin', async () => {
    const control = `${testbed.urls.gateway}/__testbed/faults`;
    const preflight = await fetch(control, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), ORIGIN);

    const created = await getJson(control, {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: '/services/', status: 500 }),
    });
    assert.equal(created.response.status, 201);
    assert.equal(created.response.headers.get('access-control-allow-origin'), ORIGIN);
    const id = asRecord(created.body).id;
    assert.equal(typeof id, 'string');

    const listed = asRecord((await getJson(control)).body);
    assert.deepEqual(listed.faults, [{ id, path: '/services/', status: 500, applied: 0 }]);
    const faulty = await fetch(services());
    assert.equal(faulty.status, 500);
    await faulty.body?.cancel();

    const removed = await fetch(`${control}/${String(id)}`, { method: 'DELETE' });
    assert.equal(removed.status, 204);
    const again = await fetch(`${control}/${String(id)}`, { method: 'DELETE' });
    assert.equal(again.status, 404);
    await again.body?.cancel();

    await fetch(control, { method: 'POST', body: '{"latency": 1}' }).then((r) => r.body?.cancel());
    const cleared = await fetch(control, { method: 'DELETE' });
    assert.equal(cleared.status, 204);
    assert.deepEqual(testbed.gateway.listFaults(), []);

    for (const bad of ['not json', '[]', '{"status": "500"}', '{"nope": true}', '{"path": "services"}']) {
      const rejected = await getJson(control, { method: 'POST', body: bad });
      assert.equal(rejected.response.status, 400, bad);
      assert.equal(asRecord(rejected.body).error, 'bad fault');
    }
    const health = await getJson(`${testbed.urls.gateway}/__testbed/health`);
    assert.equal(asRecord(health.body).ok, true);
  });
});

describe('lifecycle', () => {
  it('falls back to a free port when the preferred one is busy', async () => {
    const busyPort = Number(new URL(testbed.servicesServer.url).port);
    /** @type {string[]} */
    const logs = [];
    const second = await startTestbed({ cdnDir, ports: { services: busyPort }, log: (message) => logs.push(message) });
    try {
      assert.notEqual(second.servicesServer.url, testbed.servicesServer.url);
      assert.ok(logs.some((line) => line.includes(`port ${busyPort} is busy`)));
      assert.equal((await fetch(second.urls.services)).status, 200);
    } finally {
      await second.stop();
    }
  });

  it('stops what started when a later component fails, and names it', async () => {
    /** @type {string[]} */
    const events = [];
    const ok = (/** @type {string} */ name) => ({
      name,
      start: async () => {
        events.push(`start ${name}`);
        return async () => {
          events.push(`stop ${name}`);
        };
      },
    });
    await assert.rejects(
      startComponents([ok('a'), ok('b'), { name: 'broken thing', start: () => Promise.reject(new Error('boom')) }], () => {}),
      /could not start the broken thing: boom/,
    );
    assert.deepEqual(events, ['start a', 'start b', 'stop b', 'stop a']);
  });

  it('closes idle keep-alive connections on stop', async () => {
    const other = await startTestbed({ cdnDir, log: () => {} });
    const pooled = await fetch(other.urls.services); // leaves a keep-alive socket in fetch's pool
    await pooled.body?.cancel();
    const started = performance.now();
    await other.stop();
    assert.ok(performance.now() - started < 1000);
    await assert.rejects(fetch(other.urls.servicesDirect));
    assert.equal(other.servicesServer.server.listening, false);
    assert.equal(other.gateway.server.listening, false);
  });
});
