/**
 * The one place the simulator touches the host event loop. When an event settles a promise (a workload
 * awaiting a simulated call), the kernel must let every continuation that settling unlocks run to its
 * next `await` before the next event fires. A macrotask hop does exactly that: Node drains the whole
 * microtask queue (promise jobs and nextTicks) before any immediate callback runs. No time is read and
 * nothing is ordered by the real clock, so determinism is untouched.
 */
export function drainMicrotasks(): Promise<void> {
  // eslint-disable-next-line no-restricted-globals -- ordering barrier only, see above.
  return new Promise<void>((resolve) => setImmediate(resolve)); // determinism-ok: no time is read
}
