// Which photo checker judged a stored result; the stored-verdict readers (services/photoGate.ts) need it
// without loading the checker itself (sharp, fft.js, the face models).

/** Raised whenever a check changes what it measures or decides, so photos judged by an older checker are checked again. */
export const PHOTO_CHECKER_VERSION = 1;
