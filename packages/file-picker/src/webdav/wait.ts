import { SuiteError } from '@suite-widgets/core';

/** Waits `ms` (a backoff), or rejects with `aborted` ("`what` was cancelled.") when the signal fires. */
export function sleep(ms: number, signal: AbortSignal | undefined, what: string, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SuiteError('aborted', `${what} was cancelled.`, { url, cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
