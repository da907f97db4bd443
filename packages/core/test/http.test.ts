import { expect } from '@open-wc/testing';
import { SuiteError, backoffDelay, getJSON, request } from '@suite-widgets/core';

type Step = ((init: RequestInit) => Response | Promise<Response>) | 'network' | 'hang';

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
    return step(init);
  }) as typeof fetch;
  return { fake, calls };
}

/**
 * A 200 whose headers arrive at once and whose body sends `prefix`, then stalls, never ending.
 * Like the browser's fetch, an abort of the request's signal errors the body, unless
 * `honourSignal` is false (a hand-made Response, or a fetch wrapper that drops the signal).
 */
const stalledBody =
  (honourSignal = true, prefix = '{"ok":') =>
  (init: RequestInit) =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(prefix));
          if (honourSignal) init.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      }),
      { status: 200, headers: { 'Content-Type': 'application/json' } },
    );

/** The value or error of `pending`, or an error saying it did not settle within `ms` (a hang fails fast). */
const settled = (pending: Promise<unknown>, ms = 2000): Promise<unknown> =>
  Promise.race([pending.catch((e: unknown) => e), new Promise((resolve) => setTimeout(() => resolve(new Error(`did not settle within ${ms} ms`)), ms))]);

/**
 * The kind of a SuiteError, else what the value was: assertions compare strings, never a
 * Response (which the test runner fails to report).
 */
const kindOf = (value: unknown): string => (value instanceof SuiteError ? value.kind : `not a SuiteError: ${String(value)}`);

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

  it('times out a body that stalls after the headers, and retries it like any timeout', async () => {
    const { fake, calls } = scriptedFetch([stalledBody()]);
    const started = performance.now();
    const error = await settled(getJSON('/x', { fetch: fake, timeout: 40, retries: 1, retryDelay: 1 }));
    expect(kindOf(error)).to.equal('timeout');
    expect(String(error)).to.contain('40 ms');
    expect(calls).to.have.length(2);
    expect(performance.now() - started).to.be.below(1000);
  });

  it('succeeds when the retry of a stalled body answers', async () => {
    const { fake, calls } = scriptedFetch([stalledBody(false), json({ ok: true })]);
    expect(await settled(getJSON('/x', { fetch: fake, timeout: 40, retryDelay: 1 }))).to.deep.equal({ ok: true });
    expect(calls).to.have.length(2);
  });

  it('is cancelled by the caller while the body is read', async () => {
    const { fake, calls } = scriptedFetch([stalledBody()]);
    const controller = new AbortController();
    const pending = settled(getJSON('/x', { fetch: fake, signal: controller.signal, retryDelay: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).to.have.length(1);
    controller.abort();
    const error = await pending;
    expect(kindOf(error)).to.equal('aborted');
    expect(calls).to.have.length(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { fake, calls } = scriptedFetch([json({ ok: true })]);
    const signal = AbortSignal.abort();
    for (const pending of [request('/x', { fetch: fake, signal }), getJSON('/x', { fetch: fake, signal })]) {
      const error = await settled(pending);
      expect(kindOf(error)).to.equal('aborted');
    }
    expect(calls).to.have.length(0);
  });

  it('sends no retry once the signal is aborted between attempts', async () => {
    const controller = new AbortController();
    const { fake, calls } = scriptedFetch([
      () => {
        controller.abort();
        return json({}, 503)();
      },
    ]);
    const error = await settled(request('/x', { fetch: fake, signal: controller.signal, retryDelay: 1 }));
    expect(kindOf(error)).to.equal('aborted');
    expect(calls).to.have.length(1);
  });

  it('times out a fetch that ignores its signal', async () => {
    const fake = (() => new Promise<Response>(() => undefined)) as typeof fetch;
    const error = await settled(request('/x', { fetch: fake, timeout: 30, retries: 0 }));
    expect(kindOf(error)).to.equal('timeout');
  });

  it('still returns request()’s Response with a body the caller reads later', async () => {
    const { fake } = scriptedFetch([json({ late: true })]);
    const response = await request('/x', { fetch: fake, timeout: 20, retries: 0 });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await response.json()).to.deep.equal({ late: true });
  });

  it('leaves request()’s body to the caller, whose signal still cancels it', async () => {
    const { fake } = scriptedFetch([stalledBody()]);
    const controller = new AbortController();
    const response = await request('/x', { fetch: fake, signal: controller.signal, timeout: 20, retries: 0 });
    await new Promise((resolve) => setTimeout(resolve, 40));
    const reading = settled(response.text());
    controller.abort();
    // Chrome reports an errored body as "TypeError: Failed to fetch"; what matters is that it ends.
    const outcome = await reading;
    expect(outcome).to.be.instanceOf(Error);
    expect(String(outcome)).not.to.contain('did not settle');
  });

  it('backs off exponentially and honours Retry-After', () => {
    expect(backoffDelay(1, 100)).to.be.within(50, 100);
    expect(backoffDelay(3, 100)).to.be.within(200, 400);
    expect(backoffDelay(2, 100, '2')).to.equal(2000);
    expect(backoffDelay(20, 1000)).to.be.at.most(10_000);
  });
});
