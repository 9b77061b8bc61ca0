// Which photo checker judged a stored result; the stored-verdict readers (services/photoGate.ts) need it
// without loading the checker itself (sharp, fft.js, the face models).

/** Raised whenever a check changes what it measures or decides, so photos judged by an older checker are checked again. */
// 2: the face detector's layers fused (conv + bias + leaky ReLU in one kernel): its scores move by up to
// 2.7e-5 — no decision of the labelled set changed, but a photo near a threshold is judged again.
// 3: a transparent page is measured on white, not on the black its hidden colour is (it was 过暗, its
// document coverage and duplicate hash taken from the black); a Tencent 核验单 is JPEG only (S4).
export const PHOTO_CHECKER_VERSION = 3;
