// The passphrase typed in a terminal is never echoed: only the question reaches the screen (redrawn as
// the prompt library does, never with what was typed, nor a mask showing its length). Run against a
// stand-in terminal (a stream that says it is a TTY), since the test itself has none.
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
  const stdout: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    screen.push(String(chunk));
    return true;
  }) as typeof process.stderr.write);
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  }) as typeof process.stdout.write);
  setTimeout(() => input.write(typed), 20);
  return { screen, stdout };
}

/** What the screen shows as text: cursor moves, line clears and colours taken out. */
const text = (screen: string[]) => screen.join('').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

describe('the hidden passphrase prompt', () => {
  it('shows only the question on stderr and returns what was typed, without echoing it', async () => {
    const { screen, stdout } = terminal('secret-passphrase-1\r');
    await expect(promptHidden('数据密码：')).resolves.toBe('secret-passphrase-1');
    const shown = text(screen);
    expect(shown).toContain('数据密码：');
    // every redraw is the question alone: not a character typed, not a mask character per key
    expect(shown.replaceAll('数据密码：', '').trim()).toBe('');
    expect(shown.endsWith('\n')).toBe(true);
    expect(stdout).toEqual([]);
  });

  it('has no key that reveals what was typed (Ctrl+T)', async () => {
    const { screen } = terminal('top\x14secret\r');
    await expect(promptHidden('数据密码：')).resolves.toBe('topsecret');
    expect(text(screen).replaceAll('数据密码：', '').trim()).toBe('');
  });

  it('stops with a message in Chinese when the operator presses Ctrl+C', async () => {
    terminal('abc\x03');
    // the prompt's own error stays attached as the cause, for whoever logs the details
    await expect(promptHidden('数据密码：')).rejects.toMatchObject({ message: '已取消输入', cause: expect.objectContaining({ name: 'ExitPromptError' }) });
  });

  it('refuses to ask where there is no terminal', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: false });
    vi.spyOn(process, 'stdin', 'get').mockReturnValue(input as unknown as typeof process.stdin);
    await expect(promptHidden('数据密码：')).rejects.toThrow('not a terminal');
  });
});
