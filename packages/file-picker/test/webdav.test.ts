import { expect, waitUntil } from '@open-wc/testing';
import { SuiteError } from '@suite-widgets/core';
import { DavClient, validateName, xhrSendWithProgress } from '../src/webdav/index.js';
import type { DavClientOptions, ProgressResponse } from '../src/webdav/index.js';
import { parseMultistatus, scanMultistatus } from '../src/webdav/multistatus.js';
import { readMultistatus } from '../src/webdav/multistatus-dom.js';
import { FakeDav, davAnswer, fakeFetch, fakeTransport, multistatus, statusAnswer } from './webdav-fakes.js';
import type { Answer, FakeEntry, SeenRequest } from './webdav-fakes.js';

const ORIGIN = 'https://dav.example';
const ROOT = `${ORIGIN}/dav/`;

/** The error a promise rejects with (a value it resolves with fails the test). */
async function caught(pending: Promise<unknown>): Promise<SuiteError> {
  try {
    await pending;
  } catch (error) {
    if (error instanceof SuiteError) return error;
    throw new Error(`not a SuiteError: ${String(error)}`);
  }
  throw new Error('resolved instead of rejecting');
}

/** Captures console.warn while `run` runs. */
async function captureWarnings<T>(run: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const original = console.warn;
  const warnings: string[] = [];
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
  try {
    return { result: await run(), warnings };
  } finally {
    console.warn = original;
  }
}

/** A client over a fake fetch; `retryDelay: 1` keeps retried statuses fast. */
function clientWith(handler: (request: SeenRequest) => Answer | Promise<Answer>, options: Partial<DavClientOptions> = {}) {
  const fake = fakeFetch(handler);
  const client = new DavClient({ root: ROOT, fetch: fake.fetch, retryDelay: 1, ...options });
  return { client, requests: fake.requests };
}

const listing = (entries: FakeEntry[], prefix?: string) => () => davAnswer(multistatus(entries, prefix));

const folderSelf: FakeEntry = { href: '/dav/', folder: true, modified: 'Tue, 01 Apr 2025 10:00:00 GMT', etag: '"root"' };

describe('validateName', () => {
  it('accepts ordinary names, accents, emoji and spaces inside', () => {
    for (const name of ['Rapport.pdf', 'Été 2025', '📄 notes.txt', '.hidden', 'a..b', '...']) expect(validateName(name), name).to.equal(null);
  });

  it('names the problem', () => {
    expect(validateName('')).to.equal('empty');
    expect(validateName('   ')).to.equal('empty');
    expect(validateName('.')).to.equal('dots');
    expect(validateName('..')).to.equal('dots');
    expect(validateName('a/b')).to.equal('slash');
    expect(validateName('a\\b')).to.equal('slash');
    expect(validateName('a\nb')).to.equal('control');
    expect(validateName('a\u0000b')).to.equal('control');
    expect(validateName('a\u007fb')).to.equal('control');
    expect(validateName('x'.repeat(255))).to.equal(null);
    expect(validateName('x'.repeat(256))).to.equal('too-long');
    // 255 bytes is the limit, not 255 characters: 128 × 'é' is 256 bytes.
    expect(validateName('é'.repeat(128))).to.equal('too-long');
  });
});

describe('DavClient paths', () => {
  it('normalizes the root', () => {
    expect(new DavClient({ root: 'https://dav.example/dav' }).root).to.equal(ROOT);
    expect(new DavClient({ root: 'https://dav.example/dav/?x=1#y' }).root).to.equal(ROOT);
    expect(() => new DavClient({ root: 'ftp://dav.example/' })).to.throw(SuiteError);
  });

  it('resolves relative paths, encoded, folders with a slash', () => {
    const client = new DavClient({ root: ROOT });
    expect(client.resolve('')).to.equal(ROOT);
    expect(client.resolve('/', true)).to.equal(ROOT);
    expect(client.resolve('Docs/Été 2025', true)).to.equal(`${ROOT}Docs/%C3%89t%C3%A9%202025/`);
    expect(client.resolve('/Docs/#1 ?.txt')).to.equal(`${ROOT}Docs/%231%20%3F.txt`);
    expect(client.resolve('📄.txt')).to.equal(`${ROOT}%F0%9F%93%84.txt`);
    expect(() => client.resolve('Docs/../..')).to.throw(SuiteError);
  });

  it('gives decoded paths relative to the root, and refuses URLs outside it', () => {
    const client = new DavClient({ root: ROOT });
    expect(client.relativePath(ROOT)).to.equal('');
    expect(client.relativePath(`${ORIGIN}/dav`)).to.equal('');
    expect(client.relativePath(`${ROOT}Docs/%C3%89t%C3%A9%202025/`)).to.equal('Docs/Été 2025');
    expect(client.relativePath(client.resolve('a b/c', true))).to.equal('a b/c');
    for (const outside of [`${ORIGIN}/`, `${ORIGIN}/davx/file`, 'https://evil.example/dav/x', `${ROOT}../etc`]) {
      let error: unknown;
      try {
        client.relativePath(outside);
      } catch (e) {
        error = e;
      }
      expect(error, outside).to.be.instanceOf(SuiteError);
      expect((error as SuiteError).kind, outside).to.equal('config');
    }
  });

  it('refuses URLs under the root whose segments hide a slash, a backslash or a dot segment, and sends nothing', async () => {
    const { client, requests } = clientWith(listing([folderSelf]));
    const hidden = [
      `${ROOT}alice/..%2Fbob%2Fsecret.txt`,
      `${ROOT}alice/..%5Cbob`,
      `${ROOT}alice/%2e%2e%2fbob/x`,
      `${ROOT}alice/%2E%2E%5Cbob/x`,
      `${ROOT}a%2Fb/`,
      `${ROOT}a%5Cb.txt`,
      `${ROOT}alice//x`,
    ];
    for (const url of hidden) {
      let error: unknown;
      try {
        client.relativePath(url);
      } catch (e) {
        error = e;
      }
      expect(error, url).to.be.instanceOf(SuiteError);
      expect((error as SuiteError).kind, url).to.equal('config');
      expect((await caught(client.list(url))).kind, url).to.equal('config');
      expect((await caught(client.download(url))).kind, url).to.equal('config');
      expect((await caught(client.createFolder(url, 'x'))).kind, url).to.equal('config');
    }
    expect(requests).to.have.length(0);
    // Plain names with dots and encoded characters other than '/' and '\' are fine.
    expect(client.relativePath(`${ROOT}alice/..bob/a..b%20c.txt`)).to.equal('alice/..bob/a..b c.txt');
  });
});

