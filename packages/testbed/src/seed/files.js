// @ts-check
/**
 * Seed data for the WebDAV backend (`src/webdav.js`) that `<suite-file-picker>` browses: each
 * test account's home with nested folders, real small images (PNG and JPEG), documents (PDF,
 * ODT, DOCX, TXT, CSV), a 3 MiB file, a folder of 5,000 files, hostile and international names,
 * and fixed modification dates so sorting by date means something.
 *
 * Plain JavaScript without Node imports: browser tests can import it to assert on the listing.
 * Every byte is computed here (PNG with stored deflate blocks, baseline JPEG, PDF, ZIP-based
 * ODT/DOCX), so the sizes below are exact and the same everywhere.
 */

/**
 * A folder or a file of the seed, relative to its owner's home.
 * @typedef {object} SeedEntry
 * @property {string} path relative to the home, no leading slash; folders end with `/`
 * @property {string} name the last segment, without the trailing slash
 * @property {'folder' | 'file'} type
 * @property {string} mtime modification time, ISO 8601 (seconds, UTC)
 * @property {number} size bytes (0 for folders)
 * @property {string | undefined} contentType what Apache answers as `getcontenttype` (from /etc/mime.types), undefined when it has none
 * @property {() => Uint8Array} bytes the file's content (empty for folders)
 */

/** The homes the seed fills: one per test account, and `public/` readable by every account. */
export const SEED_OWNERS = Object.freeze(['alice', 'bob', 'public']);

const encoder = new TextEncoder();

// ——— checksums ———

/** @type {Uint32Array | undefined} */
let crcTable;

/**
 * CRC-32 (ISO 3309, as PNG and ZIP use it).
 * @param {Uint8Array} bytes
 * @param {number} [start]
 * @param {number} [end]
 */
