/**
 * Long work cut into slices so that no task blocks the main thread: the text map of a long page
 * and the anchoring of many notes both run through `sliceTimer()`.
 */

/** How long one slice may run before the main thread gets a turn: half a 60 Hz frame. */
export const DEFAULT_SLICE_MS = 8;

/** Gives the main thread a turn: `scheduler.yield()` where there is one, else a macrotask. */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => {
    // A message is not clamped like a nested setTimeout.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export interface SliceTimer {
  /** Whether the current slice is spent; cheap enough to ask after every step. */
  readonly spent: boolean;
  /** Yields when the slice is spent (free otherwise), then throws if the work was aborted. */
  pause(): Promise<void>;
}

/** Times slices of `sliceMs` for long work; the first slice starts now. */
export function sliceTimer(sliceMs = DEFAULT_SLICE_MS, signal?: AbortSignal): SliceTimer {
  let deadline = performance.now() + sliceMs;
  return {
    get spent() {
      return performance.now() >= deadline;
    },
    async pause() {
      if (performance.now() < deadline) return;
      await yieldToMain();
      signal?.throwIfAborted();
      deadline = performance.now() + sliceMs;
    },
  };
}

/**
 * The first index in `[0, count)` for which `isPast` holds, or `count` when none does.
 * `isPast` must be false for a prefix of the indexes and true for the rest (a sorted array's
 * lower bound: `firstIndex(a.length, (i) => a[i] >= value)`).
 */
export function firstIndex(count: number, isPast: (index: number) => boolean): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (isPast(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}
