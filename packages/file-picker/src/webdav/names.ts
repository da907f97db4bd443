/** Why a name cannot be given to a new file or folder. */
export type NameProblem = 'empty' | 'slash' | 'dots' | 'too-long' | 'control';

/** Bytes of UTF-8 most file systems (ext4, NTFS through SMB, S3 keys per segment) accept in one name. */
export const MAX_NAME_BYTES = 255;

const encoder = new TextEncoder();

/** C0 controls and DEL: invisible, and refused by most servers (a newline breaks headers and logs). */
function hasControl(name: string): boolean {
  for (let index = 0; index < name.length; index++) {
    const code = name.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Checks a name for a new file or folder: null when it can be sent, else the reason. A backslash
 * counts as a slash: Nextcloud and Windows-backed shares refuse it.
 */
export function validateName(name: string): NameProblem | null {
  if (name.trim() === '') return 'empty';
  if (name === '.' || name === '..') return 'dots';
  if (name.includes('/') || name.includes('\\')) return 'slash';
  if (hasControl(name)) return 'control';
  if (encoder.encode(name).length > MAX_NAME_BYTES) return 'too-long';
  return null;
}
