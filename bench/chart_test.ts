/** The benchmark's chart: a PNG with a panel per workload. */
import assert from "node:assert/strict";
import { chartPng, chartSvg } from "./chart.ts";
import { fail, record, row } from "./results.ts";

Deno.test("the chart names every workload and renders as a PNG", () => {
  const backup = row("1", "backup, importer → fs repo", "s", {
    ratioToB: 1.15,
  });
  record(backup, "A", 1);
  record(backup, "B", 2);
  record(backup, "C", 2.2);
  const init = row("5", "spawn → Init answered", "ms", { atMost: 150 });
  fail(init, "C", new Error("no plugin"));
  const svg = chartSvg([backup, init], "title <&>");
  assert.match(svg, /1\. backup, importer → fs repo \(s\)/);
  assert.match(svg, /C\/B 1\.10/);
  assert.match(svg, /title &lt;&amp;&gt;/);
  assert.match(svg, />failed</);
  const png = chartPng([backup, init], "title");
  assert.deepEqual(
    [...png.subarray(0, 8)],
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  );
});

Deno.test("for a rate, C's goal relative to B is drawn below B", () => {
  const put = row("8a", "raw Put", "MB/s", { ratioToB: 1.15 });
  record(put, "B", 115);
  record(put, "C", 50);
  const svg = chartSvg([put], "rates");
  const goalX = Number(/<line x1="([\d.]+)"/.exec(svg)![1]);
  const bWidth = Number(
    /<rect [^>]*width="([\d.]+)"[^>]*fill="#00add8"/.exec(
      svg.split("B Go SDK</text>").at(-1)!,
    )![1],
  );
  // B's bar starts at the panel's bar origin, 110 px in.
  assert.ok(Math.abs(goalX - (110 + bWidth / 1.15)) < 0.5, svg);
  assert.match(svg, /higher is better · goal missed/);
});
