// @ts-check
/** Tests of the CDN build's template minifier: `node --test scripts/`. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOLE, encodeTemplateText, minifyCss, minifyHtml, minifyModuleTemplates, minifyTemplate } from './minify-templates.mjs';

describe('minifyCss', () => {
  it('drops comments, indentation and the spaces the grammar ignores', () => {
    const css = `
      /* the host */
      :host {
        display: block ;
        margin: 0 auto !important;
      }
      a > b , c ~ d + e { color : red; }
    `;
    assert.equal(minifyCss(css), ':host{display:block;margin:0 auto!important}a>b,c ~ d + e{color :red}');
  });

  it('keeps strings whole: spaces, colons, braces, comment-like text, hex', () => {
    assert.equal(minifyCss('.n::before { content: "Note : voir" ; }'), '.n::before{content:"Note : voir"}');
    assert.equal(minifyCss(".g { grid-template-areas: 'a  b' \"c   d\"; }"), ".g{grid-template-areas:'a  b' \"c   d\"}");
    assert.equal(minifyCss('.q { content: "a;} /* no */ #aabbcc 0.5"; }'), '.q{content:"a;} /* no */ #aabbcc 0.5"}');
    assert.equal(minifyCss('.e { content: "say \\"hi  there\\""; }'), '.e{content:"say \\"hi  there\\""}');
  });

  it('keeps url() whole, quoted or not', () => {
    assert.equal(minifyCss('.u { background: url(a/*b*/c.png) no-repeat; }'), '.u{background:url(a/*b*/c.png) no-repeat}');
    assert.equal(minifyCss('.u { background: url( "x ).png" ) ; }'), '.u{background:url( "x ).png" )}');
    assert.equal(minifyCss('.u { mask: URL(data:image/svg+xml;utf8,<svg  a="b"/>); }'), '.u{mask:URL(data:image/svg+xml;utf8,<svg  a="b"/>)}');
  });

  it('keeps the descendant combinator around * and before a pseudo-class', () => {
    assert.equal(minifyCss('.list * .item { color: red }'), '.list * .item{color:red}');
    assert.equal(minifyCss('.a { b: c } .list * .item, :is(a * b) { color: red }'), '.a{b:c}.list * .item,:is(a * b){color:red}');
    assert.equal(minifyCss('.list *.item, a :hover, a:hover { color: red }'), '.list *.item,a :hover,a:hover{color:red}');
    assert.equal(minifyCss('.a  .b\n.c { x: y }'), '.a .b .c{x:y}');
  });

  it('keeps the spaces calc() and media queries need', () => {
    assert.equal(minifyCss('.c { width: calc(100% - 2 * var(--x, 1px) / 3); font: 1rem / 1.5 a }'), '.c{width:calc(100% - 2*var(--x,1px)/3);font:1rem/1.5 a}');
    assert.equal(minifyCss('@media screen and (max-width: 600px) { .a { b: c } }'), '@media screen and (max-width:600px){.a{b:c}}');
  });

  it('shortens hex colours and numbers in declaration values only', () => {
    assert.equal(minifyCss('.a { color: #AABBCC; border: 0.5px solid #ffffff; opacity: -0.25 }'), '.a{color:#ABC;border:.5px solid #fff;opacity:-.25}');
    assert.equal(minifyCss('.a:not(#aabbcc) { color: #aabbcc }'), '.a:not(#aabbcc){color:#abc}');
    assert.equal(minifyCss('a:hover #ffeedd { margin: 10.5px 1.05em }'), 'a:hover #ffeedd{margin:10.5px 1.05em}');
    assert.equal(minifyCss('.a { color: #aabbccdd; background: #aabbcc80 }'), '.a{color:#aabbccdd;background:#aabbcc80}');
    assert.equal(minifyCss('.a { grid-area: a-0.5 }'), '.a{grid-area:a-0.5}');
    assert.equal(minifyCss('.a { &:hover { color: #ffffff } }'), '.a{&:hover{color:#fff}}');
  });

  it('keeps escapes whole', () => {
    assert.equal(minifyCss('.a\\: .b { x: y }'), '.a\\: .b{x:y}');
    assert.equal(minifyCss('.\\31 23 .b { x: y }'), '.\\31 23 .b{x:y}');
  });

  it('keeps /*! comments and the separation a comment made', () => {
    assert.equal(minifyCss('/*! licence */ a { b: 1px/**/2px }'), '/*! licence */ a{b:1px/**/2px}');
    assert.equal(minifyCss('a { b: c /* x */ ; }'), 'a{b:c}');
  });

  it('unquotes identifiers in attribute selectors only', () => {
    assert.equal(minifyCss("[part='button'] { content: 'x' }"), "[part=button]{content:'x'}");
    assert.equal(minifyCss('[title="a b"] { x: y }'), '[title="a b"]{x:y}');
  });

  it('does not drop a semicolon that ends a template fragment or sits in a string', () => {
    assert.equal(minifyCss('  color: red;\n'), 'color:red;');
    assert.equal(minifyCss('a { content: ";" }'), 'a{content:";"}');
  });
});

describe('minifyHtml', () => {
  it('keeps one space between inline elements, even across a line break', () => {
    assert.equal(minifyHtml('<b>Prénom</b>\n        <i>Nom</i>'), '<b>Prénom</b> <i>Nom</i>');
    assert.equal(minifyHtml('<span>a</span><span>b</span>'), '<span>a</span><span>b</span>');
    assert.equal(minifyHtml('<p>\n  Hello   world\n</p>'), '<p> Hello world </p>');
  });

  it('drops the line-broken indentation at the edges of a template only', () => {
    assert.equal(minifyHtml('\n  <div>x</div>\n'), '<div>x</div>');
    assert.equal(minifyHtml(' <b>x</b> '), ' <b>x</b> ');
  });

  it('leaves <pre>, <textarea>, <script>, <style> and comments untouched', () => {
    const pre = '<pre>\n  a\n    b\n</pre>';
    assert.equal(minifyHtml(`<div>\n  ${pre}\n</div>`), `<div> ${pre} </div>`);
    assert.equal(minifyHtml('<textarea name="t">\n  keep   this\n</textarea >'), '<textarea name="t">\n  keep   this\n</textarea>');
    assert.equal(minifyHtml('<style>\n a  b {} </style>'), '<style>\n a  b {} </style>');
    assert.equal(minifyHtml('<!--  a\n  b  -->'), '<!--  a\n  b  -->');
  });

  it('leaves attribute values untouched, multi-line ones included', () => {
    assert.equal(minifyHtml('<div\n   title="a\n   b"\n   class = \'x  y\'\n>t</div>'), '<div title="a\n   b" class=\'x  y\'>t</div>');
    assert.equal(minifyHtml('<a title=it\'s  ok>x</a>'), '<a title=it\'s ok>x</a>');
  });

  it('keeps the space before /> unless a quote precedes it', () => {
    assert.equal(minifyHtml('<path d="M0 0" />'), '<path d="M0 0"/>');
    assert.equal(minifyHtml(`<img src=${HOLE} />`), `<img src=${HOLE} />`);
    assert.equal(minifyHtml('<br />'), '<br />');
  });

  it('treats holes as opaque words', () => {
    assert.equal(minifyHtml(`<div class="a ${HOLE}"\n  ?hidden=${HOLE}>\n  ${HOLE}\n  ${HOLE}\n</div>`), `<div class="a ${HOLE}" ?hidden=${HOLE}> ${HOLE} ${HOLE} </div>`);
  });

  it('keeps non-breaking spaces', () => {
    assert.equal(minifyHtml('<b>a</b>\u00a0<i>b</i>'), '<b>a</b>\u00a0<i>b</i>');
  });
});

describe('minifyTemplate', () => {
  it('sees strings and tags across holes', () => {
    assert.deepEqual(minifyTemplate('css', ['.a::before { content: "', ' : x"; color: #ffffff; }']), ['.a::before{content:"', ' : x";color:#fff}']);
    assert.deepEqual(minifyTemplate('html', ['<a\n  href="', '  x"\n  title=', '\n>\n  ', '\n</a>']), ['<a href="', '  x" title=', '> ', ' </a>']);
  });

  it('keeps the space around a hole', () => {
    assert.deepEqual(minifyTemplate('css', ['.a ', ' { margin: ', ' 0.5em; }']), ['.a ', '{margin:', ' .5em}']);
    assert.deepEqual(minifyTemplate('css', [':host { color: #aabbcc', '; }']), [':host{color:#aabbcc', '}']);
  });

  it('leaves a template with the placeholder character alone', () => {
    assert.equal(minifyTemplate('html', [`a ${HOLE}  b`]), null);
  });
});

describe('minifyModuleTemplates', () => {
  it('rewrites the source of css`` and html`` templates, escapes included, nested ones too', () => {
    const source = [
      'const styles = css`',
      '  .a::before { content: "\\\\201C  x"; }',
      '  .b { color: #ffffff; }',
      '`;',
      'const view = html`<ul>\n  ${items.map((i) => html`<li>\n    ${i}\n  </li>`)}\n</ul>`;',
      'const other = sql`keep   this`;',
      '',
    ].join('\n');
    const out = minifyModuleTemplates(source);
    assert.equal(
      out,
      [
        'const styles = css`.a::before{content:"\\\\201C  x"}.b{color:#fff}`;',
        'const view = html`<ul> ${items.map((i) => html`<li> ${i} </li>`)} </ul>`;',
        'const other = sql`keep   this`;',
        '',
      ].join('\n'),
    );
  });

  it('writes back backticks, ${ and carriage returns escaped', () => {
    assert.equal(encodeTemplateText('a`b${c}\\d\re'), 'a\\`b\\${c}\\\\d\\re');
    const source = 'css`a::before { content: "\\`  \\${x}" }`';
    assert.equal(minifyModuleTemplates(source), 'css`a::before{content:"\\`  \\${x}"}`');
  });

  it('leaves a template with an invalid escape alone', () => {
    const source = 'html`<b>\\unicode</b>\n  <i>x</i>`';
    assert.equal(minifyModuleTemplates(source), source);
  });
});
