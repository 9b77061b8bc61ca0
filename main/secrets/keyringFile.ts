// The keyring's file name in a data folder, in a module of its own: secrets/keyAhead.ts reads the file
// before the keyring's code (and zod) is loaded.
export const KEYRING_FILE = 'keyring.json';
