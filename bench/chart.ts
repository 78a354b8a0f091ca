/**
 * The table as a PNG: one small panel per workload, a bar per peer with its
 * median, the ratios, and C's goal as a dashed line. Drawn as SVG and
 * rasterised with resvg (an npm package with prebuilt binaries: no
 * browser, no system library).
 *
 * @module
 */
import { Resvg } from "@resvg/resvg-js";
import {
  figure,
  goalMet,
  higherIsBetter,
  medianOf,
  type PeerId,
  PEERS,
  ratio,
  type Row,
} from "./results.ts";

const COLORS: Record<PeerId, string> = {
  A: "#8a8a8a",
  B: "#00add8",
  C: "#e8792b",
};
const NAMES: Record<PeerId, string> = {
  A: "A built-in fs",
  B: "B Go SDK",
  C: "C TypeScript",
};
const COLUMNS = 3;
const PANEL_W = 420;
const PANEL_H = 150;
const HEADER_H = 70;
const BAR_X = 110;
const BAR_W = 250;
const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

const escape = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** C's goal as a value on the row's axis, when it has one. */
function goalValue(target: Row): number | undefined {
  const goal = target.goal;
  if (!goal) return undefined;
  if ("ratioToB" in goal) {
    const b = medianOf(target, "B");
    if (b === undefined) return undefined;
    return higherIsBetter(target) ? b / goal.ratioToB : b * goal.ratioToB;
  }
  return "atLeast" in goal ? goal.atLeast : goal.atMost;
}

function panel(target: Row, x: number, y: number): string {
  const values = PEERS.map((p) => medianOf(target, p));
  const goal = goalValue(target);
  const max = Math.max(...values.map((v) => v ?? 0), goal ?? 0) || 1;
  const scale = (v: number) => (v / max) * BAR_W;
  const parts = [
    `<text x="${x + 10}" y="${y + 20}" font-size="14" font-weight="bold">${
      escape(`${target.id}. ${target.label} (${target.unit})`)
    }</text>`,
  ];
  PEERS.forEach((peer, i) => {
    const barY = y + 32 + i * 26;
    parts.push(
      `<text x="${x + 10}" y="${barY + 15}" font-size="12">${
        NAMES[peer]
      }</text>`,
    );
    const value = values[i];
    if (value === undefined) {
      // A failure is news; no figure where the peer has no protocol is not.
      const failed = Boolean(target.errors[peer]);
      parts.push(
        `<text x="${x + BAR_X}" y="${barY + 15}" font-size="12" fill="${
          failed ? "#b00" : "#777"
        }">${failed ? "failed" : "n/a"}</text>`,
      );
      return;
    }
    const width = Math.max(1, scale(value));
    parts.push(
      `<rect x="${x + BAR_X}" y="${barY}" width="${
        width.toFixed(1)
      }" height="20" fill="${COLORS[peer]}"/>`,
      `<text x="${x + BAR_X + width + 4}" y="${barY + 15}" font-size="12">${
        figure(value)
      }</text>`,
    );
  });
  if (goal !== undefined) {
    const goalX = x + BAR_X + scale(goal);
    parts.push(
      `<line x1="${goalX}" y1="${y + 28}" x2="${goalX}" y2="${
        y + 110
      }" stroke="#c00" stroke-dasharray="4 3"/>`,
    );
  }
  const ratios = (["A", "B"] as const).map((p) => {
    const r = ratio(target, p);
    return `C/${p} ${r === undefined ? "—" : r.toFixed(2)}`;
  });
  const met = goalMet(target);
  const notes = [
    ...ratios,
    higherIsBetter(target) ? "higher is better" : "lower is better",
    ...(met === undefined ? [] : [met ? "goal met" : "goal missed"]),
  ];
  parts.push(
    `<text x="${x + 10}" y="${y + 132}" font-size="12" fill="#333">${
      escape(notes.join(" · "))
    }</text>`,
  );
  return parts.join("\n");
}

/** The chart as an SVG document. */
export function chartSvg(rows: Row[], title: string): string {
  const height = HEADER_H + Math.ceil(rows.length / COLUMNS) * PANEL_H + 10;
  const width = COLUMNS * PANEL_W;
  const legend = PEERS.map((p, i) =>
    `<rect x="${10 + i * 170}" y="42" width="14" height="14" fill="${
      COLORS[p]
    }"/><text x="${30 + i * 170}" y="54" font-size="13">${NAMES[p]}</text>`
  ).join("\n");
  const panels = rows.map((r, i) =>
    panel(
      r,
      (i % COLUMNS) * PANEL_W,
      HEADER_H + Math.floor(i / COLUMNS) * PANEL_H,
    )
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="${FONT}">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="10" y="26" font-size="17" font-weight="bold">${
      escape(title)
    }</text>`,
    legend,
    `<text x="530" y="54" font-size="12" fill="#c00">- - - goal for C</text>`,
    ...panels,
    "</svg>",
  ].join("\n");
}

/** The chart as PNG bytes. */
export function chartPng(rows: Row[], title: string): Uint8Array {
  const svg = chartSvg(rows, title);
  return new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
  }).render().asPng();
}
