import type { Runtime } from './runtime';

// Next.js may load a module twice (server bundle and route handlers): the one runtime lives on globalThis.
const KEY = Symbol.for('corowatch.runtime');
type Holder = { [KEY]?: Runtime };

export function setRuntime(rt: Runtime | undefined): void {
  (globalThis as Holder)[KEY] = rt;
}

export function getRuntime(): Runtime | undefined {
  return (globalThis as Holder)[KEY];
}
