/**
 * `accept` as on `<input type=file>`: a comma-separated list of extensions (`.pdf`), MIME types
 * (`application/pdf`) and wildcards (`image/*`). Empty: everything is accepted.
 */
export type AcceptTest = (name: string, type: string) => boolean;

/** Extensions a server that sends no (or a generic) content type still lets us recognise. */
const TYPE_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  avif: 'image/avif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

/** The MIME type the server gave, else the one its extension implies, else ''. */
export function typeOf(name: string, serverType: string): string {
  const type = serverType.split(';')[0].trim().toLowerCase();
  if (type && type !== 'application/octet-stream') return type;
  return TYPE_BY_EXTENSION[extensionOf(name)] ?? type;
}

/** Turns an `accept` value into a test; malformed tokens are ignored (and reported by the caller). */
export function parseAccept(accept: string | null | undefined): { test: AcceptTest; invalid: string[] } {
  const tokens = (accept ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean);
  const invalid = tokens.filter((token) => !/^\.[^\s/.][^\s/]*$/.test(token) && !/^[a-z0-9.+-]+\/(\*|[a-z0-9.+-]+)$/.test(token));
  const valid = tokens.filter((token) => !invalid.includes(token));
  if (valid.length === 0) return { test: () => true, invalid };
  return {
    invalid,
    test: (name, serverType) => {
      const lower = name.toLowerCase();
      const type = typeOf(name, serverType);
      return valid.some((token) =>
        token.startsWith('.') ? lower.endsWith(token) : token.endsWith('/*') ? type.startsWith(token.slice(0, -1)) : type === token,
      );
    },
  };
}
