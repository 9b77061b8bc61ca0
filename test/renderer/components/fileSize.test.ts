import { describe, expect, it } from 'vitest';
import { fileSizeText } from '../../../renderer/components/fileSize';
import { megabytes } from '../../../main/photos/profiles';

describe('fileSizeText', () => {
  it('tells a photo just over the 2 MB limit as the photo check does, not as 2.0 MB', () => {
    expect(fileSizeText(2_050_000)).toBe('2.05 MB');
    expect(fileSizeText(2_050_000)).toBe(megabytes(2_050_000));
    expect(fileSizeText(2_000_000)).toBe('2.00 MB');
  });

  it('tells less than a megabyte in whole KB, rounded up and never 0', () => {
    expect(fileSizeText(999_999)).toBe('1000 KB');
    expect(fileSizeText(400_001)).toBe('401 KB');
    expect(fileSizeText(1)).toBe('1 KB');
    expect(fileSizeText(0)).toBe('1 KB');
  });
});
