/// <reference types="vite/client" />
import { html } from 'lit';
import type { TemplateResult } from 'lit';

/**
 * Which backend the stories talk to: the msw fixtures (default, nothing to run) or the testbed's
 * live servers (`npm start` gives Storybook STORYBOOK_TESTBED_URL, the testbed gateway).
 */

export type Backend = 'fixtures' | 'testbed';

interface StorybookEnv {
  readonly STORYBOOK_TESTBED_URL?: string;
}

/** The testbed gateway's base URL (no trailing slash), or undefined when the testbed is not running. */
export function testbedUrl(): string | undefined {
  const url = (import.meta.env as ImportMetaEnv & StorybookEnv).STORYBOOK_TESTBED_URL?.trim();
  return url ? url.replace(/\/+$/, '') : undefined;
}

/** The backend selected in the toolbar (`backend` global). */
export function backendOf(globals: Record<string, unknown>): Backend {
  return globals.backend === 'testbed' ? 'testbed' : 'fixtures';
}

/** True when the toolbar asks for the testbed and it is running. */
export function usesTestbed(globals: Record<string, unknown>): boolean {
  return backendOf(globals) === 'testbed' && testbedUrl() !== undefined;
}

/** A note for stories that should talk to the testbed while it is not running. */
export function testbedMissingNote(): TemplateResult {
  return html`<p class="sb-backend-note" role="note" lang="fr">
    <strong>Banc d’essai arrêté.</strong> STORYBOOK_TESTBED_URL n’est pas défini : les données fictives (msw) sont
    affichées. Lancez <code>npm start</code> pour démarrer le banc d’essai avec Storybook.
    <span lang="en"
      ><strong>Testbed not running.</strong> STORYBOOK_TESTBED_URL is not set: the fixtures (msw) are shown. Run
      <code>npm start</code> to start the testbed with Storybook.</span
    >
  </p>`;
}
