/// <reference types="vite/client" />
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setStorybookHelpersConfig } from '@wc-toolkit/storybook-helpers';
import { html, nothing } from 'lit';
import { initialize, mswLoader } from 'msw-storybook-addon';
import { backendOf, testbedMissingNote, testbedUrl } from './backend.js';

/*
 * The manifest is generated (`npm run analyze`, or .storybook/main.ts when it is missing) and
 * git-ignored. A glob rather than an import: type-checking does not need the file to exist.
 */
const manifests = import.meta.glob<unknown>('../custom-elements.json', { eager: true, import: 'default' });
const manifest = manifests['../custom-elements.json'];
if (manifest === undefined) {
  throw new Error('custom-elements.json is missing: run "npm run analyze", then reload Storybook.');
}
setCustomElementsManifest(manifest);

// Two-way binding of attributes to args is off: it watches one element per page (wrong in docs
// pages) and would write the live testbed URL back into the `services-url` arg.
setStorybookHelpersConfig({ disableArgObserver: true, hideArgRef: true });

// './' rather than '/': Storybook may be deployed under a sub-path.
initialize({ onUnhandledRequest: 'bypass', quiet: true, serviceWorker: { url: './mockServiceWorker.js' } });

const DARK_BACKGROUND = '#161616';
const LIGHT_BACKGROUND = '#ffffff';

/** Says which backend the stories use when it is not the default fixtures. */
function backendNote(globals: Record<string, unknown>) {
  if (backendOf(globals) !== 'testbed') return nothing;
  const url = testbedUrl();
  if (!url) return testbedMissingNote();
  return html`<p class="sb-backend-note" role="note">Banc d’essai / Testbed : <code>${url}</code></p>`;
}

/**
 * The page around each story: its language (`lang`, which the widgets follow), DSFR's theme
 * attribute and a matching background. Set on a wrapper so that each story of a docs page gets its
 * own; on <html> too in the story view, for elements that live outside the wrapper (La Gaufre's).
 */
const withPage: Decorator = (story, context) => {
  const lang = context.globals.lang === 'en' ? 'en' : 'fr';
  const theme = context.globals.theme === 'dark' ? 'dark' : 'light';
  const background = theme === 'dark' ? DARK_BACKGROUND : LIGHT_BACKGROUND;
  const color = theme === 'dark' ? '#eeeeee' : '#161616';
  if (context.viewMode === 'story') {
    const root = document.documentElement;
    root.lang = lang;
    root.setAttribute('data-fr-theme', theme);
    root.style.colorScheme = theme;
    document.body.style.background = background;
    document.body.style.color = color;
  }
  return html`<style>
      .sb-page {
        font-family: Marianne, Arial, sans-serif;
        padding: 0.5rem;
        border-radius: 0.25rem;
      }
      .sb-backend-note {
        margin: 0 0 1rem;
        padding: 0.5rem 0.75rem;
        border-left: 4px solid #0063cb;
        background: #e8edff;
        color: #161616;
        font-size: 0.875rem;
      }
    </style>
    <div class="sb-page" lang=${lang} data-fr-theme=${theme} style="background: ${background}; color: ${color}">
      ${backendNote(context.globals)}${story()}
    </div>`;
};

const preview: Preview = {
  tags: ['autodocs'],
  loaders: [mswLoader],
  decorators: [withPage],
  initialGlobals: { lang: 'fr', theme: 'light', backend: 'fixtures' },
  globalTypes: {
    lang: {
      description: 'Langue de la page / Page language',
      toolbar: {
        title: 'Langue',
        icon: 'globe',
        items: [
          { value: 'fr', title: 'Français', right: 'fr' },
          { value: 'en', title: 'English', right: 'en' },
        ],
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'Thème DSFR (data-fr-theme) / DSFR theme',
      toolbar: {
        title: 'Thème',
        icon: 'contrast',
        items: [
          { value: 'light', title: 'Clair / Light' },
          { value: 'dark', title: 'Sombre / Dark' },
        ],
        dynamicTitle: true,
      },
    },
    backend: {
      description: 'Données : fixtures msw ou banc d’essai / Data: msw fixtures or the live testbed',
      toolbar: {
        title: 'Backend',
        icon: 'database',
        items: [
          { value: 'fixtures', title: 'Fixtures (msw, hors ligne / offline)' },
          { value: 'testbed', title: 'Testbed (npm start)' },
        ],
        dynamicTitle: true,
      },
    },
  },
  parameters: {
    a11y: { test: 'error' },
    controls: { expanded: true },
    docs: { toc: true },
  },
};

export default preview;
