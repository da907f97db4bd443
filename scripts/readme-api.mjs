#!/usr/bin/env node
// @ts-check
/**
 * Writes the API tables of README.md (attributes, properties, methods, events, CSS parts, CSS custom
 * properties, slots) from custom-elements.json, between `<!-- api:<tag> -->` and `<!-- /api:<tag> -->`.
 * `--check` fails instead of writing when the README is out of date, so the README cannot drift
 * from the JSDoc (run by `npm run build`, after `npm run analyze`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

/**
 * @typedef {{ name: string, description?: string, type?: { text: string }, default?: string, fieldName?: string,
 *   kind?: string, privacy?: string, static?: boolean, attribute?: string, parameters?: { name: string, type?: { text: string } }[],
 *   return?: { type?: { text: string } } }} Item
 * @typedef {{ tagName?: string, customElement?: boolean, attributes?: Item[], members?: Item[], events?: Item[],
 *   cssParts?: Item[], cssProperties?: Item[], slots?: Item[] }} Declaration
 */

/** @type {{ modules: { declarations?: Declaration[] }[] }} */
const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
const elements = manifest.modules.flatMap((module) => module.declarations ?? []).filter((d) => d.customElement && d.tagName);

const cell = (/** @type {string | undefined} */ text) => (text ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
const code = (/** @type {string | undefined} */ text) => (text ? `\`${cell(text).replace(/`/g, '')}\`` : '');

/** @param {string[]} headers @param {string[][]} rows */
const table = (headers, rows) =>
  rows.length === 0 ? '' : [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** @param {Declaration} element */
function render(element) {
  const members = element.members ?? [];
  const publicMembers = members.filter((m) => !m.privacy && !m.static && !m.name.startsWith('_'));
  const defaults = new Map(members.map((m) => [m.name, m.default]));
  const attributes = (element.attributes ?? []).map((a) => [code(a.name), code(a.fieldName), code(a.type?.text), code(defaults.get(a.fieldName ?? '') ?? a.default), cell(a.description)]);
  const withAttribute = new Set((element.attributes ?? []).map((a) => a.fieldName));
  const properties = publicMembers
    .filter((m) => m.kind === 'field' && !withAttribute.has(m.name) && m.description)
    .map((m) => [code(m.name), code(m.type?.text), cell(m.description)]);
  const methods = publicMembers
    .filter((m) => m.kind === 'method' && m.description && m.name !== 'emit')
    .map((m) => [code(`${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})`), cell(m.description)]);
  const sections = [
    ['Attributes', table(['Attribute', 'Property', 'Type', 'Default', 'Description'], attributes)],
    ['Properties (JavaScript only)', table(['Property', 'Type', 'Description'], properties)],
    ['Methods', table(['Method', 'Description'], methods)],
    ['Events', table(['Event', 'Description'], (element.events ?? []).map((e) => [code(e.name), cell(e.description)]))],
    ['CSS parts', table(['Part', 'Description'], (element.cssParts ?? []).map((p) => [code(p.name), cell(p.description)]))],
    ['CSS custom properties', table(['Property', 'Description'], (element.cssProperties ?? []).map((p) => [code(p.name), cell(p.description)]))],
    ['Slots', table(['Slot', 'Description'], (element.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', cell(s.description)]))],
  ];
  return sections
    .filter(([, body]) => body)
    .map(([title, body]) => `#### ${title}\n\n${body}`)
    .join('\n\n');
}

const readmePath = join(root, 'README.md');
const before = readFileSync(readmePath, 'utf8');
let after = before;
const missing = [];
for (const element of elements) {
  const tag = /** @type {string} */ (element.tagName);
  const pattern = new RegExp(`(<!-- api:${tag} -->)[^]*?(<!-- /api:${tag} -->)`);
  if (!pattern.test(after)) {
    missing.push(tag);
    continue;
  }
  after = after.replace(pattern, (_all, start, end) => `${start}\n<!-- Generated from custom-elements.json by scripts/readme-api.mjs: edit the JSDoc, then run npm run docs. -->\n\n${render(element)}\n\n${end}`);
}
if (missing.length > 0) {
  console.error(`readme-api: README.md has no <!-- api:TAG --> … <!-- /api:TAG --> block for ${missing.join(', ')}.`);
  process.exit(1);
}
if (check) {
  if (after !== before) {
    console.error('readme-api: the API tables of README.md are out of date with the JSDoc. Run `npm run docs` and commit README.md.');
    process.exit(1);
  }
} else if (after !== before) {
  writeFileSync(readmePath, after);
  console.log('readme-api: README.md updated.');
}