describe('DavClient.list (PROPFIND)', () => {
  it('sends Depth 1 and an explicit propfind body', async () => {
    const { client, requests } = clientWith(listing([folderSelf]));
    await client.list(ROOT);
    const [request] = requests;
    expect(request.method).to.equal('PROPFIND');
    expect(request.url).to.equal(ROOT);
    expect(request.headers['depth']).to.equal('1');
    expect(request.headers['content-type']).to.equal('application/xml; charset=utf-8');
    const body = new DOMParser().parseFromString(request.body as string, 'application/xml');
    expect(body.documentElement.localName).to.equal('propfind');
    expect(body.documentElement.namespaceURI).to.equal('DAV:');
    const asked = [...body.getElementsByTagNameNS('DAV:', 'prop')[0].children].map((element) => `${element.namespaceURI}${element.localName}`);
    expect(asked).to.have.members(['DAV:resourcetype', 'DAV:getcontentlength', 'DAV:getcontenttype', 'DAV:getetag', 'DAV:getlastmodified', 'DAV:displayname']);
  });

  it('reads files and folders, whatever the prefix, the folder itself wherever it is', async () => {
    for (const prefix of ['d', 'D', 'lp1', '']) {
      const { client } = clientWith(
        listing(
          [
            { href: '/dav/Docs/a.txt', folder: false, size: 12, type: 'text/plain', modified: 'Wed, 02 Apr 2025 08:30:00 GMT', etag: '"e1"' },
            { href: '/dav/Docs/', folder: true, modified: 'Tue, 01 Apr 2025 10:00:00 GMT', etag: '"docs"' },
            { href: '/dav/Docs/Sub/', folder: true, etag: '"sub"' },
          ],
          prefix,
        ),
      );
      const { folder, children } = await client.list(`${ROOT}Docs`);
      expect(folder, prefix).to.deep.equal({
        href: `${ROOT}Docs/`,
        name: 'Docs',
        isFolder: true,
        size: undefined,
        type: '',
        lastModified: Date.UTC(2025, 3, 1, 10),
        etag: '"docs"',
      });
      expect(children, prefix).to.deep.equal([
        { href: `${ROOT}Docs/a.txt`, name: 'a.txt', isFolder: false, size: 12, type: 'text/plain', lastModified: Date.UTC(2025, 3, 2, 8, 30), etag: '"e1"' },
        { href: `${ROOT}Docs/Sub/`, name: 'Sub', isFolder: true, size: undefined, type: '', lastModified: undefined, etag: '"sub"' },
      ]);
    }
  });

  it('ignores properties of a propstat that is not 200, and responses with an error status', async () => {
    const xml = `<?xml version="1.0"?>
      <x:multistatus xmlns:x="DAV:" xmlns:o="http://example.com/other">
        <x:response><x:href>/dav/</x:href><x:propstat><x:prop><x:resourcetype><x:collection/></x:resourcetype></x:prop><x:status>HTTP/1.1 200 OK</x:status></x:propstat></x:response>
        <x:response>
          <x:href>/dav/f.bin</x:href>
          <x:propstat><x:prop><x:getcontentlength>999</x:getcontentlength><x:getcontenttype>text/evil</x:getcontenttype></x:prop><x:status>HTTP/1.1 404 Not Found</x:status></x:propstat>
          <x:propstat><x:prop><x:resourcetype/><x:getetag>"f"</x:getetag><o:getcontentlength>5</o:getcontentlength></x:prop><x:status>HTTP/1.1 200 OK</x:status></x:propstat>
          <x:propstat><x:prop><x:displayname>forbidden name</x:displayname></x:prop><x:status>HTTP/1.1 403 Forbidden</x:status></x:propstat>
        </x:response>
        <x:response><x:href>/dav/gone.txt</x:href><x:status>HTTP/1.1 404 Not Found</x:status></x:response>
      </x:multistatus>`;
    const { client } = clientWith(() => davAnswer(xml));
    const { children } = await client.list(ROOT);
    expect(children).to.deep.equal([{ href: `${ROOT}f.bin`, name: 'f.bin', isFolder: false, size: undefined, type: '', lastModified: undefined, etag: '"f"' }]);
  });

  it('decodes names (accents, emoji, HTML, malformed escapes) and keeps the hrefs encoded', async () => {
    const { client } = clientWith(
      listing([
        folderSelf,
        { href: '/dav/%F0%9F%93%84%20r%C3%A9sum%C3%A9.pdf', folder: false },
        { href: '/dav/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.html', folder: false },
        { href: '/dav/%E9t%E9.txt', folder: false },
        { href: '/dav/100%25 sûr/', folder: true },
        { href: `${ORIGIN}/dav/absolute.txt`, folder: false },
      ]),
    );
    const { children } = await client.list(ROOT);
    expect(children.map((child) => [child.name, child.href])).to.deep.equal([
      ['📄 résumé.pdf', `${ROOT}%F0%9F%93%84%20r%C3%A9sum%C3%A9.pdf`],
      ['<img src=x onerror=alert(1)>.html', `${ROOT}%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.html`],
      ['%E9t%E9.txt', `${ROOT}%E9t%E9.txt`],
      ['100% sûr', `${ROOT}100%25%20s%C3%BBr/`],
      ['absolute.txt', `${ROOT}absolute.txt`],
    ]);
  });

  it('drops resources outside the folder (other origin, ../, deeper, siblings) and warns once with the count', async () => {
    const { client } = clientWith(
      listing([
        { href: '/dav/Docs/', folder: true },
        { href: '/dav/Docs/ok.txt', folder: false },
        { href: 'https://evil.example/dav/Docs/x.txt', folder: false },
        { href: '/dav/Docs/../secret.txt', folder: false },
        { href: '/dav/Docs/%2e%2e/secret2.txt', folder: false },
        { href: '../../etc/passwd', folder: false },
        { href: '/dav/Docs/a/b/deep.txt', folder: false },
        { href: '/dav/Docsx/sibling.txt', folder: false },
        { href: '/dav/Docs/a%2Fb.txt', folder: false },
        { href: '/dav/', folder: true },
        { href: '/dav/Docs/ok.txt', folder: false },
      ]),
    );
    const { result, warnings } = await captureWarnings(() => client.list(`${ROOT}Docs/`));
    expect(result.children.map((child) => child.href)).to.deep.equal([`${ROOT}Docs/ok.txt`]);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('8 resources');
  });

  it('names every resource from its href, never from its display name (x.exe cannot pass for x.pdf)', async () => {
    const { client } = clientWith(
      listing([
        { ...folderSelf, href: '/dav/Docs/', displayname: 'Mes documents' },
        { href: '/dav/Docs/x.exe', folder: false, displayname: 'x.pdf' },
        { href: '/dav/Docs/a.txt', folder: false, displayname: 'Nice name.txt' },
        { href: '/dav/Docs/b.txt', folder: false, displayname: '' },
        { href: '/dav/Docs/c.txt', folder: false, displayname: '../../other/file.txt' },
        { href: '/dav/Docs/R%C3%A9sum%C3%A9/', folder: true, displayname: 'invoice.pdf' },
      ]),
    );
    const { folder, children } = await client.list(`${ROOT}Docs/`);
    expect(folder.name).to.equal('Docs');
    expect(children.map((child) => child.name)).to.deep.equal(['x.exe', 'a.txt', 'b.txt', 'c.txt', 'Résumé']);
    const search = clientWith(listing([{ href: '/dav/Docs/x.exe', folder: false, displayname: 'x.pdf' }]));
    expect((await search.client.search(ROOT, 'x')).map((resource) => resource.name)).to.deep.equal(['x.exe']);
  });

  it('copes with missing or bad properties', async () => {
    const { client } = clientWith(
      listing([
        folderSelf,
        { href: '/dav/bare.txt' },
        { href: '/dav/bare-folder/' },
        { href: '/dav/bad.txt', folder: false, size: '-1', modified: 'not a date' },
        { href: '/dav/huge.iso', folder: false, size: '99999999999999999999' },
        { href: '/dav/frac.bin', folder: false, size: '1.5' },
        { href: '/dav/folder-with-size/', folder: true, size: 4096, type: 'httpd/unix-directory' },
      ]),
    );
    const { children } = await client.list(ROOT);
    const byName = Object.fromEntries(children.map((child) => [child.name, child]));
    expect(byName['bare.txt']).to.deep.include({ isFolder: false, size: undefined, type: '', lastModified: undefined, etag: undefined });
    expect(byName['bare-folder']).to.deep.include({ isFolder: true, href: `${ROOT}bare-folder/` });
    expect(byName['bad.txt']).to.deep.include({ size: undefined, lastModified: undefined });
    expect(byName['huge.iso'].size).to.equal(undefined);
    expect(byName['frac.bin'].size).to.equal(undefined);
    expect(byName['folder-with-size']).to.deep.include({ size: undefined, type: '' });
  });

  it('describes the folder even when the server leaves it out', async () => {
    const { client } = clientWith(listing([{ href: '/dav/Docs/a.txt', folder: false }]));
    const { folder, children } = await client.list(`${ROOT}Docs/`);
    expect(folder).to.deep.include({ href: `${ROOT}Docs/`, name: 'Docs', isFolder: true });
    expect(children).to.have.length(1);
    // …or describes it without a resourcetype and without its trailing slash.
    const bare = clientWith(listing([{ href: '/dav/Docs', etag: '"d"' }, { href: '/dav/Docs/a.txt', folder: false }]));
    const listed = await bare.client.list(`${ROOT}Docs/`);
    expect(listed.folder).to.deep.include({ href: `${ROOT}Docs/`, name: 'Docs', isFolder: true, etag: '"d"' });
    expect(listed.children).to.have.length(1);
  });

  it('parses a 5,000-entry folder quickly', async () => {
    /** Nextcloud-like answers, every property in a 200 propstat: short names (~1.5 MB), long accented ones (~2.2 MB). */
    const fixture = (long: boolean) => {
      const entries: FakeEntry[] = [{ href: '/dav/big/', folder: true, etag: '"big"', displayname: 'big' }];
      for (let index = 0; index < 5000; index++) {
        const name = long ? `Document n°${index} - résumé.pdf` : `Rapport ${index}.pdf`;
        entries.push({
          href: `/dav/big/${encodeURIComponent(name)}`,
          folder: false,
          size: 1000 + index,
          type: 'application/pdf',
          modified: 'Wed, 02 Apr 2025 08:30:00 GMT',
          etag: `"${index.toString(16).padStart(long ? 32 : 16, '0')}"`,
          displayname: name,
        });
      }
      return multistatus(entries);
    };
    // A warm-up, as the widget's second folder would have.
    await parseMultistatus(fixture(false), `${ROOT}big/`);
    const figures: string[] = [];
    for (const long of [false, true]) {
      const xml = fixture(long);
      const { client } = clientWith(() => davAnswer(xml));
      const started = performance.now();
      const { children } = await client.list(`${ROOT}big/`);
      const elapsed = performance.now() - started;
      const parseStarted = performance.now();
      new DOMParser().parseFromString(xml, 'application/xml');
      const domParser = performance.now() - parseStarted;
      expect(children).to.have.length(5000);
      expect(children[4999].name).to.equal(long ? 'Document n°4999 - résumé.pdf' : 'Rapport 4999.pdf');
      figures.push(`${(xml.length / 1024 / 1024).toFixed(2)} MB: list() ${elapsed.toFixed(0)} ms (DOMParser alone ${domParser.toFixed(0)} ms)`);
    }
    console.log(`[webdav] 5,000 entries, from the answer to the rows — ${figures.join('; ')}`);
  });

  it('calls anything but a 207 multistatus a protocol error naming the URL', async () => {
    const cases: [string, () => Response][] = [
      ['malformed XML', () => davAnswer('<d:multistatus xmlns:d="DAV:"><d:response>')],
      ['HTML with 207', () => new Response('<!doctype html><html><body>Login</body></html>', { status: 207, headers: { 'Content-Type': 'text/html' } })],
      ['HTML login page with 200', () => new Response('<!doctype html><html><body>Login</body></html>', { status: 200, headers: { 'Content-Type': 'text/html' } })],
      ['multistatus with 200', () => davAnswer(multistatus([folderSelf]), 200)],
      ['another root', () => davAnswer('<?xml version="1.0"?><d:error xmlns:d="DAV:"/>')],
      ['multistatus outside DAV:', () => davAnswer('<?xml version="1.0"?><multistatus/>')],
      ['empty body', () => davAnswer('')],
    ];
    for (const [what, answer] of cases) {
      const { client } = clientWith(answer);
      const error = await caught(client.list(`${ROOT}Docs/`));
      expect(error.kind, what).to.equal('protocol');
      expect(error.message, what).to.contain(`${ROOT}Docs/`);
      if (what === 'malformed XML') expect(error.message).to.contain('not well-formed');
    }
  });

  it('maps statuses to error kinds, with the status', async () => {
    const cases: [number, string][] = [
      [403, 'forbidden'],
      [404, 'not-found'],
      [507, 'server'],
      [500, 'server'],
    ];
    for (const [status, kind] of cases) {
      const { client } = clientWith(() => statusAnswer(status));
      const error = await caught(client.list(ROOT));
      expect(error.kind, String(status)).to.equal(kind);
      expect(error.status, String(status)).to.equal(status);
    }
  });

  it('retries a 503 (an idempotent PROPFIND) and succeeds', async () => {
    let calls = 0;
    const { client } = clientWith(() => (++calls === 1 ? statusAnswer(503) : davAnswer(multistatus([folderSelf]))));
    await client.list(ROOT);
    expect(calls).to.equal(2);
  });

  it('refuses folders outside the root without sending anything', async () => {
    const { client, requests } = clientWith(listing([folderSelf]));
    expect((await caught(client.list('https://evil.example/dav/'))).kind).to.equal('config');
    expect((await caught(client.list(`${ORIGIN}/other/`))).kind).to.equal('config');
    expect(requests).to.have.length(0);
  });

  it('cancels: a signal aborted while waiting is an aborted error', async () => {
    const { client } = clientWith(() => 'hang');
    const controller = new AbortController();
    const pending = client.list(ROOT, { signal: controller.signal });
    controller.abort();
    expect((await caught(pending)).kind).to.equal('aborted');
  });

  /** A 207 whose headers arrive, then a first piece of body, then nothing. */
  const stalledAnswer = () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start: (controller) => controller.enqueue(new TextEncoder().encode('<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">')),
      }),
      { status: 207, headers: { 'Content-Type': 'application/xml' } },
    );

  it('a multistatus body that stalls is a timeout, retried like a missing answer', async () => {
    const stalled = clientWith(stalledAnswer, { timeout: 50 });
    const started = performance.now();
    const error = await caught(stalled.client.list(ROOT));
    expect(error.kind).to.equal('timeout');
    expect(error.message).to.contain(ROOT);
    // PROPFIND is idempotent: the first attempt and two retries.
    expect(stalled.requests).to.have.length(3);
    expect(performance.now() - started).to.be.lessThan(2000);

    let calls = 0;
    const once = clientWith(() => (++calls === 1 ? stalledAnswer() : davAnswer(multistatus([folderSelf, { href: '/dav/a.txt', folder: false }]))), { timeout: 50 });
    expect((await once.client.list(ROOT)).children.map((child) => child.name)).to.deep.equal(['a.txt']);
    expect(once.requests).to.have.length(2);

    // SEARCH is sent once: its stalled body is a timeout at once.
    const search = clientWith(stalledAnswer, { timeout: 50 });
    expect((await caught(search.client.search(ROOT, 'x'))).kind).to.equal('timeout');
    expect(search.requests).to.have.length(1);
  });

  it('cancels while the body stalls', async () => {
    const { client, requests } = clientWith(stalledAnswer);
    const controller = new AbortController();
    const pending = client.list(ROOT, { signal: controller.signal });
    await waitUntil(() => requests.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    expect((await caught(pending)).kind).to.equal('aborted');
    expect(requests).to.have.length(1);
  });
});

