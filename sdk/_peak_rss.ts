/**
 * The peak resident memory of a process, as Linux reports it.
 *
 * @module
 */

/**
 * The peak resident memory of process `pid` (this one by default) so far,
 * in bytes (its VmHWM); undefined off Linux or once the process is gone.
 */
export function peakRss(pid: number | "self" = "self"): number | undefined {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const kB = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    return kB ? Number(kB) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
