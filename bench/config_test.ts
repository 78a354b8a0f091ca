/** The benchmark's settings: flags over environment over defaults. */
import assert from "node:assert/strict";
import { benchConfig, selected } from "./config.ts";

async function config(args: string[]) {
  const c = await benchConfig(args);
  if (c === "help") throw new Error("not asked for help");
  await Deno.remove(c.workDir, { recursive: true });
  return c;
}

Deno.test("defaults are the full benchmark", async () => {
  const c = await config([]);
  assert.equal(c.treeBytes, 2 ** 30);
  assert.equal(c.rawBytes, 2 ** 30);
  assert.equal(c.smallObjects, 20_000);
  assert.equal(c.runs, 3);
  assert.ok(selected(c, 1) && selected(c, 6));
});

Deno.test("--scale shrinks every size; --only picks workloads", async () => {
  const c = await config(["--scale=0.0625", "--runs=1", "--only=1,4"]);
  assert.equal(c.treeBytes, 64 * 2 ** 20);
  assert.equal(c.smallObjects, 1250);
  assert.equal(c.runs, 1);
  assert.ok(selected(c, 1) && selected(c, 4) && !selected(c, 2));
});

Deno.test("bad settings are refused with the setting's name", async () => {
  await assert.rejects(config(["--scale=zero"]), /--scale \/ BENCH_SCALE/);
  await assert.rejects(config(["--runs=1.5"]), /--runs \/ BENCH_RUNS/);
  await assert.rejects(config(["--only=7"]), /unknown workload "7"/);
});
