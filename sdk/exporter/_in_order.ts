/**
 * Results of overlapping work, handed back in the order the work began.
 *
 * @module
 */

/** A first-in first-out queue of pending results; see {@link inOrder}. */
export interface InOrder<T> {
  /** How many results are still queued. */
  readonly size: number;
  /** Queues the result of work that has begun. */
  push(result: Promise<T>): void;
  /**
   * Waits for the oldest results until at most `left` remain queued, and
   * returns them oldest first. A rejected result rejects this call (for a
   * failure that ends all the work: those settled before it are dropped, those
   * after it stay queued).
   */
  settle(left: number): Promise<T[]>;
}

/** Creates an empty {@link InOrder} queue. */
export function inOrder<T>(): InOrder<T> {
  const queue: Promise<T>[] = [];
  return {
    get size() {
      return queue.length;
    },
    push(result) {
      // Its failure is reported when it is settled, in order; until then it
      // must not count as unhandled.
      result.catch(() => {});
      queue.push(result);
    },
    async settle(left) {
      const settled: T[] = [];
      while (queue.length > Math.max(0, left)) {
        settled.push(await queue.shift()!);
      }
      return settled;
    },
  };
}
