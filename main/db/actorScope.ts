// Who the log names for the work of one request. A team server serves many operators from one Desk, so
// the operator cannot be a property of the Desk: the web host runs each logged-in request inside
// `asActor`, and every audit entry, order event and acceptance written while it runs names that operator
// (AsyncLocalStorage follows the request through its awaits). Outside a request (the single desk, the
// CLI) nothing is set and the desk's own operator applies.
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

export function asActor<T>(actor: string, fn: () => T): T {
  return scope.run(actor, fn);
}

/** The logged-in operator of the current request, or null outside one. */
export function scopedActor(): string | null {
  return scope.getStore() ?? null;
}
