import { expect } from '@open-wc/testing';
import { SuiteError, backoffDelay, getJSON, request } from '@suite-widgets/core';

type Step = (() => Response | Promise<Response>) | 'network' | 'hang';

/** A fetch that plays a script of answers and counts calls. */
function scriptedFetch(steps: Step[]) {
  const calls: RequestInit[] = [];
  const fake = (async (_url: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push(init);
    const step = steps[Math.min(calls.length - 1, steps.length - 1)];
    if (step === 'network') throw new TypeError('Failed to fetch');
    if (step === 'hang') {
      return new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    return step();
  }) as typeof fetch;
  return { fake, calls };
}

const json = (body: unknown, status = 200) => () =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('http request', () => {
  it('returns the parsed JSON of a success', async () => {
    const { fake } = scriptedFetch([json({ ok: 1 })]);
    expect(await getJSON('/x', { fetch: fake })).to.deep.equal({ ok: 1 });
  });

  it('maps statuses to error kinds', async () => {
    const cases: [number, string][] = [
      [401, 'auth'],
      [403, 'forbidden'],
      [404, 'not-found'],
      [409, 'conflict'],
      [412, 'conflict'],
      [400, 'protocol'],
      [500, 'server'],
      [503, 'server'],
    ];
    for (const [status, kind] of cases) {
      const { fake } = scriptedFetch([json({}, status)]);
      const error = await request('/x', { fetch: fake, retries: 0 }).catch((e: unknown) => e);
      expect(error, String(status)).to.be.instanceOf(SuiteError);
      expect((error as SuiteError).kind, String(status)).to.equal(kind);
      expect((error as SuiteError).status).to.equal(status);
    }
  });

  it('retries idempotent requests on 5xx and network failures, then succeeds', async () => {
    const { fake, calls } = scriptedFetch([json({}, 503), 'network', json({ ok: true })]);
    expect(await getJSON('/x', { fetch: fake, retryDelay: 1 })).to.deep.equal({ ok: true });
    expect(calls).to.have.length(3);
  });

  it('gives up after the allowed retries with the last error', async () => {
    const { fake, calls } = scriptedFetch([json({}, 500)]);
    const error = (await request('/x', { fetch: fake, retries: 2, retryDelay: 1 }).catch((e: unknown) => e)) as SuiteError;
    expect(error.kind).to.equal('server');
    expect(calls).to.have.length(3);
  });

  it('never retries a POST', async () => {
    const { fake, calls } = scriptedFetch([json({}, 503), json({ ok: true })]);
    const error = (await request('/x', { method: 'POST', fetch: fake, retryDelay: 1 }).catch((e: unknown) => e)) as SuiteError;
    expect(error.kind).to.equal('server');
    expect(calls).to.have.length(1);
  });

  it('does not retry a 4xx', async () => {
    const { fake, calls } = scriptedFetch([json({}, 404), json({})]);
    await request('/x', { fetch: fake, retryDelay: 1 }).catch(() => undefined);
    expect(calls).to.have.length(1);
  });

  it('times out a request that hangs', async () => {
    const { fake } = scriptedFetch(['hang']);
    const error = (await request('/x', { fetch: fake, timeout: 30, retries: 0 }).catch((e: unknown) => e)) as SuiteError;
    expect(error.kind).to.equal('timeout');
    expect(error.message).to.contain('30 ms');
  });

  it('is cancelled by the caller without retrying', async () => {
    const { fake, calls } = scriptedFetch(['hang']);
    const controller = new AbortController();
    const pending = request('/x', { fetch: fake, signal: controller.signal, retryDelay: 1 }).catch((e: unknown) => e);
    controller.abort();
    expect(((await pending) as SuiteError).kind).to.equal('aborted');
    expect(calls).to.have.length(1);
  });

  it('reports a body that is not JSON as a protocol error quoting it', async () => {
    const { fake } = scriptedFetch([json('<html>oops</html>')]);
    const error = (await getJSON('/x', { fetch: fake }).catch((e: unknown) => e)) as SuiteError;
    expect(error.kind).to.equal('protocol');
    expect(error.message).to.contain('<html>oops');
  });

  it('backs off exponentially and honours Retry-After', () => {
    expect(backoffDelay(1, 100)).to.be.within(50, 100);
    expect(backoffDelay(3, 100)).to.be.within(200, 400);
    expect(backoffDelay(2, 100, '2')).to.equal(2000);
    expect(backoffDelay(20, 1000)).to.be.at.most(10_000);
  });
});
