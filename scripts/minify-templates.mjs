// @ts-check
/**
 * The template minifier of the CDN build: the static text of css``, html`` and svg`` templates
 * loses what the CSS and HTML grammars make insignificant, and nothing else.
 *
 * Safe by construction rather than by regular expressions over the whole text:
 * - A template is minified as one text, its `${…}` holes stood for by HOLE, so that a string or a
 *   tag that spans a hole is still seen whole; then it is cut back at the holes.
 * - It works on the cooked text (what Lit reads: `\\` is one backslash) and writes the result back
 *   as template source, escaped again.
 * - CSS: strings, `url(…)`, escapes (`\:`) and `/*! … *\/` comments are copied as they are; other
 *   comments go; a whitespace run goes only next to `{ } ; , > ( )`, before `!` and after `:`,
 *   and, in declaration values, around `*` and `/`; else it becomes one space (so `.a *  .b`,
 *   `a :hover`, `calc(1px + 2px)` keep theirs); `;}` becomes `}`; in declaration values only
 *   (from a `:` whose next `; { }` is not `{`), `0.5` → `.5` and `#aabbcc` → `#abc`;
 *   `[a='b']` → `[a=b]`.
 * - HTML: a whitespace run between words or tags becomes one space, never none (inline elements
 *   keep their gap); a run with a line break at the very start or end of the template goes.
 *   Inside a tag, runs become one space, and go before `>`, around `=`, and between a quoted
 *   value and `/>`. Attribute values in quotes, comments, and the content of `<pre>`,
 *   `<textarea>`, `<script>` and `<style>` are copied as they are.
 * Known limit: text under an element styled `white-space: pre*` by CSS would lose its line
 * breaks; put such text in an expression or a <pre>.
 */
import ts from 'typescript';

/** Stands for each `${…}` of a template while it is minified as one text. */
export const HOLE = '\uE000';

/** CSS and HTML whitespace (not JavaScript's \s, which includes U+00A0). */
const SPACE = /[ \t\n\r\f]/;
const isSpace = (/** @type {string | undefined} */ char) => char !== undefined && SPACE.test(char);

