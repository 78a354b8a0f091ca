/**
 * When to retry an S3 request, and how long to wait before doing so.
 *
 * @module
 */

/** Waiting time before retry `attempt` (from 1): doubling from 200 ms, capped at 5 s, jittered. */
export function backoffMs(attempt: number): number {
  const ceiling = Math.min(5_000, 200 * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * ceiling / 2;
}

/**
 * Whether an answer is worth retrying: server errors, and throttling
 * (429, or 503 SlowDown), as the AWS SDKs do.
 */
export function retryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
