import { AsyncLocalStorage } from 'node:async_hooks';

/** Who made the current HTTP request: set by the AccessGuard once the bearer token is checked. */
export interface RequestCaller {
  userId: string;
  role: 'ADMIN' | 'COORDINATOR' | 'BOARD_VIEWER';
}

interface RequestContext {
  caller?: RequestCaller;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs one request (and everything it awaits) in a context of its own, so concurrent requests never share a caller. */
export function runInRequestContext<T>(handle: () => T): T {
  return storage.run({}, handle);
}

/** Records the request's caller in its context; outside a request (workflows, CLI) it does nothing. */
export function setRequestCaller(caller: RequestCaller): void {
  const context = storage.getStore();
  if (context) context.caller = caller;
}

/** The caller of the request being handled, if any. */
export function requestCaller(): RequestCaller | undefined {
  return storage.getStore()?.caller;
}