/** After these, a CSS whitespace run means nothing. */
const CSS_DROP_AFTER = new Set(['{', '}', ';', ',', '>', '(', ':']);
/** Before these, a CSS whitespace run means nothing. */
const CSS_DROP_BEFORE = new Set(['{', '}', ';', ',', '>', ')', '!']);
/** Characters that continue a name or a number: a removed comment between two of them stays `/**\/`. */
const NAME_LIKE = /[\w\-.#%\\\u0080-\uffff]/;

/** @typedef {{ type: 'code' | 'space' | 'verbatim' | 'comment', text: string, inValue?: boolean }} CssToken */

/** End (exclusive) of the CSS string that starts at `start`: its closing quote, an unescaped line break, or the end. */
function cssStringEnd(/** @type {string} */ css, /** @type {number} */ start) {
  const quote = css[start];
  let i = start + 1;
  while (i < css.length) {
    const char = css[i];
    if (char === '\\') i += 2;
    else if (char === quote) return i + 1;
    else if (char === '\n' || char === '\r' || char === '\f') return i;
    else i++;
  }
  return css.length;
}

/** End (exclusive) of the CSS escape at `start`: `\` and one character, or up to 6 hex digits and one whitespace. */
function cssEscapeEnd(/** @type {string} */ css, /** @type {number} */ start) {
  const hex = /^[\da-fA-F]{1,6}(\r\n|[ \t\n\r\f])?/.exec(css.slice(start + 1, start + 9));
  return Math.min(css.length, start + 1 + (hex ? hex[0].length : 1));
}

/** End (exclusive) of `url(…)` whose `(` is at `open`: the first `)` outside a string. */
function cssUrlEnd(/** @type {string} */ css, /** @type {number} */ open) {
  let i = open + 1;
  while (i < css.length) {
    const char = css[i];
    if (char === '"' || char === "'") i = cssStringEnd(css, i);
    else if (char === '\\') i += 2;
    else if (char === ')') return i + 1;
    else i++;
  }
  return css.length;
}

/** Splits CSS into code, whitespace runs, comments, and what is copied as it is (strings, url(), escapes). */
function tokenizeCss(/** @type {string} */ css) {
  /** @type {CssToken[]} */
  const tokens = [];
  let code = '';
  const push = (/** @type {CssToken['type']} */ type, /** @type {string} */ text) => {
    if (code) tokens.push({ type: 'code', text: code });
    code = '';
    tokens.push({ type, text });
  };
  let i = 0;
  while (i < css.length) {
    const char = css[i];
    let end = i + 1;
    if (char === '/' && css[i + 1] === '*') {
      const close = css.indexOf('*/', i + 2);
      end = close < 0 ? css.length : close + 2;
      push('comment', css.slice(i, end));
    } else if (char === '"' || char === "'") {
      end = cssStringEnd(css, i);
      push('verbatim', css.slice(i, end));
    } else if (char === '\\') {
      end = cssEscapeEnd(css, i);
      push('verbatim', css.slice(i, end));
    } else if (char === '(' && /url$/i.test(code)) {
      code = code.slice(0, -3);
      end = cssUrlEnd(css, i);
      push('verbatim', css.slice(i - 3, end));
    } else if (isSpace(char)) {
      while (isSpace(css[end])) end++;
      push('space', css.slice(i, end));
    } else {
      code += char;
    }
    i = end;
  }
  if (code) tokens.push({ type: 'code', text: code });
  return tokens;
}

/** `0.5` → `.5` and `#aabbcc` → `#abc` in a piece of a declaration value (code only). */
function shortenValue(/** @type {string} */ value, /** @type {boolean} */ nameFollows) {
  // A guard character stands for what follows the piece, so that `#aabbcc` followed by an
  // escape or a hole (which continue the name) is left alone.
  const guarded = value + (nameFollows ? 'x' : ' ');
  return guarded
    .replace(/(^|[^\w.\\\u0080-\uffff-])(-?)0\.(?=\d)/g, '$1$2.')
    .replace(/#([\da-f])\1([\da-f])\2([\da-f])\3(?![\w\\\u0080-\uffff-])/gi, '#$1$2$3')
    .slice(0, -1);
}

/** The first of `;`, `{`, `}` in code from token `index`, character `offset` on ('' if none). */
function nextBlockChar(/** @type {CssToken[]} */ tokens, /** @type {number} */ index, /** @type {number} */ offset) {
  for (let t = index; t < tokens.length; t++) {
    if (tokens[t].type !== 'code') continue;
    const found = /[;{}]/.exec(tokens[t].text.slice(t === index ? offset : 0));
    if (found) return found[0];
  }
  return '';
}

/** Shortens numbers and colours inside declaration values, token by token, and marks the whitespace in them. */
function shortenDeclarationValues(/** @type {CssToken[]} */ tokens) {
  let inValue = false;
  tokens.forEach((token, index) => {
    if (token.type === 'space') token.inValue = inValue;
    if (token.type !== 'code') return;
    const next = tokens[index + 1];
    const nameFollows = next !== undefined && next.type === 'verbatim';
    let out = '';
    let piece = '';
    for (let i = 0; i < token.text.length; i++) {
      const char = token.text[i];
      if (char === ';' || char === '{' || char === '}' || (char === ':' && !inValue)) {
        out += (inValue ? shortenValue(piece, false) : piece) + char;
        piece = '';
        // A `:` starts a declaration value unless a `{` comes first (`a:hover {`, `@media (x: 1) {`).
        inValue = char === ':' && nextBlockChar(tokens, index, i + 1) !== '{';
      } else {
        piece += char;
      }
    }
    token.text = out + (inValue ? shortenValue(piece, nameFollows) : piece);
  });
}

/**
 * Minifies CSS (cooked text, holes as HOLE). See the header for what is and is not touched.
 * @param {string} css
 * @returns {string}
 */
export function minifyCss(css) {
  const tokens = tokenizeCss(css);
  // Comments go; `/*!` ones stay; one between two name characters becomes `/**/` (`1px/**/2px`).
  /** @type {CssToken[]} */
  const kept = [];
  tokens.forEach((token, index) => {
    if (token.type !== 'comment') {
      if (token.type === 'space' && kept.at(-1)?.type === 'space') return;
      kept.push(token);
      return;
    }
    if (token.text.startsWith('/*!')) {
      kept.push({ type: 'verbatim', text: token.text });
      return;
    }
    const before = kept.at(-1);
    const after = tokens.slice(index + 1).find((next) => next.type !== 'comment');
    if (before && after && before.type !== 'space' && after.type !== 'space' && NAME_LIKE.test(before.text.at(-1) ?? '') && NAME_LIKE.test(after.text[0])) {
      kept.push({ type: 'verbatim', text: '/**/' });
    }
  });
  shortenDeclarationValues(kept);

  let out = '';
  /** @type {CssToken['type'] | undefined} */
  let lastType;
  kept.forEach((token, index) => {
    const next = kept[index + 1];
    if (token.type === 'space') {
      // Strings, url() and escapes count as neither punctuation nor space.
      const before = lastType === 'code' ? out.at(-1) : lastType ? 'x' : undefined;
      const after = next === undefined ? undefined : next.type === 'code' ? next.text[0] : 'x';
      // In a value, `*` and `/` are operators (calc(), `font: 1rem/1.5`), not the universal selector.
      const operator = token.inValue === true && (before === '*' || before === '/' || after === '*' || after === '/');
      if (before !== undefined && after !== undefined && !CSS_DROP_AFTER.has(before) && !CSS_DROP_BEFORE.has(after) && !operator) {
        out += ' ';
        lastType = 'code';
      }
      return;
    }
    if (token.type === 'code') {
      const text = token.text.replace(/;+(?=\})/g, '');
      if (text.startsWith('}') && lastType === 'code') out = out.replace(/;+$/, '');
      out += text;
      lastType = 'code';
      return;
    }
    // [a='b'] → [a=b]: the quotes of an identifier in an attribute selector are not needed.
    const unquoted = /^(["'])([a-zA-Z_][\w-]*)\1$/.exec(token.text);
    if (unquoted && lastType === 'code' && out.endsWith('=') && next?.type === 'code' && next.text.startsWith(']')) out += unquoted[2];
    else out += token.text;
    lastType = 'verbatim';
  });
  return out;
}

/** Elements whose content is copied as it is. */
const RAW_TEXT_ELEMENTS = new Set(['pre', 'textarea', 'script', 'style']);

/**
 * Minifies the markup of an html`` or svg`` template (cooked text, holes as HOLE). See the header.
 * @param {string} html
 * @returns {string}
 */
export function minifyHtml(html) {
  const length = html.length;
  let out = '';
  let i = 0;
  const spaceEnd = (/** @type {number} */ from) => {
    let end = from;
    while (isSpace(html[end])) end++;
    return end;
  };
  while (i < length) {
    const char = html[i];
    if (html.startsWith('<!--', i)) {
      const close = html.indexOf('-->', i + 4);
      const end = close < 0 ? length : close + 3;
      out += html.slice(i, end);
      i = end;
      continue;
    }
    const tag = char === '<' ? /^<(\/?)([a-zA-Z][^ \t\n\r\f/>\uE000]*)/.exec(html.slice(i, i + 200)) : null;
    if (tag) {
      out += tag[0];
      i += tag[0].length;
      while (i < length && html[i] !== '>') {
        const inner = html[i];
        if ((inner === '"' || inner === "'") && out.endsWith('=')) {
          const close = html.indexOf(inner, i + 1);
          const end = close < 0 ? length : close + 1;
          out += html.slice(i, end);
          i = end;
        } else if (isSpace(inner)) {
          const end = spaceEnd(i);
          const before = out.at(-1);
          const after = html[end];
          const selfClosing = after === '/' && html[end + 1] === '>' && (before === '"' || before === "'");
          if (after === undefined || !(after === '>' || after === '=' || before === '=' || selfClosing)) out += ' ';
          i = end;
        } else {
          out += inner;
          i++;
        }
      }
      if (i < length) {
        out += '>';
        i++;
      }
      const name = tag[2].toLowerCase();
      if (!tag[1] && RAW_TEXT_ELEMENTS.has(name)) {
        const close = new RegExp(`</${name}[ \\t\\n\\r\\f/>]`, 'i').exec(html.slice(i));
        const end = close ? i + close.index : length;
        out += html.slice(i, end);
        i = end;
      }
      continue;
    }
    if (isSpace(char)) {
      const end = spaceEnd(i);
      const atEdge = i === 0 || end === length;
      if (!(atEdge && /[\n\r]/.test(html.slice(i, end)))) out += ' ';
      i = end;
      continue;
    }
    out += char;
    i++;
  }
  return out;
}

/** Cooked template text → template literal source. */
export function encodeTemplateText(/** @type {string} */ text) {
  return text.replace(/\\|`|\$\{|\r/g, (match) => (match === '\r' ? '\\r' : `\\${match}`));
}

/**
 * Minifies the parts of one template (cooked), or returns null when it must be left alone.
 * @param {'css' | 'html' | 'svg'} tag
 * @param {string[]} parts
 * @returns {string[] | null}
 */
export function minifyTemplate(tag, parts) {
  // A lone surrogate cannot be written back as it is; HOLE in the text would be cut as a hole.
  if (parts.some((part) => part.includes(HOLE) || /[\uD800-\uDFFF]/.test(part.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')))) return null;
  const joined = parts.join(HOLE);
  const minified = (tag === 'css' ? minifyCss : minifyHtml)(joined).split(HOLE);
  if (minified.length !== parts.length) throw new Error(`minify-templates: a ${tag}\`\` template lost or gained a \${} hole`);
  return minified;
}

const TAGS = ['css', 'html', 'svg'];
/** TypeScript's flag for a template literal with an invalid escape (cooked text undefined). */
const CONTAINS_INVALID_ESCAPE = 1 << 11;

/**
 * Edits of a TypeScript module: each static part of its css``, html`` and svg`` templates,
 * minified, found by the TypeScript parser (nested templates and expressions stay exact).
 * @param {string} code
 * @param {string} fileName
 * @returns {{ start: number, end: number, text: string }[]}
 */
export function templateEdits(code, fileName = 'module.ts') {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  /** @type {{ start: number, end: number, text: string }[]} */
  const edits = [];
  /** @param {import('typescript').Node} node */
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && TAGS.includes(node.tag.text)) {
      const template = node.template;
      const literals = ts.isNoSubstitutionTemplateLiteral(template) ? [template] : [template.head, ...template.templateSpans.map((span) => span.literal)];
      const invalid = literals.some((literal) => ((/** @type {{ templateFlags?: number }} */ (/** @type {unknown} */ (literal)).templateFlags ?? 0) & CONTAINS_INVALID_ESCAPE) !== 0);
      const parts = literals.map((literal) => literal.text);
      const minified = invalid ? null : minifyTemplate(/** @type {'css' | 'html' | 'svg'} */ (node.tag.text), parts);
      minified?.forEach((text, index) => {
        if (text === parts[index]) return;
        const literal = literals[index];
        const start = literal.getStart(source) + 1;
        const end = literal.end - (index === literals.length - 1 ? 1 : 2);
        edits.push({ start, end, text: encodeTemplateText(text) });
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edits;
}

/** Applies `templateEdits` to a module's source. */
export function minifyModuleTemplates(/** @type {string} */ code, fileName = 'module.ts') {
  let out = code;
  for (const { start, end, text } of templateEdits(code, fileName).sort((a, b) => b.start - a.start)) out = out.slice(0, start) + text + out.slice(end);
  return out;
}

/** The Rollup plugin: minifies the templates of the workspace's TypeScript sources. */
export function minifyTemplates() {
  return {
    name: 'suite-minify-templates',
    /** @param {string} code @param {string} id */
    transform(code, id) {
      if (!id.includes('/packages/') || !/\.ts$/.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
      const out = minifyModuleTemplates(code, id);
      return out === code ? null : { code: out, map: null };
    },
  };
}
