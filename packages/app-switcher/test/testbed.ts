import { urls as testbedUrls } from '../../testbed/client/config.js';

/** The testbed's URLs (the servers are started by web-test-runner for the integration group). */
export const urls = testbedUrls;

export interface Fault {
  path?: string;
  /** Only this HTTP method (PROPFIND, PUT…); default: every method but OPTIONS. */
  method?: string;
  status?: number;
  latency?: number;
  drop?: boolean;
  malformed?: boolean;
  body?: string;
  contentType?: string;
  retryAfter?: number;
  times?: number;
}

/** Makes the gateway misbehave (see packages/testbed/README.md). */
export async function addFault(fault: Fault): Promise<string> {
  const response = await fetch(`${urls.gateway}/__testbed/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (response.status !== 201) throw new Error(`the testbed refused the fault: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

export async function clearFaults(): Promise<void> {
  await fetch(`${urls.gateway}/__testbed/faults`, { method: 'DELETE' });
}

/** How many times the gateway applied a fault so far. */
export async function faultApplied(id: string): Promise<number> {
  const response = await fetch(`${urls.gateway}/__testbed/faults/${id}`);
  if (response.status === 404) return -1; // removed after its `times`
  return ((await response.json()) as { applied: number }).applied;
}