export function crc32(bytes, start = 0, end = bytes.length) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n += 1) {
      let c = n;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let crc = 0xffffffff;
  for (let i = start; i < end; i += 1) crc = /** @type {number} */ (table[(crc ^ /** @type {number} */ (bytes[i])) & 0xff]) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** @param {Uint8Array} bytes */
function adler32(bytes) {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    a = (a + /** @type {number} */ (bytes[i])) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Grows a byte array; `u8`, `u16`/`u32` big or little endian, `bytes`, `ascii`. */
class ByteWriter {
  /** @type {number[]} */
  out = [];

  /** @param {number[]} values */
  u8(...values) {
    for (const value of values) this.out.push(value & 0xff);
    return this;
  }

  /** @param {number} value */
  u16be(value) {
    return this.u8(value >>> 8, value);
  }

  /** @param {number} value */
  u32be(value) {
    return this.u8(value >>> 24, value >>> 16, value >>> 8, value);
  }

  /** @param {number} value */
  u16le(value) {
    return this.u8(value, value >>> 8);
  }

  /** @param {number} value */
  u32le(value) {
    return this.u8(value, value >>> 8, value >>> 16, value >>> 24);
  }

  /** @param {Uint8Array} bytes */
  bytes(bytes) {
    for (const byte of bytes) this.out.push(byte);
    return this;
  }

  /** @param {string} text */
  ascii(text) {
    for (let i = 0; i < text.length; i += 1) this.out.push(text.charCodeAt(i) & 0xff);
    return this;
  }

  get length() {
    return this.out.length;
  }

  result() {
    return Uint8Array.from(this.out);
  }
}

// ——— images ———

/** @typedef {readonly [number, number, number]} Rgb */

/**
 * A PNG (RGB, 8 bits) whose zlib stream uses stored (uncompressed) deflate blocks.
 * @param {number} width
 * @param {number} height
 * @param {(x: number, y: number) => Rgb} pixel
 * @returns {Uint8Array}
 */
export function png(width, height, pixel) {
  const raw = new Uint8Array(height * (1 + width * 3));
  let offset = 0;
  for (let y = 0; y < height; y += 1) {
    raw[offset++] = 0; // filter: none
    for (let x = 0; x < width; x += 1) {
      const [r, g, b] = pixel(x, y);
      raw[offset++] = r;
      raw[offset++] = g;
      raw[offset++] = b;
    }
  }
  const zlib = new ByteWriter().u8(0x78, 0x01);
  for (let start = 0; start < raw.length || start === 0; start += 65535) {
    const block = raw.subarray(start, Math.min(start + 65535, raw.length));
    const last = start + 65535 >= raw.length;
    zlib.u8(last ? 1 : 0).u16le(block.length).u16le(~block.length & 0xffff).bytes(block);
    if (last) break;
  }
  zlib.u32be(adler32(raw));

  const out = new ByteWriter().u8(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  /** @param {string} type @param {Uint8Array} data */
  const chunk = (type, data) => {
    out.u32be(data.length);
    const from = out.length;
    out.ascii(type).bytes(data);
    out.u32be(crc32(Uint8Array.from(out.out.slice(from))));
  };
  chunk('IHDR', new ByteWriter().u32be(width).u32be(height).u8(8, 2, 0, 0, 0).result());
  chunk('IDAT', zlib.result());
  chunk('IEND', new Uint8Array(0));
  return out.result();
}

/**
 * A baseline JPEG made of flat 8×8 blocks (each block one colour: only DC coefficients), with a
 * quantisation table of ones and small Huffman tables of its own. Width and height are rounded
 * up to multiples of 8.
 * @param {number} width
 * @param {number} height
 * @param {(blockX: number, blockY: number) => Rgb} blockColour colour of the block at (blockX, blockY)
 * @returns {Uint8Array}
 */
export function jpeg(width, height, blockColour) {
  const blocksX = Math.ceil(width / 8);
  const blocksY = Math.ceil(height / 8);
  const out = new ByteWriter().u8(0xff, 0xd8);
  // APP0 JFIF 1.1, no thumbnail.
  out.u8(0xff, 0xe0).u16be(16).ascii('JFIF\0').u8(1, 1, 0).u16be(1).u16be(1).u8(0, 0);
  // DQT: table 0, all ones.
  out.u8(0xff, 0xdb).u16be(67).u8(0);
  for (let i = 0; i < 64; i += 1) out.u8(1);
  // SOF0: 8 bits, 3 components (Y, Cb, Cr) without subsampling, table 0.
  out.u8(0xff, 0xc0).u16be(17).u8(8).u16be(blocksY * 8).u16be(blocksX * 8).u8(3);
  for (const id of [1, 2, 3]) out.u8(id, 0x11, 0);
  // DHT: DC table 0, categories 0–11 as 4-bit codes 0000…1011.
  out.u8(0xff, 0xc4).u16be(31).u8(0x00).u8(0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  for (let symbol = 0; symbol < 12; symbol += 1) out.u8(symbol);
  // DHT: AC table 0, one code "0" for end-of-block.
  out.u8(0xff, 0xc4).u16be(20).u8(0x10).u8(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).u8(0x00);
  // SOS: the three components, DC table 0 and AC table 0 each.
  out.u8(0xff, 0xda).u16be(12).u8(3);
  for (const id of [1, 2, 3]) out.u8(id, 0x00);
  out.u8(0, 63, 0);

  let bitBuffer = 0;
  let bitCount = 0;
  /** @param {number} value @param {number} count */
  const bits = (value, count) => {
    for (let i = count - 1; i >= 0; i -= 1) {
      bitBuffer = (bitBuffer << 1) | ((value >>> i) & 1);
      bitCount += 1;
      if (bitCount === 8) {
        out.u8(bitBuffer);
        if (bitBuffer === 0xff) out.u8(0); // byte stuffing
        bitBuffer = 0;
        bitCount = 0;
      }
    }
  };
  const predictions = [0, 0, 0];
  for (let by = 0; by < blocksY; by += 1) {
    for (let bx = 0; bx < blocksX; bx += 1) {
      const [r, g, b] = blockColour(bx, by);
      const components = [
        0.299 * r + 0.587 * g + 0.114 * b,
        -0.168736 * r - 0.331264 * g + 0.5 * b + 128,
        0.5 * r - 0.418688 * g - 0.081312 * b + 128,
      ];
      components.forEach((value, index) => {
        // A flat block's DC coefficient is 8 × (sample − 128); the quantiser is 1.
        const dc = 8 * (Math.max(0, Math.min(255, Math.round(value))) - 128);
        const diff = dc - /** @type {number} */ (predictions[index]);
        predictions[index] = dc;
        const magnitude = Math.abs(diff);
        const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
        bits(category, 4);
        if (category > 0) bits(diff > 0 ? diff : diff + (1 << category) - 1, category);
        bits(0, 1); // end of block: every AC coefficient is zero
      });
    }
  }
  if (bitCount > 0) bits(0xff, 8 - bitCount); // pad with ones
  out.u8(0xff, 0xd9);
  return out.result();
}

/** @type {Record<string, Rgb>} */
const COLOURS = {
  bleu: [0, 0, 145],
  blanc: [255, 255, 255],
  rouge: [225, 0, 15],
  vert: [24, 117, 60],
  jaune: [255, 202, 0],
  violet: [110, 68, 95],
  gris: [128, 128, 128],
  ciel: [106, 170, 230],
  sable: [232, 214, 170],
};

/** @param {string} name */
const colour = (name) => /** @type {Rgb} */ (COLOURS[name]);

/** Blue, white, red vertical stripes. @param {number} width @returns {(x: number) => Rgb} */
const tricolore = (width) => (x) => (x < width / 3 ? colour('bleu') : x < (2 * width) / 3 ? colour('blanc') : colour('rouge'));

/** @param {Rgb} from @param {Rgb} to @param {number} t */
const mix = (from, to, t) => {
  const channel = (/** @type {0 | 1 | 2} */ i) => Math.round(from[i] + (to[i] - from[i]) * t);
  return /** @type {Rgb} */ ([channel(0), channel(1), channel(2)]);
};

// ——— documents ———

/**
 * A one-page PDF 1.4 with a title and lines of Helvetica (WinAnsi: Latin-1 characters only).
 * @param {string} title
 * @param {string[]} [lines]
 * @returns {Uint8Array}
 */
export function pdf(title, lines = []) {
  /** @param {string} text */
  const literal = (text) =>
    `(${[...text]
      .map((char) => {
        const code = char.charCodeAt(0);
        if (char === '(' || char === ')' || char === '\\') return `\\${char}`;
        if (code < 0x20 || code > 0x7e) return code <= 0xff ? `\\${code.toString(8).padStart(3, '0')}` : '?';
        return char;
      })
      .join('')})`;
  const content = [`BT /F1 20 Tf 72 770 Td ${literal(title)} Tj ET`, ...lines.map((line, i) => `BT /F1 11 Tf 72 ${730 - i * 16} Td ${literal(line)} Tj ET`)].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Title ${literal(title)} /Producer (Suite widgets testbed) >>`,
  ];
  let text = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  /** @type {number[]} */
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new ByteWriter().ascii(text).result(); // every character is below U+0100
}

/**
 * A ZIP archive with stored (uncompressed) entries and UTF-8 names.
 * @param {{name: string, data: Uint8Array}[]} files
 * @returns {Uint8Array}
 */
export function zip(files) {
  const out = new ByteWriter();
  const central = new ByteWriter();
  const dosTime = (10 << 11) | (30 << 5); // 10:30:00
  const dosDate = ((2026 - 1980) << 9) | (3 << 5) | 12; // 2026-03-12
  for (const file of files) {
    const name = encoder.encode(file.name);
    const crc = crc32(file.data);
    const offset = out.length;
    out.u32le(0x04034b50).u16le(10).u16le(0x0800).u16le(0).u16le(dosTime).u16le(dosDate).u32le(crc).u32le(file.data.length).u32le(file.data.length).u16le(name.length).u16le(0).bytes(name).bytes(file.data);
    central.u32le(0x02014b50).u16le(20).u16le(10).u16le(0x0800).u16le(0).u16le(dosTime).u16le(dosDate).u32le(crc).u32le(file.data.length).u32le(file.data.length).u16le(name.length).u16le(0).u16le(0).u16le(0).u16le(0).u32le(0).u32le(offset).bytes(name);
  }
  const centralOffset = out.length;
  out.bytes(central.result());
  out.u32le(0x06054b50).u16le(0).u16le(0).u16le(files.length).u16le(files.length).u32le(central.length).u32le(centralOffset).u16le(0);
  return out.result();
}

/** @param {string} text */
const xmlText = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An OpenDocument text (ODT) with one paragraph per line.
 * @param {string[]} paragraphs
 */
export function odt(paragraphs) {
  const mimetype = 'application/vnd.oasis.opendocument.text';
  const content = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text>${paragraphs.map((p) => `<text:p>${xmlText(p)}</text:p>`).join('')}</office:text></office:body></office:document-content>\n`;
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="${mimetype}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>\n`;
  return zip([
    { name: 'mimetype', data: encoder.encode(mimetype) },
    { name: 'content.xml', data: encoder.encode(content) },
    { name: 'META-INF/manifest.xml', data: encoder.encode(manifest) },
  ]);
}

/**
 * A Word document (DOCX, Office Open XML) with one paragraph per line.
 * @param {string[]} paragraphs
 */
export function docx(paragraphs) {
  const types = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>\n';
  const rels = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>\n';
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${xmlText(p)}</w:t></w:r></w:p>`).join('')}</w:body></w:document>\n`;
  return zip([
    { name: '[Content_Types].xml', data: encoder.encode(types) },
    { name: '_rels/.rels', data: encoder.encode(rels) },
    { name: 'word/document.xml', data: encoder.encode(document) },
  ]);
}

/**
 * Deterministic pseudo-random bytes (xorshift32), for the big file.
 * @param {number} size
 * @param {number} [seed]
 */
export function noise(size, seed = 0x2026) {
  const bytes = new Uint8Array(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 4) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[i] = state;
    if (i + 1 < size) bytes[i + 1] = state >>> 8;
    if (i + 2 < size) bytes[i + 2] = state >>> 16;
    if (i + 3 < size) bytes[i + 3] = state >>> 24;
  }
  return bytes;
}

// ——— the tree ———

/** Content types from Debian's /etc/mime.types, as Apache's mod_mime answers them. */
const CONTENT_TYPES = Object.freeze({
  txt: 'text/plain',
  csv: 'text/csv',
  md: 'text/markdown',
  png: 'image/png',
  jpg: 'image/jpeg',
  pdf: 'application/pdf',
  odt: 'application/vnd.oasis.opendocument.text',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  bin: 'application/octet-stream',
});

/**
 * What Apache answers as the content type of a name (its last extension), or undefined.
 * @param {string} name
 */
export function contentTypeOf(name) {
  const match = /\.([^.]+)$/.exec(name);
  if (!match || match.index === 0) return undefined; // `.hidden` has no extension
  return /** @type {Record<string, string>} */ (CONTENT_TYPES)[/** @type {string} */ (match[1]).toLowerCase()];
}

/** The 3 MiB file, for upload, progress and download tests. */
const BIG_FILE = 'Documents/Données brutes 3 Mo.bin';
const BIG_FILE_SIZE = 3 * 1024 * 1024;
const BIG_FOLDER = 'Archives 5000/';
const BIG_FOLDER_COUNT = 5000;
const BIG_FOLDER_EXTENSIONS = Object.freeze(['txt', 'csv', 'md', 'pdf', 'png']);

/** A 200-character name (accents included, 204 bytes in UTF-8: under Linux's 255). */
const LONG_NAME = `${'Compte rendu détaillé de la réunion interministérielle sur la transformation numérique '.repeat(3)}`.slice(0, 196).trimEnd().padEnd(196, '-') + '.txt';

/** Names that break careless code: HTML, URL syntax, quotes, emoji, other scripts, spaces. */
const HOSTILE_NAMES = Object.freeze([
  'Été à Noël.txt',
  '<img src=x onerror=alert(1)>.txt',
  'a&b "quote" \'single\'.txt',
  '100% #1 ?.txt',
  'C++ & C#; a=b+c.txt',
  'nom   avec   espaces.txt',
  'リポート 2026.txt',
  'تقرير سنوي.txt',
  '🎉 fête.png',
  LONG_NAME,
  '.hidden',
]);

/** Dates (UTC) spread over years, so that sorting by date differs from sorting by name. */
const at = (/** @type {string} */ date) => new Date(`${date}Z`).toISOString().replace('.000Z', 'Z');

/**
 * @typedef {object} FileSpec
 * @property {string} path
 * @property {string} mtime
 * @property {() => Uint8Array} make
 * @property {number} [size] known without building it
 */

/** @param {string} text */
const textFile = (text) => () => encoder.encode(text);

/**
 * The files and folders of one home, in creation order (parents first).
 * @param {string} owner
 * @returns {{folders: {path: string, mtime: string}[], files: FileSpec[]}}
 */
function specOf(owner) {
  if (owner === 'alice') {
    const folders = [
      { path: 'Documents/', mtime: at('2026-03-12T10:30:00') },
      { path: 'Documents/Projets/', mtime: at('2026-02-02T09:00:00') },
      { path: 'Documents/Projets/2025/', mtime: at('2025-12-19T17:45:00') },
      { path: 'Documents/Projets/2026/', mtime: at('2026-03-12T10:30:00') },
      { path: 'Images/', mtime: at('2025-08-20T19:05:00') },
      { path: 'Images/Vacances/', mtime: at('2025-08-14T12:00:00') },
      { path: 'Partagé avec moi/', mtime: at('2024-11-05T08:20:00') },
      { path: '📁 Rapports/', mtime: at('2026-01-31T18:00:00') },
      { path: 'Dossier vide/', mtime: at('2023-06-01T12:00:00') },
      { path: BIG_FOLDER, mtime: at('2022-01-03T08:00:00') },
    ];
    /** @type {FileSpec[]} */
    const files = [
      { path: 'Documents/Lisez-moi.txt', mtime: at('2024-01-15T09:12:00'), make: textFile('Bienvenue dans l’espace de fichiers de démonstration.\nCes fichiers sont recréés à chaque démarrage du banc d’essai.\n') },
      { path: 'Documents/Rapport annuel.pdf', mtime: at('2025-04-30T16:00:00'), make: () => pdf('Rapport annuel 2024', ['Ministère de l\u2019Exemple', 'Direction du numérique', 'Synthèse des activités de l\u2019année.']) },
      { path: 'Documents/Courrier.docx', mtime: at('2025-10-02T11:20:00'), make: () => docx(['Madame, Monsieur,', 'Veuillez trouver ci-joint le dossier demandé.', 'Cordialement, Alice Martin']) },
      { path: 'Documents/Présentation du service.odt', mtime: at('2023-09-18T14:40:00'), make: () => odt(['Présentation du service', 'Le service numérique accompagne les agents.']) },
      { path: BIG_FILE, mtime: at('2021-07-07T07:07:07'), make: () => noise(BIG_FILE_SIZE), size: BIG_FILE_SIZE },
      { path: 'Documents/Projets/2025/Bilan 2025.pdf', mtime: at('2025-12-19T17:45:00'), make: () => pdf('Bilan 2025', ['Objectifs atteints : 7 sur 9.']) },
      { path: 'Documents/Projets/2025/notes.txt', mtime: at('2025-06-03T08:30:00'), make: textFile('- relancer le prestataire\n- préparer le comité du 12 juin\n') },
      { path: 'Documents/Projets/2026/Budget prévisionnel 2026.csv', mtime: at('2026-01-08T10:00:00'), make: textFile('poste;montant;commentaire\nhébergement;12000;SecNumCloud\nlicences;0;logiciels libres\nformation;4500;"agents, encadrants"\n') },
      { path: 'Documents/Projets/2026/Note de cadrage.odt', mtime: at('2026-02-02T09:00:00'), make: () => odt(['Note de cadrage', 'Périmètre : l’espace de fichiers de La Suite.', 'Échéance : juin 2026.']) },
      { path: 'Documents/Projets/2026/Compte rendu 2026-03-12.docx', mtime: at('2026-03-12T10:30:00'), make: () => docx(['Compte rendu du 12 mars 2026', 'Présents : Alice, Bob.', 'Décision : lancer le pilote.']) },
      { path: 'Documents/Projets/2026/Planning.pdf', mtime: at('2026-01-20T15:15:00'), make: () => pdf('Planning 2026', ['T1 : cadrage', 'T2 : pilote', 'T3 : généralisation']) },
      { path: 'Images/Bleu.png', mtime: at('2024-05-01T10:00:00'), make: () => png(64, 64, () => colour('bleu')) },
      { path: 'Images/Rouge.png', mtime: at('2022-11-11T11:11:00'), make: () => png(48, 32, () => colour('rouge')) },
      { path: 'Images/Tricolore.png', mtime: at('2025-07-14T09:00:00'), make: () => png(90, 60, tricolore(90)) },
      { path: 'Images/Damier.png', mtime: at('2020-02-29T12:00:00'), make: () => png(40, 40, (x, y) => ((Math.floor(x / 8) + Math.floor(y / 8)) % 2 ? colour('violet') : colour('jaune'))) },
      { path: 'Images/Vert.jpg', mtime: at('2023-04-22T18:30:00'), make: () => jpeg(64, 48, () => colour('vert')) },
      { path: 'Images/Dégradé.jpg', mtime: at('2025-08-20T19:05:00'), make: () => jpeg(128, 64, (bx) => mix(colour('bleu'), colour('rouge'), bx / 15)) },
      { path: 'Images/Vacances/Plage.jpg', mtime: at('2025-08-14T12:00:00'), make: () => jpeg(96, 64, (_bx, by) => (by < 4 ? colour('ciel') : colour('sable'))) },
      { path: 'Images/Vacances/Montagne.png', mtime: at('2025-08-10T07:30:00'), make: () => png(80, 60, (x, y) => (y > 60 - Math.min(x, 80 - x) ? colour('gris') : colour('ciel'))) },
      { path: 'Partagé avec moi/Procédure achats.pdf', mtime: at('2024-11-05T08:20:00'), make: () => pdf('Procédure achats', ['1. Exprimer le besoin', '2. Consulter', '3. Commander']) },
      { path: 'Partagé avec moi/Contacts.csv', mtime: at('2024-10-28T13:00:00'), make: textFile('nom;courriel\nBob Lefèvre;bob@ministere.example\nAlice Martin;alice@ministere.example\n') },
      { path: '📁 Rapports/Rapport T1.pdf', mtime: at('2026-01-31T18:00:00'), make: () => pdf('Rapport T1', ['Activité du premier trimestre.']) },
      { path: '📁 Rapports/🎉 fête.png', mtime: at('2025-12-24T20:00:00'), make: () => png(32, 32, (x, y) => ((x + y) % 8 < 4 ? colour('jaune') : colour('violet'))) },
    ];
    HOSTILE_NAMES.forEach((name, index) => {
      const mtime = at(`20${String(19 + (index % 8)).padStart(2, '0')}-${String(1 + index).padStart(2, '0')}-0${1 + (index % 9)}T12:00:00`);
      const make = name.endsWith('.png') ? () => png(16, 16, () => colour('jaune')) : textFile(`Fichier au nom difficile : ${name}\n`);
      files.push({ path: name, mtime, make });
    });
    /** @type {Map<string, Uint8Array>} */
    const shared = new Map();
    for (let i = 1; i <= BIG_FOLDER_COUNT; i += 1) {
      const extension = /** @type {string} */ (BIG_FOLDER_EXTENSIONS[(i - 1) % BIG_FOLDER_EXTENSIONS.length]);
      const path = `${BIG_FOLDER}pièce-${String(i).padStart(4, '0')}.${extension}`;
      // One file per hour back from 2022-01-03 08:00 UTC, so the newest is pièce-0001.
      const mtime = new Date(Date.UTC(2022, 0, 3, 8) - (i - 1) * 3600_000).toISOString().replace('.000Z', 'Z');
      /** @type {() => Uint8Array} */
      let make;
      if (extension === 'png' || extension === 'pdf') {
        make = () => {
          let bytes = shared.get(extension);
          if (!bytes) {
            bytes = extension === 'png' ? png(8, 8, () => colour('gris')) : pdf('Pièce d’archive');
            shared.set(extension, bytes);
          }
          return bytes;
        };
      } else {
        make = textFile(extension === 'csv' ? `numéro;pièce\n${i};archive\n` : `Pièce d’archive n° ${i}\n`);
      }
      files.push({ path, mtime, make });
    }
    return { folders, files };
  }
  if (owner === 'bob') {
    return {
      folders: [
        { path: 'Documents/', mtime: at('2025-09-09T09:09:00') },
        { path: 'Images/', mtime: at('2025-05-05T15:00:00') },
      ],
      files: [
        { path: 'Bienvenue.txt', mtime: at('2025-01-02T08:00:00'), make: textFile('Espace de fichiers de Bob.\n') },
        { path: 'Documents/Notes de Bob.txt', mtime: at('2025-09-09T09:09:00'), make: textFile('Penser à partager le budget avec Alice.\n') },
        { path: 'Documents/Budget.csv', mtime: at('2025-03-03T10:00:00'), make: textFile('poste;montant\nmatériel;3000\n') },
        { path: 'Images/Chat.png', mtime: at('2025-05-05T15:00:00'), make: () => png(24, 24, (x, y) => ((x - 12) ** 2 + (y - 12) ** 2 < 81 ? colour('gris') : colour('blanc'))) },
      ],
    };
  }
  if (owner === 'public') {
    return {
      folders: [{ path: 'Modèles/', mtime: at('2024-02-01T10:00:00') }],
      files: [
        { path: 'Lisez-moi public.txt', mtime: at('2024-02-01T10:00:00'), make: textFile('Dossier public : lisible par tous les comptes, modifiable par personne.\n') },
        { path: 'Logo.png', mtime: at('2023-03-03T03:03:00'), make: () => png(48, 48, tricolore(48)) },
        { path: 'Modèles/Modèle de courrier.docx', mtime: at('2024-01-10T10:00:00'), make: () => docx(['Objet :', 'Madame, Monsieur,']) },
        { path: 'Modèles/Modèle de note.odt', mtime: at('2024-01-11T10:00:00'), make: () => odt(['Note à l’attention de…']) },
      ],
    };
  }
  return { folders: [], files: [] };
}

/** @type {Map<string, readonly SeedEntry[]>} */
const treeCache = new Map();

/**
 * Every folder and file of an owner's home (`alice`, `bob` or `public`), parents before
 * children. Contents are built on first use of `bytes()` and kept.
 * @param {string} owner
 * @returns {readonly SeedEntry[]}
 */
export function seedTree(owner) {
  const cached = treeCache.get(owner);
  if (cached) return cached;
  const { folders, files } = specOf(owner);
  /** @type {SeedEntry[]} */
  const entries = [];
  const empty = new Uint8Array(0);
  for (const folder of folders) {
    entries.push(Object.freeze({ path: folder.path, name: nameOf(folder.path), type: 'folder', mtime: folder.mtime, size: 0, contentType: undefined, bytes: () => empty }));
  }
  for (const file of files) {
    /** @type {Uint8Array | undefined} */
    let built;
    const bytes = () => (built ??= file.make());
    const size = file.size ?? bytes().length;
    entries.push(Object.freeze({ path: file.path, name: nameOf(file.path), type: 'file', mtime: file.mtime, size, contentType: contentTypeOf(file.path), bytes }));
  }
  const frozen = Object.freeze(entries);
  treeCache.set(owner, frozen);
  return frozen;
}

/**
 * The direct children of a folder of the seed, as a `PROPFIND Depth: 1` lists them (in no
 * particular order; the folder itself not included).
 * @param {string} owner
 * @param {string} [folder] relative to the home, `''` (default) for the home, else ending with `/`
 * @returns {SeedEntry[]}
 */
export function seedChildren(owner, folder = '') {
  return seedTree(owner).filter((entry) => {
    if (!entry.path.startsWith(folder) || entry.path === folder) return false;
    const rest = entry.path.slice(folder.length).replace(/\/$/, '');
    return !rest.includes('/');
  });
}

/** @param {string} path */
function nameOf(path) {
  const trimmed = path.replace(/\/$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * What tests can count on. Homes are at `<webdav>/<owner>/` (`<webdav>` is `testbed.urls.webdav`,
 * ending in `/dav/`); names in URLs are percent-encoded UTF-8.
 */
export const FILES_SEED = Object.freeze({
  /** The account whose home has everything below. */
  user: 'alice',
  /** The homes that exist: one per account, and the read-only `public/`. */
  owners: SEED_OWNERS,
  /** Folders (relative to alice's home) that nest three levels deep. */
  nestedFolder: 'Documents/Projets/2026/',
  emptyFolder: 'Dossier vide/',
  emojiFolder: '📁 Rapports/',
  sharedFolder: 'Partagé avec moi/',
  imagesFolder: 'Images/',
  /** 5,000 files `pièce-0001.txt` … `pièce-5000.png` (extensions cycle through txt, csv, md, pdf, png); mtimes one hour apart, pièce-0001 the newest. */
  bigFolder: BIG_FOLDER,
  bigFolderCount: BIG_FOLDER_COUNT,
  bigFolderExtensions: BIG_FOLDER_EXTENSIONS,
  /** A 3 MiB file of pseudo-random bytes (`noise(bigFileSize)`). */
  bigFile: BIG_FILE,
  bigFileSize: BIG_FILE_SIZE,
  /** Files at the root of alice's home whose names are hostile or international. */
  hostileNames: HOSTILE_NAMES,
  longName: LONG_NAME,
  hiddenFile: '.hidden',
  /** A name with HTML that must never be interpreted. */
  htmlName: '<img src=x onerror=alert(1)>.txt',
  /** A name with `%`, `#` and `?`: each must be percent-encoded in a URL. */
  urlSyntaxName: '100% #1 ?.txt',
});
