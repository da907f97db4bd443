// @ts-check
/**
 * Two builds:
 *  (a) npm: one ESM build per package in packages/<name>/dist, every dependency external, one file
 *      per source module (consumers' bundlers tree-shake); `tsc -b tsconfig.build.json` adds the .d.ts.
 *  (b) CDN: packages/cdn → dist/cdn: suite.js (the autoloader), one lazy chunk per widget,
 *      lit.js (Lit and the core, shared by every widget), lagaufre.js, integrity.json (SRI).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import ts from 'typescript';

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

/**
 * Minifies one static part of a css`` template: comments, whitespace, and, inside declarations,
 * `0.5` → `.5` and `#ffffff` → `#fff`. Spaces around `+` and `-` stay (calc() needs them).
 * @param {string} text @param {boolean} first @param {boolean} last
 */
function minifyCssPart(text, first, last) {
  let out = text
    .replace(/\/\*(?!!)[^]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/ ?\* ?(?=[\d.])/g, '*')
    .replace(/ !important/g, '!important')
    .replace(/:[^;{}]+/g, (value) => value.replace(/([\s:(,*-])0\.(\d)/g, '$1.$2').replace(/#([\da-f])\1([\da-f])\2([\da-f])\3\b/gi, '#$1$2$3'))
    .replace(/='([a-z][\w-]*)'\]/gi, '=$1]')
    .replace(/;}/g, '}');
  if (first) out = out.trimStart();
  if (last) out = out.replace(/;?\s*$/, '');
  return out;
}

/**
 * Minifies one static part of an html`` or svg`` template.
 * @param {string} text @param {boolean} first @param {boolean} last
 */
function minifyHtmlPart(text, first, last) {
  // A line break with its indentation is formatting: gone between two tags and before the end of a
  // tag, one space elsewhere (between words or around an expression, where a space can matter).
  let out = text.replace(/\s*\n\s*/g, (run, offset) => {
    const before = text[offset - 1];
    const after = text.slice(offset + run.length, offset + run.length + 2);
    return (before === '>' && after[0] === '<') || after[0] === '>' || after === '/>' ? '' : ' ';
  });
  out = out.replace(/ \/>/g, '/>');
  if (first) out = out.trimStart();
  if (last) out = out.trimEnd();
  return out;
}

/**
 * Minifies the static text of css``, html`` and svg`` templates (whitespace, comments, short CSS
 * values), found by the TypeScript parser so that nested templates and expressions are exact.
 */
function minifyTemplates() {
  return {
    name: 'suite-minify-templates',
    /** @param {string} code @param {string} id */
    transform(code, id) {
      if (!id.includes('/packages/') || !/\.ts$/.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      /** @type {{ start: number, end: number, text: string }[]} */
      const edits = [];
      /** @param {import('typescript').Node} node */
      const visit = (node) => {
        if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && ['css', 'html', 'svg'].includes(node.tag.text)) {
          const template = node.template;
          const literals = ts.isNoSubstitutionTemplateLiteral(template) ? [template] : [template.head, ...template.templateSpans.map((span) => span.literal)];
          literals.forEach((literal, index) => {
            const start = literal.getStart(source) + 1;
            const end = literal.end - (index === literals.length - 1 ? 1 : 2);
            const first = index === 0;
            const last = index === literals.length - 1;
            const raw = code.slice(start, end);
            const text = node.tag.getText(source) === 'css' ? minifyCssPart(raw, first, last) : minifyHtmlPart(raw, first, last);
            if (text !== raw) edits.push({ start, end, text });
          });
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      if (edits.length === 0) return null;
      let out = code;
      for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, start) + text + out.slice(end);
      return { code: out, map: null };
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

/** @type {import('rollup').RollupOptions} */
const cdnBuild = {
  input: {
    suite: join(root, 'packages/cdn/src/suite.ts'),
    'suite-app-switcher': join(root, 'packages/cdn/src/widgets/suite-app-switcher.ts'),
    lagaufre: join(root, 'packages/cdn/src/lagaufre.ts'),
  },
  preserveEntrySignatures: false,
  plugins: [
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
    chunkFileNames: '[name].js',
    manualChunks(id) {
      if (/[\\/]node_modules[\\/](lit|lit-html|lit-element|@lit)[\\/]/.test(id) || id.includes('/packages/core/')) return 'lit';
      return undefined;
    },
  },
};

export default [...npmBuilds, cdnBuild];
