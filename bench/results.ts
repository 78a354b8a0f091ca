/**
 * Measurements and their table: medians over the runs per peer, the ratios
 * C/A and C/B, and each workload's goal for C.
 *
 * @module
 */

/** The three peers: built-in fs (A), Go SDK plugin (B), TypeScript plugin (C). */
export type PeerId = "A" | "B" | "C";

/** All peers, in table order. */
export const PEERS: PeerId[] = ["A", "B", "C"];

/**
 * A goal on C's figure: on its ratio to B, or on its value. A ratio goal
 * bounds how much worse C may be: for a rate (higher is better) `1.15`
 * means C/B ≥ 1/1.15.
 */
export type Goal =
  | { ratioToB: number }
  | { atLeast: number }
  | { atMost: number };

/** The goal of C's timed workloads: at most 15 % worse than B. */
export const SAME_AS_B: Goal = { ratioToB: 1.15 };

/** The goal on a local plugin's peak RSS (workloads 1–4), in MB. */
export const PEAK_RSS: Goal = { atMost: 120 };

/**
 * The goal on the S3 plugin's peak RSS, in MB: it also holds the parts of
 * uploads and the bodies of downloads in flight.
 */
export const S3_PEAK_RSS: Goal = { atMost: 150 };

/** The goal on spawn → Init, in ms. */
export const SPAWN_TO_INIT: Goal = { atMost: 100 };

/** One line of the table: a measurement taken on several peers. */
export interface Row {
  /** Workload number and letter, e.g. `4a`. */
  id: string;
  /** What was measured. */
  label: string;
  /** Unit of the samples, e.g. `s`, `MB/s`. */
  unit: string;
  /** C's goal, when the workload has one. */
  goal?: Goal;
  /** Samples per peer, one a run. */
  samples: Partial<Record<PeerId, number[]>>;
  /** Why a peer has no figure. */
  errors: Partial<Record<PeerId, string>>;
}

/** Creates an empty row. */
export function row(
  id: string,
  label: string,
  unit: string,
  goal?: Goal,
): Row {
  return { id, label, unit, goal, samples: {}, errors: {} };
}

/** Adds one sample of `peer`. */
export function record(target: Row, peer: PeerId, value: number): void {
  (target.samples[peer] ??= []).push(value);
}

/** Notes why `peer` failed; the first reason is kept. */
export function fail(target: Row, peer: PeerId, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  target.errors[peer] ??= message.split("\n").find((l) => l.trim()) ?? message;
}

/** The median of `values` (mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A peer's median, or undefined without samples. */
export function medianOf(target: Row, peer: PeerId): number | undefined {
  const values = target.samples[peer];
  return values?.length ? median(values) : undefined;
}

/** Whether a larger figure is better: rates, e.g. `MB/s`. */
export function higherIsBetter(target: Row): boolean {
  return target.unit.endsWith("/s");
}

/** C's median divided by `peer`'s. */
export function ratio(target: Row, peer: PeerId): number | undefined {
  const c = medianOf(target, "C");
  const other = medianOf(target, peer);
  return c === undefined || !other ? undefined : c / other;
}

/** Whether C meets the row's goal; undefined when unknown. */
export function goalMet(target: Row): boolean | undefined {
  const goal = target.goal;
  const c = medianOf(target, "C");
  if (!goal || c === undefined) return undefined;
  if ("ratioToB" in goal) {
    const r = ratio(target, "B");
    if (r === undefined) return undefined;
    return higherIsBetter(target) ? r >= 1 / goal.ratioToB : r <= goal.ratioToB;
  }
  return "atLeast" in goal ? c >= goal.atLeast : c <= goal.atMost;
}

/** The goal in words, e.g. `C/B ≤ 1.15`. */
export function goalText(target: Row): string {
  const goal = target.goal;
  if (!goal) return "";
  if ("ratioToB" in goal) {
    return higherIsBetter(target)
      ? `C/B ≥ ${(1 / goal.ratioToB).toFixed(2)}`
      : `C/B ≤ ${goal.ratioToB}`;
  }
  return "atLeast" in goal
    ? `≥ ${goal.atLeast} ${target.unit}`
    : `≤ ${goal.atMost} ${target.unit}`;
}

/** A number with three significant digits (at least), never in exponent form. */
export function figure(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

function cell(target: Row, peer: PeerId): string {
  const value = medianOf(target, peer);
  if (value !== undefined) return figure(value);
  return target.errors[peer] ? "failed" : "—";
}

/** The table in Markdown, followed by the failures' reasons. */
export function markdownTable(rows: Row[]): string {
  const header = [
    "workload",
    "unit",
    "A fs (built-in)",
    "B Go SDK",
    "C TypeScript",
    "C/A",
    "C/B",
    "goal for C",
    "met",
  ];
  const body = rows.map((r) => {
    const met = goalMet(r);
    const ratios = (["A", "B"] as const).map((p) => {
      const value = ratio(r, p);
      return value === undefined ? "—" : value.toFixed(2);
    });
    return [
      `${r.id}. ${r.label}`,
      r.unit,
      ...PEERS.map((p) => cell(r, p)),
      ...ratios,
      goalText(r),
      met === undefined ? "" : met ? "yes" : "no",
    ];
  });
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((line) => line[i].length))
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  const failures = rows.flatMap((r) =>
    PEERS.flatMap((p) =>
      r.errors[p] && medianOf(r, p) === undefined
        ? [`- ${r.id} ${p}: ${r.errors[p]}`]
        : []
    )
  );
  return [
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...body.map(line),
    ...(failures.length ? ["", "Failures:", ...failures] : []),
  ].join("\n");
}