describe('the multistatus scanner', () => {
  const url = 'https://dav.example.test/files/alice/';
  const dom = (text: string) => readMultistatus(new DOMParser().parseFromString(text, 'application/xml'), url);
  const response = (href: string, props: string, status = 'HTTP/1.1 200 OK') =>
    `<D:response><D:href>${href}</D:href><D:propstat><D:prop>${props}</D:prop><D:status>${status}</D:status></D:propstat></D:response>`;
  const doc = (body: string, declarations = 'xmlns:D="DAV:"') => `<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus ${declarations}>${body}</D:multistatus>`;

  const readable = {
    'Apache: prefixes declared on each response, 404 propstats': doc(
      `<D:response xmlns:lp1="DAV:" xmlns:g0="DAV:"><D:href>/files/alice/</D:href><D:propstat><D:prop><lp1:resourcetype><D:collection/></lp1:resourcetype></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat><D:propstat><D:prop><g0:getcontentlength/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat></D:response>` +
        `<D:response xmlns:lp1="DAV:"><D:href>/files/alice/pi%c3%a8ce.txt</D:href><D:propstat><D:prop><lp1:resourcetype/><lp1:getcontentlength>12</lp1:getcontentlength><D:getcontenttype>text/plain</D:getcontenttype><lp1:getetag>"c-1"</lp1:getetag><lp1:getlastmodified>Mon, 03 Jan 2022 08:00:00 GMT</lp1:getlastmodified></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>`,
    ),
    'a default namespace, entities and character references': doc(
      response('/files/alice/a&amp;b%20&#x3C;c&#62;.txt', '<D:getetag>&quot;x&apos;&#233;&quot;</D:getetag><D:displayname>&lt;b&gt; &amp; co</D:displayname>'),
      'xmlns="DAV:"',
    ).replace(/D:(?!")/g, ''),
    'a prefix redefined inside, other namespaces ignored': doc(
      `<D:response><D:href>/files/alice/x/</D:href><D:propstat xmlns:D="urn:not-dav"><D:prop><D:resourcetype/></D:prop></D:propstat></D:response>` +
        response('/files/alice/y.txt', `<D:getcontentlength>5</D:getcontentlength><oc:size xmlns:oc="http://owncloud.org/ns">7</oc:size>`),
    ),
    'a failed response and a bad status': doc(`<D:response><D:href>/files/alice/gone</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>` + response('/files/alice/z', '<D:getcontentlength>1</D:getcontentlength>', 'garbage')),
    "empty elements and single quotes": `<D:multistatus xmlns:D='DAV:'><D:response><D:href>/files/alice/</D:href></D:response></D:multistatus>`,
  };
  for (const [what, text] of Object.entries(readable)) {
    it(`reads what DOMParser reads: ${what}`, () => {
      const scanned = scanMultistatus(text, url);
      expect(scanned, 'the scanner gave up').to.not.equal(null);
      expect(scanned).to.deep.equal(dom(text));
    });
  }

  const deferred = {
    comment: doc(`<!-- note -->${response('/files/alice/a', '<D:getcontentlength>1</D:getcontentlength>')}`),
    CDATA: doc(response('/files/alice/a', '<D:displayname><![CDATA[a<b]]></D:displayname>')),
    DOCTYPE: `<!DOCTYPE x>${doc('')}`,
    'truncated': doc(response('/files/alice/a', '')).slice(0, -30),
    'mismatched tags': doc(`<D:response><D:href>/files/alice/a</D:propstat></D:response>`),
    'a bare ampersand': doc(response('/files/alice/a&b', '')),
    'an unknown prefix': doc(response('/files/alice/a', '<x:y/>')),
    'an HTML page': '<!doctype html><html><body>Connexion</body></html>',
    'two roots': `${doc('')}${doc('')}`,
    'text after the root': `${doc('')} trailing`,
  };
  for (const [what, text] of Object.entries(deferred)) {
    it(`leaves to DOMParser: ${what}`, () => {
      expect(scanMultistatus(text, url)).to.equal(null);
    });
  }

  /** What readMultistatus makes of DOMParser's reading: the entries, or the error it throws. */
  const domOutcome = (text: string): unknown => {
    try {
      return dom(text);
    } catch (error) {
      return error;
    }
  };

  /** The scanner's contract: null, or exactly DOMParser's entries (never entries where DOMParser refuses). True when it read. */
  function expectAgreement(text: string, what: string): boolean {
    const scanned = scanMultistatus(text, url);
    if (scanned === null) return false;
    const expected = domOutcome(text);
    expect(expected, `${what}: the scanner read ${JSON.stringify(text)}, which DOMParser refuses`).to.be.an('array');
    expect(scanned, `${what}: ${JSON.stringify(text)}`).to.deep.equal(expected);
    return true;
  }

  const entry = response('/files/alice/a.txt', '<D:displayname>a</D:displayname><D:getcontentlength>1</D:getcontentlength>');

  it('reads line ends as XML does: CR LF and a lone CR are LF, a &#13; stays a CR', () => {
    const text = doc(response('/files/alice/a.txt', '<D:displayname>one\r\ntwo\rthree&#13;four&#xD;\r\n</D:displayname>\r\n')).replace('?>\n', '?>\r\n');
    expect(expectAgreement(text, 'line ends'), 'the scanner gave up').to.equal(true);
    expect(scanMultistatus(text, url)![0].displayName).to.equal('one\ntwo\nthree\rfour\r\n');
  });

  const refused: Record<string, string> = {
    'a namespace declared twice': doc(entry, 'xmlns:D="urn:x" xmlns:D="DAV:"'),
    'a default namespace declared twice': doc(entry, 'xmlns:D="DAV:" xmlns="urn:x" xmlns="DAV:"'),
    'an attribute twice': doc(entry, 'xmlns:D="DAV:" a="1" a="2"'),
    'two attributes of the same expanded name': doc(entry, 'xmlns:D="DAV:" xmlns:E="DAV:" D:a="1" E:a="2"'),
    'no white space between attributes': doc(entry, 'xmlns:D="DAV:"a="1"'),
    'an attribute name that is not a name': doc(entry, 'xmlns:D="DAV:" 1a="x"'),
    'an attribute name with two colons': doc(entry, 'xmlns:D="DAV:" a:b:c="x"'),
    'xmlns:=""': doc(entry, 'xmlns:D="DAV:" xmlns:=""'),
    'xmlns:x=""': doc(entry, 'xmlns:D="DAV:" xmlns:x=""'),
    'an undeclared attribute prefix': doc(entry, 'xmlns:D="DAV:" y:a="1"'),
    'xmlns:xml bound elsewhere': doc(entry, 'xmlns:D="DAV:" xmlns:xml="DAV:"'),
    'xmlns:xmlns': doc(entry, 'xmlns:D="DAV:" xmlns:xmlns="DAV:"'),
    'a prefix bound to the XML namespace': doc(entry, 'xmlns:D="DAV:" xmlns:x="http://www.w3.org/XML/1998/namespace"'),
    'an element in the xmlns prefix': doc(entry.replace('<D:response>', '<D:response><xmlns:x/>')),
    'an NBSP in a tag': doc(entry.replace('<D:response>', '<D:response\u00a0>')),
    'an NBSP before an attribute': doc(entry, '\u00a0xmlns:D="DAV:"'),
    'U+2028 before the root': `\u2028${doc(entry)}`.replace('<?xml version="1.0" encoding="utf-8"?>\n', ''),
    'U+2028 after the root': `${doc(entry)}\u2028`,
    'U+FEFF after the root': `${doc(entry)}\ufeff`,
    'U+3000 in an end tag': doc(entry.replace('</D:href>', '</D:href\u3000>')),
    'a C0 control in text': doc(response('/files/alice/a\u0001.txt', '')),
    'a vertical tab in text': doc(response('/files/alice/a.txt', '<D:displayname>a\u000bb</D:displayname>')),
    'U+FFFE in text': doc(response('/files/alice/a.txt', '<D:displayname>\ufffe</D:displayname>')),
    'U+FFFF in text': doc(response('/files/alice/a.txt', '<D:displayname>\uffff</D:displayname>')),
    'a lone high surrogate': doc(response('/files/alice/a.txt', '<D:displayname>\ud800x</D:displayname>')),
    'a lone low surrogate': doc(response('/files/alice/a.txt', '<D:displayname>x\udc00</D:displayname>')),
    '&#1;': doc(response('/files/alice/a.txt', '<D:displayname>&#1;</D:displayname>')),
    '&#0;': doc(response('/files/alice/a.txt', '<D:displayname>&#0;</D:displayname>')),
    '&#xD800;': doc(response('/files/alice/a.txt', '<D:displayname>&#xD800;</D:displayname>')),
    '&#xFFFE;': doc(response('/files/alice/a.txt', '<D:displayname>&#xFFFE;</D:displayname>')),
    '&#x110000;': doc(response('/files/alice/a.txt', '<D:displayname>&#x110000;</D:displayname>')),
    '&#X41; (an upper-case X)': doc(response('/files/alice/a.txt', '<D:displayname>&#X41;</D:displayname>')),
    '&#1; outside a kept element': doc(`${entry}<D:responsedescription>&#1;</D:responsedescription>`),
    ']]> in text': doc(response('/files/alice/a.txt', '<D:displayname>a]]>b</D:displayname>')),
    '<?xml?>': doc(entry).replace('<?xml version="1.0" encoding="utf-8"?>', '<?xml?>'),
    '<?xml garbage?>': doc(entry).replace('<?xml version="1.0" encoding="utf-8"?>', '<?xml garbage?>'),
    'version="2.0"': doc(entry).replace('version="1.0"', 'version="2.0"'),
    'a declaration after white space': ` ${doc(entry)}`,
    'a byte order mark': `\ufeff${doc(entry)}`,
    'elements nested 5,000 deep (the limit of Chromium)': doc(`${'<D:x>'.repeat(5000)}${'</D:x>'.repeat(5000)}${entry}`),
    'an element with 65 attributes': doc(entry, `xmlns:D="DAV:" ${Array.from({ length: 65 }, (_, index) => `a${index}="1"`).join(' ')}`),
    'a <parsererror> first in the root': doc(`<parsererror xmlns="http://www.mozilla.org/newlayout/xml/parsererror.xml"/>${entry}`),
  };
  for (const [what, text] of Object.entries(refused)) {
    it(`never reads what DOMParser may refuse or read otherwise: ${what}`, () => {
      expect(scanMultistatus(text, url), what).to.equal(null);
      expectAgreement(text, what);
    });
  }

  it('namespace prefixes are only prefixes: __proto__, toString, constructor', () => {
    const proto = doc(entry, 'xmlns:D="DAV:" xmlns:__proto__="DAV:"').replace(/D:(?!")/g, '__proto__:');
    expect(expectAgreement(proto, '__proto__'), 'the scanner gave up on __proto__').to.equal(true);
    expect(scanMultistatus(proto, url)).to.have.length(1);
    for (const prefix of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const undeclared = doc(entry.replace('<D:response>', `<D:response><${prefix}:x/>`));
      expect(scanMultistatus(undeclared, url), prefix).to.equal(null);
      expectAgreement(undeclared, prefix);
    }
  });

  it('reads XML declarations DOMParser reads, as it does', () => {
    for (const declaration of [
      '<?xml version="1.0"?>',
      "<?xml version='1.0' encoding='UTF-8'?>",
      '<?xml version="1.0" encoding="utf-8" standalone="yes"?>',
      '<?xml version="1.0" standalone="no" ?>',
      '<?xml  version = "1.0"\tencoding="ISO-8859-1"?>',
      '<?xml version="1.0" encoding="bogus-encoding"?>',
      '<?xml version="1.0" standalone="maybe"?>',
      '<?xml version="1.0" standalone="yes" encoding="utf-8"?>',
      '<?xml version="1.0"encoding="utf-8"?>',
      '<?xml encoding="utf-8" version="1.0"?>',
    ]) {
      expectAgreement(doc(entry).replace('<?xml version="1.0" encoding="utf-8"?>', declaration), declaration);
    }
    expect(scanMultistatus(doc(entry).replace('<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0"?>'), url)).to.have.length(1);
  });

  it('agrees with DOMParser on thousands of mutated documents (seeded differential fuzz)', () => {
    /** mulberry32: a small seeded PRNG, so that a failure can be replayed. */
    let seed = 0x5eed1e55;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const samples = [
      ...Object.values(readable),
      doc(entry),
      doc(entry).replace(/\n/g, '\r\n'),
      `<?xml version="1.0"?>\r\n<d:multistatus xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">\r\n <d:response>\r\n  <d:href>/files/alice/x%20y/</d:href>\r\n  <d:propstat>\r\n   <d:prop><d:resourcetype><d:collection/></d:resourcetype><oc:id a="1">7</oc:id><d:displayname>x &amp; y&#13;</d:displayname></d:prop>\r\n   <d:status>HTTP/1.1 200 OK</d:status>\r\n  </d:propstat>\r\n </d:response>\r\n</d:multistatus>\r\n`,
      multistatus([
        { href: '/files/alice/', folder: true, etag: '"r"' },
        { href: '/files/alice/a%26b.txt', folder: false, size: 3, type: 'text/plain', modified: 'Wed, 02 Apr 2025 08:30:00 GMT', etag: '"e"', displayname: 'a&b <c> "d"' },
      ]),
    ];
    const tokens = [
      '<', '>', '&', ';', '"', "'", '=', ':', '/', ' ', '\r', '\n', '\t', '\r\n', '?', '!', '[', ']', '#', 'x', 'D', '-',
      '\u00a0', '\u2028', '\ufeff', '\u0085', '\u3000', '\u0001', '\u000b', '\u001f', '\u007f', '\ufffe', '\uffff', '\ud800', '\udc00', '\u{1f600}', 'é',
      '&#1;', '&#9;', '&#13;', '&#xD800;', '&#xFFFE;', '&#x1F600;', '&#65;', '&amp;', '&lt;', '&foo;', ']]>', '<!--c-->', '<?p?>',
      'D:', 'xmlns', 'xmlns:', ' xmlns:D="DAV:"', ' xmlns:E="DAV:"', ' xmlns="DAV:"', ' xmlns=""', ' a="1"', " a='1'", ' D:a="1"', ' E:a="2"', ' xml:lang="fr"', '<D:x/>', '</D:x>', '<x/>',
    ];
    const prefixes = ['D', 'd', 'E', 'x', 'xml', 'xmlns', '__proto__', 'toString', 'lp1', 'g0', 'oc', ''];
    const mutate = (text: string): string => {
      const at = Math.floor(random() * (text.length + 1));
      switch (Math.floor(random() * 6)) {
        case 0:
          return text.slice(0, at) + pick(tokens) + text.slice(at);
        case 1:
          return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
        case 2:
          return text.slice(0, at) + pick(tokens) + text.slice(at + 1);
        case 3: {
          // An attribute written twice, or given to another element.
          const attributes = [...text.matchAll(/[ \t\r\n]+[\w:]+[ \t\r\n]*=[ \t\r\n]*(?:"[^"]*"|'[^']*')/g)];
          if (!attributes.length) return text;
          const attribute = pick(attributes);
          const where = random() < 0.5 ? attribute.index + attribute[0].length : text.indexOf('>', at) >= 0 ? text.indexOf('>', at) : at;
          return text.slice(0, where) + attribute[0] + text.slice(where);
        }
        case 4: {
          // A prefix changed: in one name, or everywhere.
          const from = pick(['D', 'd', 'x', 'lp1', 'g0', 'oc']);
          const to = pick(prefixes);
          const pattern = new RegExp(`(<\\/?|xmlns:|[ \\t\\r\\n])${from}:`, 'g');
          if (random() < 0.5) return text.replace(pattern, (_whole, lead: string) => (to ? `${lead}${to}:` : lead));
          const matches = [...text.matchAll(pattern)];
          if (!matches.length) return text;
          const match = pick(matches);
          return text.slice(0, match.index) + match[1] + (to ? `${to}:` : '') + text.slice(match.index + match[0].length);
        }
        default: {
          // Quotes swapped, or a character of markup doubled.
          const quote = text.indexOf(pick(['"', "'", '<', '>', '=', ':']), at);
          if (quote < 0) return text;
          return random() < 0.5 ? text.slice(0, quote) + (text[quote] === '"' ? "'" : '"') + text.slice(quote + 1) : text.slice(0, quote) + text[quote] + text.slice(quote);
        }
      }
    };
    const started = performance.now();
    const runs = 6000;
    let read = 0;
    let refusedByDom = 0;
    for (let run = 0; run < runs; run++) {
      let text = pick(samples);
      const mutations = 1 + Math.floor(random() * 3);
      for (let index = 0; index < mutations; index++) text = mutate(text);
      const scanned = scanMultistatus(text, url);
      const expected = domOutcome(text);
      if (!Array.isArray(expected)) refusedByDom++;
      if (scanned === null) continue;
      read++;
      if (!Array.isArray(expected)) expect.fail(`run ${run}: the scanner read ${JSON.stringify(text)}, which DOMParser refuses (${String(expected)})`);
      if (JSON.stringify(scanned) !== JSON.stringify(expected)) expect(scanned, `run ${run}: ${JSON.stringify(text)}`).to.deep.equal(expected);
    }
    const elapsed = performance.now() - started;
    console.log(`[webdav] fuzz: ${runs} documents, ${read} read by the scanner, ${refusedByDom} refused by DOMParser, ${elapsed.toFixed(0)} ms`);
    // Not vacuous: both sides of the contract are exercised.
    expect(read).to.be.greaterThan(runs / 10);
    expect(refusedByDom).to.be.greaterThan(runs / 10);
  });

  it('a comment or CDATA still parses, through DOMParser', async () => {
    const [entry] = await parseMultistatus(deferred.CDATA, url);
    expect(entry.displayName).to.equal('a<b');
    expect(await parseMultistatus(deferred.comment, url)).to.have.length(1);
  });
});

describe('DavClient authorization', () => {
  it('sends the Authorization header and the credentials mode', async () => {
    const asked: boolean[] = [];
    let seenInit: RequestInit | undefined;
    const fetchSpy = ((_url: string, init?: RequestInit) => {
      seenInit = init;
      return Promise.resolve(davAnswer(multistatus([folderSelf])));
    }) as typeof fetch;
    const client = new DavClient({
      root: ROOT,
      fetch: fetchSpy,
      authorization: ({ forceRefresh }) => {
        asked.push(forceRefresh);
        return Promise.resolve('Bearer one');
      },
    });
    await client.list(ROOT);
    expect(new Headers(seenInit!.headers).get('Authorization')).to.equal('Bearer one');
    expect(seenInit!.credentials).to.equal('same-origin');
    expect(asked).to.deep.equal([false]);
    const withCookies = new DavClient({ root: ROOT, fetch: fetchSpy, withCredentials: true });
    await withCookies.list(ROOT);
    expect(seenInit!.credentials).to.equal('include');
    expect(new Headers(seenInit!.headers).has('Authorization')).to.equal(false);
  });

  it('on a 401, asks for fresh credentials and tries once more', async () => {
    const asked: boolean[] = [];
    const { client, requests } = clientWith((request) => (request.headers['authorization'] === 'Bearer fresh' ? davAnswer(multistatus([folderSelf])) : statusAnswer(401)), {
      authorization: ({ forceRefresh }) => {
        asked.push(forceRefresh);
        return Promise.resolve(forceRefresh ? 'Bearer fresh' : 'Bearer stale');
      },
    });
    await client.list(ROOT);
    expect(asked).to.deep.equal([false, true]);
    expect(requests.map((request) => request.headers['authorization'])).to.deep.equal(['Bearer stale', 'Bearer fresh']);
  });

  it('a second 401, or no fresh credentials, is an auth error', async () => {
    const twice = clientWith(() => statusAnswer(401), { authorization: () => Promise.resolve('Bearer x') });
    const error = await caught(twice.client.list(ROOT));
    expect(error.kind).to.equal('auth');
    expect(error.status).to.equal(401);
    expect(twice.requests).to.have.length(2);

    const none = clientWith(() => statusAnswer(401), { authorization: ({ forceRefresh }) => Promise.resolve(forceRefresh ? null : 'Bearer x') });
    expect((await caught(none.client.list(ROOT))).kind).to.equal('auth');
    expect(none.requests).to.have.length(1);

    const noProvider = clientWith(() => statusAnswer(401));
    expect((await caught(noProvider.client.list(ROOT))).kind).to.equal('auth');
    expect(noProvider.requests).to.have.length(1);
  });

  it('requests refused together share one refresh', async () => {
    let refreshes = 0;
    const { client } = clientWith((request) => (request.headers['authorization'] === 'Bearer fresh' ? davAnswer(multistatus([folderSelf])) : statusAnswer(401)), {
      authorization: async ({ forceRefresh }) => {
        if (!forceRefresh) return 'Bearer stale';
        refreshes++;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return 'Bearer fresh';
      },
    });
    await Promise.all([client.list(ROOT), client.list(ROOT), client.list(ROOT)]);
    expect(refreshes).to.equal(1);
  });

  it('a 401 that arrives after another request refreshed retries with those credentials, without a second refresh', async () => {
    let refreshes = 0;
    let releaseLate: (() => void) | undefined;
    const { client, requests } = clientWith(
      (request) => {
        if (request.headers['authorization'] === 'Bearer fresh') return davAnswer(multistatus([{ href: new URL(request.url).pathname, folder: true }]));
        // The second request's refusal comes late, after the first one's refresh is over.
        if (request.url.endsWith('/late/')) return new Promise<Answer>((resolve) => (releaseLate = () => resolve(statusAnswer(401))));
        return statusAnswer(401);
      },
      {
        authorization: ({ forceRefresh }) => {
          if (!forceRefresh) return Promise.resolve('Bearer stale');
          refreshes++;
          return Promise.resolve('Bearer fresh');
        },
      },
    );
    const late = client.list(`${ROOT}late/`);
    await client.list(ROOT);
    expect(refreshes).to.equal(1);
    await waitUntil(() => releaseLate !== undefined);
    releaseLate!();
    await late;
    expect(refreshes).to.equal(1);
    // A later request, sent with what the provider says without a refresh, does the same.
    await client.list(ROOT);
    expect(refreshes).to.equal(1);
    const sent = (path: string) => requests.filter((request) => request.url === `${ROOT}${path}`).map((request) => request.headers['authorization']);
    expect(sent('late/')).to.deep.equal(['Bearer stale', 'Bearer fresh']);
    expect(sent('')).to.deep.equal(['Bearer stale', 'Bearer fresh', 'Bearer stale', 'Bearer fresh']);
  });

  it('credentials of an earlier refresh that are refused too lead to a refresh of its own', async () => {
    let refreshes = 0;
    const tokens = ['Bearer one', 'Bearer two'];
    const { client, requests } = clientWith((request) => (request.headers['authorization'] === 'Bearer two' && refreshes === 2 ? davAnswer(multistatus([folderSelf])) : statusAnswer(401)), {
      authorization: ({ forceRefresh }) => Promise.resolve(forceRefresh ? tokens[refreshes++] : 'Bearer stale'),
    });
    // The first refresh gives 'one', which the server refuses: an auth error.
    expect((await caught(client.list(ROOT))).kind).to.equal('auth');
    expect(refreshes).to.equal(1);
    // Then: 'stale' refused, 'one' (the last refresh's) refused, a refresh gives 'two', accepted.
    await client.list(ROOT);
    expect(refreshes).to.equal(2);
    expect(requests.map((request) => request.headers['authorization'])).to.deep.equal(['Bearer stale', 'Bearer one', 'Bearer stale', 'Bearer one', 'Bearer two']);
  });

  it('a provider that throws is an auth error', async () => {
    const { client, requests } = clientWith(listing([folderSelf]), { authorization: () => Promise.reject(new Error('no session')) });
    const error = await caught(client.list(ROOT));
    expect(error.kind).to.equal('auth');
    expect(error.message).to.contain('no session');
    expect(requests).to.have.length(0);
  });
});

describe('DavClient.createFolder (MKCOL)', () => {
  it('creates the folder and describes it', async () => {
    const { client, requests } = clientWith(() => statusAnswer(201));
    const folder = await client.createFolder(`${ROOT}Docs`, 'Été 2025');
    expect(requests[0].method).to.equal('MKCOL');
    expect(requests[0].url).to.equal(`${ROOT}Docs/%C3%89t%C3%A9%202025/`);
    expect(folder).to.deep.include({ href: `${ROOT}Docs/%C3%89t%C3%A9%202025/`, name: 'Été 2025', isFolder: true, size: undefined, type: '' });
    expect(folder.lastModified).to.be.a('number');
  });

  it('405 is a conflict, 409 not-found, 507 server with its status', async () => {
    const cases: [number, string][] = [
      [405, 'conflict'],
      [409, 'not-found'],
      [507, 'server'],
      [403, 'forbidden'],
    ];
    for (const [status, kind] of cases) {
      const { client, requests } = clientWith(() => statusAnswer(status));
      const error = await caught(client.createFolder(ROOT, 'New'));
      expect(error.kind, String(status)).to.equal(kind);
      expect(error.status, String(status)).to.equal(status);
      // MKCOL is not idempotent: never sent twice.
      expect(requests, String(status)).to.have.length(1);
    }
  });

  it('refuses an invalid name before sending anything, saying why', async () => {
    const { client, requests } = clientWith(() => statusAnswer(201));
    for (const [name, reason] of [
      ['', 'empty'],
      ['a/b', 'slash'],
      ['..', 'dots'],
      ['a\tb', 'control'],
      ['x'.repeat(300), 'too-long'],
    ]) {
      const error = await caught(client.createFolder(ROOT, name));
      expect(error.kind).to.equal('config');
      expect(error.message).to.contain(reason);
    }
    expect(requests).to.have.length(0);
  });

  it('a 200 instead of 201 (a proxy page) is a protocol error', async () => {
    const { client } = clientWith(() => new Response('<html></html>', { status: 200 }));
    expect((await caught(client.createFolder(ROOT, 'New'))).kind).to.equal('protocol');
  });
});

describe('DavClient.upload (one PUT)', () => {
  const file = new File(['hello world'], 'hello.txt', { type: 'text/plain' });

  it('PUTs the file with If-None-Match: * and its type, reporting progress', async () => {
    const { transport, requests } = fakeTransport(() => statusAnswer(201, { ETag: '"new"', 'Last-Modified': 'Wed, 02 Apr 2025 08:30:00 GMT' }));
    const client = new DavClient({ root: ROOT, sendWithProgress: transport, authorization: () => Promise.resolve('Bearer t') });
    const progress: [number, number][] = [];
    const resource = await client.upload(`${ROOT}Docs/`, file, 'Résumé #1.txt', { onProgress: (loaded, total) => progress.push([loaded, total]) });
    const [request] = requests;
    expect(request.method).to.equal('PUT');
    expect(request.url).to.equal(`${ROOT}Docs/R%C3%A9sum%C3%A9%20%231.txt`);
    expect(request.headers['if-none-match']).to.equal('*');
    expect(request.headers['content-type']).to.equal('text/plain');
    expect(request.headers['authorization']).to.equal('Bearer t');
    expect(request.body).to.equal(file);
    expect(progress).to.deep.equal([
      [5, 11],
      [11, 11],
      [11, 11],
    ]);
    expect(resource).to.deep.equal({
      href: `${ROOT}Docs/R%C3%A9sum%C3%A9%20%231.txt`,
      name: 'Résumé #1.txt',
      isFolder: false,
      size: 11,
      type: 'text/plain',
      lastModified: Date.UTC(2025, 3, 2, 8, 30),
      etag: '"new"',
    });
  });

  it('overwrite sends no If-None-Match; a Blob without type sends no Content-Type', async () => {
    const { transport, requests } = fakeTransport(() => statusAnswer(204));
    const client = new DavClient({ root: ROOT, sendWithProgress: transport });
    const resource = await client.upload(ROOT, new Blob(['x']), 'x.bin', { overwrite: true });
    expect(requests[0].headers).to.not.have.property('if-none-match');
    expect(requests[0].headers).to.not.have.property('content-type');
    expect(resource.etag).to.equal(undefined);
    expect(resource.lastModified).to.be.closeTo(Date.now(), 5000);
  });

  it('412 is a conflict, 507 server with its status', async () => {
    for (const [status, kind] of [
      [412, 'conflict'],
      [507, 'server'],
      [403, 'forbidden'],
    ] as const) {
      const { transport, requests } = fakeTransport(() => statusAnswer(status));
      const client = new DavClient({ root: ROOT, sendWithProgress: transport });
      const error = await caught(client.upload(ROOT, file, 'hello.txt'));
      expect(error.kind, String(status)).to.equal(kind);
      expect(error.status, String(status)).to.equal(status);
      expect(requests, String(status)).to.have.length(1);
    }
  });

  it('a dropped connection is a network error (also when the transport throws something else)', async () => {
    const { transport } = fakeTransport(() => 'network');
    expect((await caught(new DavClient({ root: ROOT, sendWithProgress: transport }).upload(ROOT, file, 'a.txt'))).kind).to.equal('network');
    const throwing = () => Promise.reject(new TypeError('boom'));
    expect((await caught(new DavClient({ root: ROOT, sendWithProgress: throwing }).upload(ROOT, file, 'a.txt'))).kind).to.equal('network');
  });

  it('cancels with the signal', async () => {
    const { transport } = fakeTransport(() => 'hang');
    const client = new DavClient({ root: ROOT, sendWithProgress: transport });
    const controller = new AbortController();
    const pending = client.upload(ROOT, file, 'a.txt', { signal: controller.signal });
    await Promise.resolve();
    controller.abort();
    expect((await caught(pending)).kind).to.equal('aborted');
  });

  it('on a 401, refreshes the credentials and sends the file again', async () => {
    const { transport, requests } = fakeTransport((request) => (request.headers['authorization'] === 'Bearer fresh' ? statusAnswer(201) : statusAnswer(401)));
    const client = new DavClient({ root: ROOT, sendWithProgress: transport, authorization: ({ forceRefresh }) => Promise.resolve(forceRefresh ? 'Bearer fresh' : 'Bearer old') });
    await client.upload(ROOT, file, 'a.txt');
    expect(requests.map((request) => request.headers['authorization'])).to.deep.equal(['Bearer old', 'Bearer fresh']);
    const refused = fakeTransport(() => statusAnswer(401));
    const stubborn = new DavClient({ root: ROOT, sendWithProgress: refused.transport, authorization: () => Promise.resolve('Bearer x') });
    expect((await caught(stubborn.upload(ROOT, file, 'a.txt'))).kind).to.equal('auth');
    expect(refused.requests).to.have.length(2);
  });

  it('refuses an invalid name and a folder outside the root', async () => {
    const { transport, requests } = fakeTransport(() => statusAnswer(201));
    const client = new DavClient({ root: ROOT, sendWithProgress: transport });
    expect((await caught(client.upload(ROOT, file, 'a/b'))).kind).to.equal('config');
    expect((await caught(client.upload('https://evil.example/dav/', file, 'a'))).kind).to.equal('config');
    expect(requests).to.have.length(0);
  });
});

describe('xhrSendWithProgress (the default transport)', () => {
  it('resolves with any HTTP answer, reporting the bytes sent', async () => {
    const body = new Blob([new Uint8Array(2 * 1024 * 1024)]);
    const progress: number[] = [];
    const response: ProgressResponse = await xhrSendWithProgress({
      method: 'PUT',
      url: `${location.origin}/__no_such_place__/x.txt`,
      headers: { 'Content-Type': 'application/octet-stream' },
      body,
      withCredentials: false,
      idleTimeout: 5000,
      onProgress: (loaded) => progress.push(loaded),
    });
    expect(response.status).to.be.within(200, 599);
    expect(progress.at(-1)).to.equal(body.size);
    expect(response.header('Content-Type')).to.satisfy((value: string | null) => value === null || typeof value === 'string');
  });

  it('a refused connection is a network error, a cancel is aborted', async () => {
    const refused = await caught(xhrSendWithProgress({ method: 'PUT', url: 'http://127.0.0.1:9/x', headers: {}, body: new Blob(['x']), withCredentials: false }));
    expect(refused.kind).to.equal('network');
    const controller = new AbortController();
    controller.abort();
    const aborted = await caught(xhrSendWithProgress({ method: 'PUT', url: `${location.origin}/x`, headers: {}, body: new Blob(['x']), withCredentials: false, signal: controller.signal }));
    expect(aborted.kind).to.equal('aborted');
  });
});

describe('DavClient.upload (Nextcloud chunked v2)', () => {
  const bytes = (count: number) => new File([new Uint8Array(count).map((_, index) => index % 251)], 'big.bin', { type: 'application/octet-stream' });

  function chunkedClient(server: FakeDav, options: Partial<DavClientOptions> = {}) {
    return new DavClient({ root: server.root, uploadsUrl: server.uploads, chunkSize: 10, fetch: server.fetch, sendWithProgress: server.transport, retryDelay: 1, ...options });
  }

  it('MKCOL, numbered PUTs with Destination and OC-Total-Length, then MOVE .file', async () => {
    const server = new FakeDav().folder('Docs');
    const client = chunkedClient(server);
    const progress: number[] = [];
    const resource = await client.upload(`${server.root}Docs/`, bytes(25), 'gros fichier.bin', { onProgress: (loaded, total) => progress.push(loaded / total) });
    const destination = `${server.root}Docs/gros%20fichier.bin`;
    const steps = server.log.map((request) => `${request.method} ${request.url.replace(server.uploads, '<uploads>/').replace(/suite-upload-[0-9a-f]{32}/, '<id>')}`);
    expect(steps).to.deep.equal(['MKCOL <uploads>/<id>/', 'PUT <uploads>/<id>/00001', 'PUT <uploads>/<id>/00002', 'PUT <uploads>/<id>/00003', 'MOVE <uploads>/<id>/.file']);
    expect(server.log[0].headers['destination']).to.equal(destination);
    for (const put of server.log.slice(1, 4)) {
      expect(put.headers['destination']).to.equal(destination);
      expect(put.headers['oc-total-length']).to.equal('25');
    }
    expect(server.log.slice(1, 4).map((put) => (put.body as Blob).size)).to.deep.equal([10, 10, 5]);
    const move = server.log[4];
    expect(move.headers['destination']).to.equal(destination);
    expect(move.headers['oc-total-length']).to.equal('25');
    expect(move.headers['overwrite']).to.equal('F');
    expect(server.nodes.get('/dav/Docs/gros fichier.bin')?.size).to.equal(25);
    expect(resource).to.deep.include({ href: destination, name: 'gros fichier.bin', size: 25, isFolder: false });
    expect(resource.etag).to.equal(server.nodes.get('/dav/Docs/gros fichier.bin')!.etag);
    expect(progress.at(-1)).to.equal(1);
    expect(progress.every((value, index) => index === 0 || value >= progress[index - 1])).to.equal(true);
  });

  it('retries a chunk that failed with a network error, and completes', async () => {
    const server = new FakeDav();
    let failed = false;
    server.before = (request) => {
      if (!failed && request.method === 'PUT' && request.url.endsWith('/00002')) {
        failed = true;
        return 'network';
      }
      return undefined;
    };
    await chunkedClient(server).upload(server.root, bytes(25), 'big.bin');
    const puts = server.log.filter((request) => request.method === 'PUT').map((request) => request.url.slice(-5));
    expect(puts).to.deep.equal(['00001', '00002', '00002', '00003']);
    expect(server.nodes.get('/dav/big.bin')?.size).to.equal(25);
  });

  it('retries a 503, but not a 507 (quota), and then deletes the upload', async () => {
    const server = new FakeDav();
    let calls = 0;
    server.before = (request) => (request.method === 'PUT' && request.url.endsWith('/00002') && ++calls <= 2 ? statusAnswer(calls === 1 ? 503 : 507) : undefined);
    const error = await caught(chunkedClient(server).upload(server.root, bytes(25), 'big.bin'));
    expect(error.kind).to.equal('server');
    expect(error.status).to.equal(507);
    expect(calls).to.equal(2);
    await waitUntil(() => server.log.some((request) => request.method === 'DELETE'), 'no DELETE of the upload');
    expect(server.chunks.size).to.equal(0);
  });

  it('gives up after the retries with the error, never silently', async () => {
    const server = new FakeDav();
    server.before = (request) => (request.method === 'PUT' && request.url.endsWith('/00001') ? 'network' : undefined);
    const error = await caught(chunkedClient(server).upload(server.root, bytes(25), 'big.bin'));
    expect(error.kind).to.equal('network');
    expect(server.log.filter((request) => request.method === 'PUT')).to.have.length(6);
    expect(server.nodes.has('/dav/big.bin')).to.equal(false);
  });

  it('an existing file is a conflict (MOVE 412); overwrite sends no Overwrite: F', async () => {
    const server = new FakeDav().file('big.bin', 3);
    const error = await caught(chunkedClient(server).upload(server.root, bytes(25), 'big.bin'));
    expect(error.kind).to.equal('conflict');
    expect(error.status).to.equal(412);
    await waitUntil(() => server.log.some((request) => request.method === 'DELETE'), 'no DELETE of the upload');
    server.log.length = 0;
    await chunkedClient(server).upload(server.root, bytes(25), 'big.bin', { overwrite: true });
    expect(server.log.find((request) => request.method === 'MOVE')!.headers).to.not.have.property('overwrite');
    expect(server.nodes.get('/dav/big.bin')?.size).to.equal(25);
  });

  it('a MOVE refused with a 4xx or a 507 deletes the upload', async () => {
    for (const status of [409, 403, 404, 507]) {
      const server = new FakeDav();
      server.before = (request) => (request.method === 'MOVE' ? statusAnswer(status) : undefined);
      const error = await caught(chunkedClient(server).upload(server.root, bytes(25), 'big.bin'));
      expect(error.status, String(status)).to.equal(status);
      await waitUntil(() => server.log.some((request) => request.method === 'DELETE'), `no DELETE after a MOVE ${status}`);
      expect(server.chunks.size, String(status)).to.equal(0);
    }
  });

  it('a MOVE whose outcome is unknown (5xx, dropped connection, 408) deletes nothing, and reports the error', async () => {
    const cases: [Answer, string][] = [
      [statusAnswer(500), 'server'],
      [statusAnswer(502), 'server'],
      [statusAnswer(503), 'server'],
      [statusAnswer(408), 'timeout'],
      ['network', 'network'],
    ];
    for (const [answer, kind] of cases) {
      const server = new FakeDav();
      server.before = (request) => (request.method === 'MOVE' ? answer : undefined);
      const error = await caught(chunkedClient(server).upload(server.root, bytes(25), 'big.bin'));
      expect(error.kind, kind).to.equal(kind);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(server.log.filter((request) => request.method === 'MOVE'), kind).to.have.length(1);
      expect(server.log.some((request) => request.method === 'DELETE'), kind).to.equal(false);
      expect(server.chunks.size, kind).to.equal(1);
    }
  });

  it('cancelling while the MOVE is in flight reports aborted and deletes nothing', async () => {
    const server = new FakeDav();
    server.before = (request) => (request.method === 'MOVE' ? 'hang' : undefined);
    const controller = new AbortController();
    const pending = chunkedClient(server).upload(server.root, bytes(25), 'big.bin', { signal: controller.signal });
    await waitUntil(() => server.log.some((request) => request.method === 'MOVE'), 'MOVE never sent');
    controller.abort();
    expect((await caught(pending)).kind).to.equal('aborted');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.log.some((request) => request.method === 'DELETE')).to.equal(false);
    expect(server.chunks.size).to.equal(1);
  });

  it('cancelling deletes the upload collection', async () => {
    const server = new FakeDav();
    server.before = (request) => (request.method === 'PUT' && request.url.endsWith('/00002') ? 'hang' : undefined);
    const controller = new AbortController();
    const pending = chunkedClient(server).upload(server.root, bytes(25), 'big.bin', { signal: controller.signal });
    await waitUntil(() => server.log.some((request) => request.url.endsWith('/00002')), 'chunk 2 never sent');
    controller.abort();
    expect((await caught(pending)).kind).to.equal('aborted');
    await waitUntil(() => server.log.some((request) => request.method === 'DELETE'), 'no DELETE of the upload');
    const directory = server.log[0].url;
    expect(server.log.find((request) => request.method === 'DELETE')!.url).to.equal(directory);
    expect(server.chunks.size).to.equal(0);
    expect(server.log.some((request) => request.method === 'MOVE')).to.equal(false);
  });

  it('a file no larger than a chunk goes in one PUT', async () => {
    const server = new FakeDav();
    await chunkedClient(server).upload(server.root, bytes(10), 'small.bin');
    expect(server.log.map((request) => `${request.method} ${request.url}`)).to.deep.equal([`PUT ${server.root}small.bin`]);
  });
});

describe('DavClient.search (RFC 5323 SEARCH)', () => {
  const SEARCH_URL = `${ORIGIN}/`;

  it('sends a basicsearch: the props, the scope at any depth, a like on the name, a limit', async () => {
    const { client, requests } = clientWith(() => davAnswer(multistatus([])), { searchUrl: SEARCH_URL });
    await client.search(`${ROOT}Docs`, ' rapport ', { limit: 50 });
    const [request] = requests;
    expect(request.method).to.equal('SEARCH');
    expect(request.url).to.equal(SEARCH_URL);
    expect(request.headers['content-type']).to.equal('application/xml; charset=utf-8');
    const body = new DOMParser().parseFromString(request.body as string, 'application/xml');
    const dav = (element: Element | Document, name: string) => element.getElementsByTagNameNS('DAV:', name)[0];
    expect(body.documentElement.localName).to.equal('searchrequest');
    expect(body.documentElement.namespaceURI).to.equal('DAV:');
    const basic = dav(body, 'basicsearch');
    const selected = [...dav(dav(basic, 'select'), 'prop').children].map((element) => element.localName);
    expect(selected).to.have.members(['resourcetype', 'getcontentlength', 'getcontenttype', 'getetag', 'getlastmodified', 'displayname']);
    const scope = dav(dav(basic, 'from'), 'scope');
    expect(dav(scope, 'href').textContent).to.equal(`${ROOT}Docs/`);
    expect(dav(scope, 'depth').textContent).to.equal('infinity');
    const like = dav(dav(basic, 'where'), 'like');
    expect([...dav(like, 'prop').children].map((element) => `${element.namespaceURI}${element.localName}`)).to.deep.equal(['DAV:displayname']);
    expect(dav(like, 'literal').textContent).to.equal('%rapport%');
    expect(dav(dav(basic, 'limit'), 'nresults').textContent).to.equal('50');
  });

  it('escapes the like wildcards and XML in the text', async () => {
    const { client, requests } = clientWith(() => davAnswer(multistatus([])));
    await client.search(ROOT, '50%_off\\x <a&b>');
    expect(requests[0].url).to.equal(ROOT);
    const body = new DOMParser().parseFromString(requests[0].body as string, 'application/xml');
    expect(body.getElementsByTagName('parsererror')).to.have.length(0);
    expect(body.getElementsByTagNameNS('DAV:', 'literal')[0].textContent).to.equal('%50\\%\\_off\\\\x <a&b>%');
    expect(body.getElementsByTagNameNS('DAV:', 'nresults')[0].textContent).to.equal('200');
  });

  it('keeps the results under the scope, at any depth, without the scope itself', async () => {
    const { client } = clientWith(
      () =>
        davAnswer(
          multistatus([
            { href: '/dav/Docs/', folder: true },
            { href: '/dav/Docs/rapport.pdf', folder: false, size: 3 },
            { href: '/dav/Docs/2025/Q1/rapport%20final.odt', folder: false, size: 4 },
            { href: '/dav/Docs/Rapports/', folder: true },
            { href: '/dav/Other/rapport.pdf', folder: false },
            { href: 'https://evil.example/dav/Docs/rapport.pdf', folder: false },
            { href: '/dav/Docs/a%2Fb/rapport.pdf', folder: false },
          ]),
        ),
      { searchUrl: SEARCH_URL },
    );
    const { result, warnings } = await captureWarnings(() => client.search(`${ROOT}Docs/`, 'rapport'));
    expect(result.map((resource) => [resource.href, resource.name, resource.isFolder])).to.deep.equal([
      [`${ROOT}Docs/rapport.pdf`, 'rapport.pdf', false],
      [`${ROOT}Docs/2025/Q1/rapport%20final.odt`, 'rapport final.odt', false],
      [`${ROOT}Docs/Rapports/`, 'Rapports', true],
    ]);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('3 resources');
  });

  it('stops at the limit', async () => {
    const entries = Array.from({ length: 10 }, (_, index): FakeEntry => ({ href: `/dav/r${index}.txt`, folder: false }));
    const { client } = clientWith(() => davAnswer(multistatus(entries)));
    expect(await client.search(ROOT, 'r', { limit: 4 })).to.have.length(4);
  });

  it('a server without SEARCH (405, 501, 403) is a protocol error with the status, sent once', async () => {
    for (const status of [405, 501, 403]) {
      const { client, requests } = clientWith(() => statusAnswer(status));
      const error = await caught(client.search(ROOT, 'x'));
      expect(error.kind, String(status)).to.equal('protocol');
      expect(error.status, String(status)).to.equal(status);
      expect(requests, String(status)).to.have.length(1);
    }
  });

  it('an empty text asks nothing', async () => {
    const { client, requests } = clientWith(() => davAnswer(multistatus([])));
    expect(await client.search(ROOT, '  ')).to.deep.equal([]);
    expect(requests).to.have.length(0);
  });
});

describe('DavClient.capabilities (OPTIONS)', () => {
  it('search is on when DASL names basicsearch (any case), once', async () => {
    const { client, requests } = clientWith(() => new Response(null, { status: 200, headers: { DASL: '<dav:BasicSearch>', DAV: '1, 2' } }), { searchUrl: `${ORIGIN}/` });
    expect(await client.capabilities()).to.deep.equal({ search: true });
    expect(await client.capabilities()).to.deep.equal({ search: true });
    expect(requests.map((request) => `${request.method} ${request.url}`)).to.deep.equal([`OPTIONS ${ORIGIN}/`]);
  });

  it('no DASL, an error status or no answer: no search, never an error', async () => {
    const answers: (() => Answer)[] = [() => new Response(null, { status: 200, headers: { DAV: '1, 2' } }), () => statusAnswer(500), () => statusAnswer(401), () => 'network'];
    for (const answer of answers) {
      const { client } = clientWith(answer);
      expect(await client.capabilities()).to.deep.equal({ search: false });
    }
  });

  it('a cancelled caller gets aborted; the answer still serves the others', async () => {
    let release: (() => void) | undefined;
    const { client, requests } = clientWith(
      () =>
        new Promise<Answer>((resolve) => {
          release = () => resolve(new Response(null, { status: 200, headers: { DASL: '<DAV:basicsearch>' } }));
        }),
    );
    const controller = new AbortController();
    const first = client.capabilities({ signal: controller.signal });
    const second = client.capabilities();
    controller.abort();
    expect((await caught(first)).kind).to.equal('aborted');
    await waitUntil(() => release !== undefined);
    release!();
    expect(await second).to.deep.equal({ search: true });
    expect(requests).to.have.length(1);
  });
});

describe('DavClient.searchTree (bounded walk)', () => {
  function walkClient(server: FakeDav) {
    return new DavClient({ root: server.root, fetch: server.fetch, retryDelay: 1 });
  }
  const propfinds = (server: FakeDav) => server.log.filter((request) => request.method === 'PROPFIND').length;

  it('matches names without regard to case or accents, breadth first', async () => {
    const server = new FakeDav().file('Été 2024.pdf').file('A/ete.txt').folder('A/B/ÉTÉ').file('A/B/autre.txt').file('C/Sommet.txt').file('C/D/E/crête été.odt');
    const { results, complete } = await walkClient(server).searchTree(server.root, 'ete');
    expect(complete).to.equal(true);
    expect(results.map((resource) => resource.name)).to.have.members(['Été 2024.pdf', 'ete.txt', 'ÉTÉ', 'crête été.odt']);
    expect(results[0].name).to.equal('Été 2024.pdf');
    expect(results.find((resource) => resource.name === 'ÉTÉ')!.href).to.equal(`${server.root}A/B/%C3%89T%C3%89/`);
  });

  it('lists at most maxFolders folders, and says the answer is incomplete', async () => {
    const server = new FakeDav().file('A/x.txt').file('B/x.txt').file('C/x.txt').file('D/x.txt');
    const { results, complete } = await walkClient(server).searchTree(server.root, 'x', { maxFolders: 3 });
    expect(propfinds(server)).to.equal(3);
    expect(results).to.have.length(2);
    expect(complete).to.equal(false);
  });

  it('stops at the limit', async () => {
    const server = new FakeDav();
    for (const folder of ['A', 'B', 'C', 'D']) for (const index of [1, 2, 3]) server.file(`${folder}/match-${index}.txt`);
    const { results, complete } = await walkClient(server).searchTree(server.root, 'MATCH', { limit: 4, concurrency: 1 });
    expect(results).to.have.length(4);
    expect(complete).to.equal(false);
    expect(propfinds(server)).to.be.lessThan(5);
  });

  it('never has more than `concurrency` listings in flight', async () => {
    const server = new FakeDav();
    for (const folder of ['A', 'B', 'C', 'D', 'E', 'F']) server.file(`${folder}/f.txt`);
    let inFlight = 0;
    let most = 0;
    const client = new DavClient({
      root: server.root,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return server.fetch(input, init);
      }),
    });
    const { results, complete } = await client.searchTree(server.root, 'f.txt', { concurrency: 2 });
    expect(results).to.have.length(6);
    expect(complete).to.equal(true);
    expect(most).to.equal(2);
  });

  it('skips a forbidden or vanished subfolder; another failure makes the answer incomplete', async () => {
    const server = new FakeDav().file('Open/doc.txt').file('Locked/doc.txt').file('Broken/doc.txt');
    server.before = (request) => (request.url.includes('/Locked/') ? statusAnswer(403) : undefined);
    const first = await walkClient(server).searchTree(server.root, 'doc');
    expect(first.results.map((resource) => resource.href)).to.have.members([`${server.root}Open/doc.txt`, `${server.root}Broken/doc.txt`]);
    expect(first.complete).to.equal(true);
    server.before = (request) => (request.url.includes('/Locked/') ? statusAnswer(403) : request.url.includes('/Broken/') ? statusAnswer(500) : undefined);
    const second = await walkClient(server).searchTree(server.root, 'doc');
    expect(second.results.map((resource) => resource.href)).to.deep.equal([`${server.root}Open/doc.txt`]);
    expect(second.complete).to.equal(false);
  });

  it('a failure on the scope itself, or an auth failure anywhere, throws', async () => {
    const server = new FakeDav().file('A/doc.txt');
    expect((await caught(walkClient(server).searchTree(`${server.root}Missing/`, 'doc'))).kind).to.equal('not-found');
    server.before = (request) => (request.url.includes('/A/') ? statusAnswer(401) : undefined);
    expect((await caught(walkClient(server).searchTree(server.root, 'doc'))).kind).to.equal('auth');
  });

  it('cancels', async () => {
    const server = new FakeDav().file('A/doc.txt');
    server.before = (request) => (request.url.includes('/A/') ? 'hang' : undefined);
    const controller = new AbortController();
    const pending = walkClient(server).searchTree(server.root, 'doc', { signal: controller.signal });
    await waitUntil(() => server.log.some((request) => request.url.includes('/A/')));
    controller.abort();
    expect((await caught(pending)).kind).to.equal('aborted');
  });
});

describe('DavClient.download', () => {
  it('GETs the file with the credentials', async () => {
    const { client, requests } = clientWith(() => new Response('contenu', { headers: { 'Content-Type': 'text/plain' } }), { authorization: () => Promise.resolve('Basic abc') });
    const blob = await client.download(`${ROOT}Docs/a.txt`);
    expect(await blob.text()).to.equal('contenu');
    expect(requests[0].method).to.equal('GET');
    expect(requests[0].headers['authorization']).to.equal('Basic abc');
  });

  it('errors as elsewhere; outside the root is refused', async () => {
    const { client, requests } = clientWith(() => statusAnswer(404));
    const error = await caught(client.download(`${ROOT}gone.txt`));
    expect(error.kind).to.equal('not-found');
    expect(error.status).to.equal(404);
    expect((await caught(client.download('https://evil.example/x'))).kind).to.equal('config');
    expect(requests).to.have.length(1);
  });
});
