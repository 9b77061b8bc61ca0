// Pure functions the rules ask again and again of the same text — a domain's ASCII form, its suffix, its
// registered name, a homepage's host, a quoted rule ID — by several rules a client and for every client of a
// check-all slice: their answers are kept, in a map that forgets all of them once it holds `bound`, so a
// long run's memory stays bounded whatever it reads.

/**
 * How many answers are kept before starting afresh: more than the numbers and domains of a check-all slice
 * (≤ 1 000 clients), which are asked once when the slice is read and again by the rules.
 */
export const ANSWERS_KEPT = 16_384;

/** `answer` with its answers kept (at most `bound`); `answer` must be pure, and never answer undefined. */
export function keptAnswers<R extends NonNullable<unknown> | null>(answer: (key: string) => R, bound = ANSWERS_KEPT): (key: string) => R {
  const kept = new Map<string, R>();
  return (key) => {
    let r = kept.get(key);
    if (r === undefined) {
      if (kept.size >= bound) kept.clear();
      kept.set(key, (r = answer(key)));
    }
    return r;
  };
}
