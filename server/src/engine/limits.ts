/**
 * The size past which a document is not analysed (the file-too-large rule) and the editor features
 * stand back. IAM's own limits are a few kB (10,240 characters for a managed policy); 5 MB is no
 * policy at all.
 */
export const MAX_DOCUMENT_LENGTH = 5 * 1024 * 1024;
