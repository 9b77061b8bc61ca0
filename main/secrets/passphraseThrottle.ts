// Guessing the data passphrase through the page or the API: attempts run one at a time, and each wrong
// one holds the next back twice as long as the one before (1 s, 2 s, 4 s … at most a minute), so parallel
// requests gain nothing and a long run of guesses slows to one a minute. A right passphrase resets it.
import { DeskError } from '../domain/errors';

export type Pause = (ms: number) => Promise<void>;

export const realPause: Pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const FIRST_DELAY_MS = 1000;
export const MAX_DELAY_MS = 60_000;

export class PassphraseThrottle {
  private queue: Promise<unknown> = Promise.resolve();
  private failures = 0;

  constructor(private readonly pause: Pause = realPause) {}

  /** Runs `attempt` after every earlier one has finished, including its penalty for a wrong passphrase. */
  run<T>(attempt: () => T | Promise<T>): Promise<T> {
    const result = this.queue.then(async () => {
      try {
        // awaited: an attempt that rejects (the async unlock) is a wrong guess like one that throws
        const value = await attempt();
        this.failures = 0;
        return value;
      } catch (err) {
        if (err instanceof DeskError && err.code === 'WRONG_PASSPHRASE') {
          this.failures++;
          await this.pause(this.delayMs());
        }
        throw err;
      }
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** The wait after the latest wrong passphrase. */
  delayMs(): number {
    return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, this.failures - 1));
  }
}
