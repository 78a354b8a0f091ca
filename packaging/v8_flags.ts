/**
 * The V8 settings every plugin runs with, compiled or not.
 *
 * `--optimize-for-size` makes V8 keep its heap small at the cost of more
 * collections: a plugin's memory is mostly short-lived content buffers,
 * which V8's defaults let pile up for tens of MB between collections.
 * Measured under plakar's client (same machine, the two settings in turn):
 * - raw Put and Get of 256 MiB in 1 MiB chunks, localdir: peak 82–110 MB
 *   against 144–180 MB, Put at the same speed, Get at 475–557 against
 *   594–614 MB/s; 5 000 objects of 4 KiB: 78–87 MB against 158–160 MB, Put
 *   at the same rate, Get at 7 738–8 449 against 6 216–6 807 objects/s;
 * - the benchmark's S3 workloads (versitygw on this machine, one run each):
 *   peak 128 / 190 MB against 180 / 229 MB, large Gets at 379 against
 *   514 MB/s, large Puts at 97 against 133 MB/s. A real object store is
 *   further away than the CPU time that costs.
 *
 * @module
 */

/** The `deno run` / `deno compile` flags that set them. */
export const V8_FLAGS: readonly string[] = ["--v8-flags=--optimize-for-size"];
