// The desk's processes on Linux start with glibc's malloc arena limit (electron/malloc-env.mjs): the
// launchers pass it on, an operator's own value is kept, and a CLI command without photo work is not
// started twice for it.
import { describe, expect, it } from 'vitest';
import { lacksMallocEnv, MALLOC_ENV, RELAUNCHED_ARG, runsImageWork, shouldRelaunchForMallocEnv, withMallocEnv } from '../../electron/malloc-env.mjs';

describe('malloc arena limit for desk processes', () => {
  it('is added on Linux, kept when the operator set it, and not set on Windows or macOS', () => {
    expect(withMallocEnv({ PATH: '/usr/bin' }, 'linux')).toEqual({ PATH: '/usr/bin', ...MALLOC_ENV });
    expect(MALLOC_ENV.MALLOC_ARENA_MAX).toBe('2');
    expect(withMallocEnv({ MALLOC_ARENA_MAX: '4' }, 'linux')).toEqual({ MALLOC_ARENA_MAX: '4' });
    expect(withMallocEnv({ PATH: 'C:\\Windows' }, 'win32')).toEqual({ PATH: 'C:\\Windows' });
    expect(lacksMallocEnv({}, 'darwin')).toBe(false);
    expect(lacksMallocEnv({}, 'linux')).toBe(true);
  });

  it('restarts the servers and the photo and OCR commands with it, not the other CLI commands', () => {
    expect(runsImageWork('server', [])).toBe(true);
    expect(runsImageWork('serve', ['--port', '0'])).toBe(true);
    expect(runsImageWork('cli', ['photos', 'check', 'dir'])).toBe(true);
    expect(runsImageWork('cli', ['--data', '/tmp/d', 'intake', 'ocr', 'a.jpg'])).toBe(true);
    expect(runsImageWork('cli', ['entity', 'list'])).toBe(false);
    expect(runsImageWork('cli', ['--help'])).toBe(false);
  });

  it('relaunches the desktop app once at most: a relaunched instance never starts another', () => {
    expect(shouldRelaunchForMallocEnv(['/opt/desk/beian-desk'], {}, 'linux')).toBe(true);
    expect(shouldRelaunchForMallocEnv(['/opt/desk/beian-desk', RELAUNCHED_ARG], {}, 'linux')).toBe(false);
    expect(shouldRelaunchForMallocEnv(['/opt/desk/beian-desk'], { ...MALLOC_ENV }, 'linux')).toBe(false);
    expect(shouldRelaunchForMallocEnv(['C:\\desk.exe'], {}, 'win32')).toBe(false);
  });
});
