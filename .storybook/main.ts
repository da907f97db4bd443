import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const MANIFEST = fileURLToPath(new URL('../custom-elements.json', import.meta.url));

/**
 * Controls and docs come from custom-elements.json, which is generated (and git-ignored).
 * `npm run storybook` makes it first, `npm start` does not: make it here when it is missing, so
 * every way of starting Storybook has it.
 */
function ensureManifest(): void {
  if (existsSync(MANIFEST)) return;
  console.log('custom-elements.json is missing: running the analyzer (npm run analyze)…');
  const cli = createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/cem.js');
  const result = spawnSync(process.execPath, [cli, 'analyze', '--config', 'custom-elements-manifest.config.mjs'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0 || !existsSync(MANIFEST)) {
    throw new Error('custom-elements.json could not be generated: run "npm run analyze" and read its errors.');
  }
}

ensureManifest();

/**
 * `@suite-widgets/x[/sub]` → its TypeScript source (the `development` entry of its exports), so
 * stories run on the sources with no build. Aliases rather than the `development` condition, which
 * would also pick Lit's development build.
 */
function workspaceAliases(): { find: RegExp; replacement: string }[] {
  const packagesDir = join(REPO_ROOT, 'packages');
  return readdirSync(packagesDir).flatMap((dir) => {
    const file = join(packagesDir, dir, 'package.json');
    if (!existsSync(file)) return [];
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; exports?: Record<string, unknown> };
    return Object.entries(pkg.exports ?? {}).flatMap(([subpath, entry]) => {
      const source = typeof entry === 'object' && entry !== null ? (entry as { development?: string }).development : undefined;
      if (!source) return [];
      const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
      return [{ find: new RegExp(`^${specifier.replace(/[/.]/g, '\\$&')}$`), replacement: join(packagesDir, dir, source) }];
    });
  });
}

type Alias = { find: string | RegExp; replacement: string };

/** Vite takes aliases as an array or as an object: keep Storybook's own, whichever it used. */
function existingAliases(alias: unknown): Alias[] {
  if (Array.isArray(alias)) return alias as Alias[];
  if (alias && typeof alias === 'object') return Object.entries(alias as Record<string, string>).map(([find, replacement]) => ({ find, replacement }));
  return [];
}

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-docs'],
  // The msw service worker (`npx msw init .storybook/public --save=false`).
  staticDirs: ['./public'],
  core: { disableTelemetry: true },
  viteFinal(viteConfig) {
    return {
      ...viteConfig,
      resolve: {
        ...viteConfig.resolve,
        alias: [...workspaceAliases(), ...existingAliases(viteConfig.resolve?.alias)],
      },
      esbuild: {
        ...(typeof viteConfig.esbuild === 'object' ? viteConfig.esbuild : {}),
        // Lit's decorators are TypeScript's legacy ones; class fields must not shadow the
        // reactive accessors. tsconfig.base.json says so too; this holds whichever tsconfig
        // vite finds for a file.
        tsconfigRaw: {
          compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false, target: 'ES2022' },
        },
      },
    };
  },
};

export default config;
