// The refusal a test expects: the DeskError `p` rejects with (its code, message, details and conflict are
// what the test then reads). A promise that resolves, or rejects with anything else, fails the test.
import { DeskError } from '../../main/domain/errors';

export async function refusal(p: Promise<unknown>): Promise<DeskError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof DeskError)) throw new Error(`expected a DeskError, got ${String(err)}`);
  return err;
}
