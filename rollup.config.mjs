// @ts-check
/**
 * Two builds:
 *  (a) npm: one ESM build per package in packages/<name>/dist, every dependency external, one file
 *      per source module (consumers' bundlers tree-shake); `tsc -b tsconfig.build.json` adds the .d.ts.
 *  (b) CDN: packages/cdn → dist/cdn: suite.js (the autoloader), one lazy chunk per widget,
 *      lit.js (Lit and the core, shared by every widget), lagaufre.js, integrity.json (SRI).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { minifyTemplates } from './scripts/minify-templates.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const tsconfig = join(root, 'tsconfig.base.json');

/** @typedef {{ name: string, version: string, exports?: Record<string, { development?: string } | string> }} PackageJson */

/** @param {string} dir */
const readPackage = (dir) => /** @type {PackageJson} */ (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')));

/** The publishable packages (those whose exports have a `development` source entry). */
const packages = readdirSync(join(root, 'packages'))
  .map((name) => ({ dir: join(root, 'packages', name), pkg: readPackage(join(root, 'packages', name)) }))
  .filter(({ pkg }) => Object.values(pkg.exports ?? {}).some((entry) => typeof entry === 'object' && entry.development));

/** `@suite-widgets/x/sub` → its TypeScript source, read from the `development` condition of its exports. */
function workspaceSources() {
  /** @type {Map<string, string>} */
  const sources = new Map();
  for (const { dir, pkg } of packages) {
    for (const [subpath, entry] of Object.entries(pkg.exports ?? {})) {
      if (typeof entry === 'object' && entry.development) sources.set(join(pkg.name, subpath).replace(/\/\.$/, ''), resolve(dir, entry.development));
    }
  }
  return {
    name: 'suite-workspace-sources',
    /** @param {string} source */
    resolveId(source) {
      return sources.get(source.replace(/\/$/, '')) ?? null;
    },
  };
}

/** Writes integrity.json: the SRI hash and sizes of every file of the CDN build. */
function integrityManifest() {
  return {
    name: 'suite-integrity-manifest',
    /** @param {unknown} _options @param {import('rollup').OutputBundle} bundle */
    generateBundle(_options, bundle) {
      /** @type {Record<string, { integrity: string, bytes: number, gzip: number }>} */
      const files = {};
      for (const [fileName, output] of Object.entries(bundle).sort(([a], [b]) => a.localeCompare(b))) {
        if (fileName.endsWith('.map')) continue;
        const content = output.type === 'chunk' ? output.code : output.source;
        const buffer = Buffer.from(content);
        files[fileName] = {
          integrity: `sha384-${createHash('sha384').update(buffer).digest('base64')}`,
          bytes: buffer.length,
          gzip: gzipSync(buffer, { level: 9 }).length,
        };
      }
      const version = readPackage(join(root, 'packages/cdn')).version;
      this.emitFile({ type: 'asset', fileName: 'integrity.json', source: `${JSON.stringify({ version, files }, null, 2)}\n` });
    },
  };
}

/** @type {import('rollup').RollupOptions[]} */
const npmBuilds = packages
  .filter(({ pkg }) => pkg.name !== '@suite-widgets/cdn')
  .map(({ dir, pkg }) => ({
    input: Object.fromEntries(
      Object.values(pkg.exports ?? {})
        .filter((entry) => typeof entry === 'object' && entry.development)
        .map((entry) => {
          const source = /** @type {{ development: string }} */ (entry).development;
          return [source.replace(/^\.\/src\//, '').replace(/\.ts$/, ''), resolve(dir, source)];
        }),
    ),
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
    plugins: [esbuild({ tsconfig, target: 'es2022', sourceMap: true })],
    output: {
      dir: join(dir, 'dist'),
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: join(dir, 'src'),
      sourcemap: true,
      entryFileNames: '[name].js',
    },
  }));

const cdnVersion = readPackage(join(root, 'packages/cdn')).version;

/** @type {Record<string, string>} */
const LAZY_CHUNK_NAMES = { 'oidc-auth': 'suite-login-oidc', codes: 'suite-login-errors', upload: 'suite-file-picker-upload', search: 'suite-file-picker-search', en: 'suite-file-picker-en', 'multistatus-dom': 'suite-file-picker-xml', writing: 'suite-file-picker-writing' };

/** @type {import('rollup').RollupOptions} */
const cdnBuild = {
  input: {
    suite: join(root, 'packages/cdn/src/suite.ts'),
    'suite-app-switcher': join(root, 'packages/cdn/src/widgets/suite-app-switcher.ts'),
    'suite-login': join(root, 'packages/cdn/src/widgets/suite-login.ts'),
    'suite-file-picker': join(root, 'packages/cdn/src/widgets/suite-file-picker.ts'),
    lagaufre: join(root, 'packages/cdn/src/lagaufre.ts'),
  },
  preserveEntrySignatures: false,
  plugins: [
    // A chunk renamed or gone must not stay in the folder that is deployed.
    { name: 'clean-cdn-folder', buildStart: () => rmSync(join(root, 'dist/cdn'), { recursive: true, force: true }) },
    workspaceSources(),
    nodeResolve({ browser: true }),
    minifyTemplates(),
    // ES2022 keeps #private members, whose names terser shortens (our classes use no static fields,
    // which esbuild would turn into static blocks, unknown to Safari before 16.4).
    esbuild({ tsconfig, target: 'es2022', define: { __VERSION__: JSON.stringify(cdnVersion) }, sourceMap: true }),
    terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } }),
    integrityManifest(),
  ],
  output: {
    dir: join(root, 'dist/cdn'),
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    // Lazy chunks named after what they are (a manualChunks rule would also pull in the modules
    // they share with the widget's main chunk).
    chunkFileNames: (chunk) => `${LAZY_CHUNK_NAMES[chunk.name] ?? chunk.name}.js`,
    manualChunks(id) {
      if (/[\\/]node_modules[\\/](lit|lit-html|lit-element|@lit)[\\/]/.test(id) || id.includes('/packages/core/')) return 'lit';
      // OIDC mode only: BFF-mode pages never download it.
      if (/[\\/]node_modules[\\/](oidc-client-ts|jwt-decode)[\\/]/.test(id)) return 'oidc-client';
      return undefined;
    },
  },
};

export default [...npmBuilds, cdnBuild];
