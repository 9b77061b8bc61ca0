// The passphrase typed in a terminal is never echoed: only the question reaches the screen. Run against
// a stand-in terminal (a stream that says it is a TTY), since the test itself has none.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { promptHidden } from '../../../main/secrets/prompt';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A terminal that receives `typed` after the question is shown; returns what was written to the screen. */
function terminal(typed: string) {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(input as unknown as typeof process.stdin);
  const screen: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    screen.push(String(chunk));
    return true;
  }) as typeof process.stderr.write);
  setTimeout(() => input.write(typed), 20);
  return screen;
}

describe('the hidden passphrase prompt', () => {
  it('shows the question once and returns what was typed, without echoing it', async () => {
    const screen = terminal('secret-passphrase-1\r');
    await expect(promptHidden('数据密码：')).resolves.toBe('secret-passphrase-1');
    const shown = screen.join('');
    expect(shown).toContain('数据密码：');
    expect(shown.split('数据密码：')).toHaveLength(2);
    expect(shown).not.toContain('secret');
    expect(shown.endsWith('\n')).toBe(true);
  });

  it('refuses to ask where there is no terminal', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: false });
    vi.spyOn(process, 'stdin', 'get').mockReturnValue(input as unknown as typeof process.stdin);
    await expect(promptHidden('数据密码：')).rejects.toThrow('not a terminal');
  });
});
