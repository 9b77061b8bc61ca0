// The documents read from photos (documentReading.ts holds what is read from each): on their own so
// the CLI's help can list them without loading zod.
export const DOCUMENT_KINDS = ['licence', 'id-front', 'id-back'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
