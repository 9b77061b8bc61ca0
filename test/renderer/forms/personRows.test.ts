import { describe, expect, it } from 'vitest';
import { indexAfterRemoval } from '../../../renderer/forms/personRows';

describe('a reference to a 负责人 row when a row is removed', () => {
  it('moves up with the rows below, stays above, and is gone when it was the removed row', () => {
    expect(indexAfterRemoval(1, 0)).toBe(0); // the ID photo accepted into 负责人 2 stays with that person
    expect(indexAfterRemoval(2, 0)).toBe(1);
    expect(indexAfterRemoval(0, 1)).toBe(0);
    expect(indexAfterRemoval(1, 1)).toBeUndefined(); // not passed on to the person who takes the index
    expect(indexAfterRemoval(undefined, 0)).toBeUndefined();
  });
});
