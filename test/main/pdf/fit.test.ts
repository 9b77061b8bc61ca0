// Wrapping a value into its box: a domain, an e-mail address or a number is one word, moved whole to the next
// line where it can be; only a word longer than the line itself is broken.
import { describe, expect, it } from 'vitest';
import type { MeasuredFont } from '../../../main/pdf/cidFont';
import { wrap } from '../../../main/pdf/fit';

/** Every character one unit wide at size 1 (widths are cached by name: one name per test font). */
const monospace = (name: string): MeasuredFont => ({ name, widthOfTextAtSize: (text, size) => [...text].length * size });

describe('wrap', () => {
  it('moves a whole domain to the next line instead of breaking it where the line ends', () => {
    const font = monospace('fit-test-domains');
    // 12 characters a line: "aaaa.cn、bbbb" would fit, but bbbbbbbb.cn is one domain
    expect(wrap('aaaa.cn、bbbbbbbb.cn、cc.cn', font, 1, 12)).toEqual(['aaaa.cn、', 'bbbbbbbb.cn、', 'cc.cn']);
    expect(wrap('wxm@example.cn 13800138007', font, 1, 16)).toEqual(['wxm@example.cn ', '13800138007']);
    expect(wrap('居民身份证 440305199003070073', font, 1, 20)).toEqual(['居民身份证 ', '440305199003070073']);
  });

  it('still breaks Chinese between any two characters, and a word longer than the line anywhere', () => {
    const font = monospace('fit-test-cjk');
    expect(wrap('广东省深圳市南山区科技园', font, 1, 5)).toEqual(['广东省深圳', '市南山区科', '技园']);
    // a word longer than the line goes on where the line is, as before: moving it would break it no fewer times
    expect(wrap('a.cn、abcdefghijklmnop.cn', font, 1, 8)).toEqual(['a.cn、abc', 'defghijk', 'lmnop.cn']);
    expect(wrap('网站abc.cn', font, 1, 6)).toEqual(['网站', 'abc.cn']);
  });
});
