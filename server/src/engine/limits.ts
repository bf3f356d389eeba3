/**
 * The size past which a document is not analysed (the file-too-large rule) and the editor features
 * stand back. IAM's own limits are a few kB (10,240 characters for a managed policy); 5 MB is no
 * policy at all.
 */
export const MAX_DOCUMENT_LENGTH = 5 * 1024 * 1024;

/** The same limit in bytes of UTF-8, as a file on disk measures it: the editor and the CLI agree. */
export const MAX_DOCUMENT_BYTES = MAX_DOCUMENT_LENGTH;

/**
 * The UTF-8 size of `text` when it exceeds MAX_DOCUMENT_BYTES, else undefined. A UTF-16 code unit
 * is one to three bytes, so only texts between a third of the limit and the limit are measured.
 */
export function oversizeBytes(text: string): number | undefined {
  if (text.length * 3 <= MAX_DOCUMENT_BYTES) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > MAX_DOCUMENT_BYTES ? bytes : undefined;
}

/** "9.0 MB", "812 kB": a size as people read it. */
export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} kB`;
}
