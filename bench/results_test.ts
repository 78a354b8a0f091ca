/** The benchmark's statistics and table: medians, ratios, goals. */
import assert from "node:assert/strict";
import {
  fail,
  goalMet,
  goalText,
  markdownTable,
  median,
  ratio,
  record,
  row,
} from "./results.ts";

Deno.test("median of odd and even counts, whatever the order", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
});

Deno.test("ratios are C's median over A's and B's", () => {
  const r = row("1", "backup", "s", { ratioToB: 1.15 });
  for (const v of [10, 30, 20]) record(r, "A", v);
  for (const v of [40, 40, 41]) record(r, "B", v);
  for (const v of [44, 50, 45]) record(r, "C", v);
  assert.equal(ratio(r, "A"), 45 / 20);
  assert.equal(ratio(r, "B"), 45 / 40);
  assert.equal(goalMet(r), true);
  record(r, "C", 60);
  record(r, "C", 60);
  assert.equal(goalMet(r), false, "median 50 is 1.25 × B");
});

Deno.test("absolute goals, both ways", () => {
  const fast = row("4a", "raw Put", "MB/s", { atLeast: 1000 });
  record(fast, "C", 999);
  assert.equal(goalMet(fast), false);
  const small = row("6", "RSS", "MB", { atMost: 150 });
  record(small, "C", 150);
  assert.equal(goalMet(small), true);
  assert.equal(goalMet(row("4c", "n", "objects/s")), undefined);
});

Deno.test("a ratio goal on a rate bounds how much slower C may be", () => {
  const put = row("8a", "raw Put", "MB/s", { ratioToB: 1.15 });
  record(put, "B", 100);
  record(put, "C", 90);
  assert.equal(goalMet(put), true);
  assert.equal(goalText(put), "C/B ≥ 0.87");
  const slow = row("8a", "raw Put", "MB/s", { ratioToB: 1.15 });
  record(slow, "B", 100);
  record(slow, "C", 80);
  assert.equal(goalMet(slow), false);
});

Deno.test("the table shows figures, ratios, goals and why a peer failed", () => {
  const ok = row("1", "backup", "s", { ratioToB: 1.15 });
  record(ok, "A", 2);
  record(ok, "B", 4);
  record(ok, "C", 5);
  const broken = row("2", "restore", "s");
  record(broken, "A", 1);
  fail(broken, "C", new Error("plakar restore: no exporter\nmore detail"));
  const table = markdownTable([ok, broken]);
  const lines = table.split("\n");
  assert.match(
    lines[2],
    /^\| 1\. backup +\| s +\| 2\.00 +\| 4\.00 +\| 5\.00 +\| 2\.50 \| 1\.25 \| C\/B ≤ 1\.15 \| no +\|$/,
  );
  assert.match(lines[3], /\| failed +\| — +\| — +\|/);
  assert.ok(lines.includes("- 2 C: plakar restore: no exporter"), table);
});
