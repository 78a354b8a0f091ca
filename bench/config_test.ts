/** The benchmark's settings: flags over environment over defaults. */
import assert from "node:assert/strict";
import { resolve } from "node:path";
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

Deno.test("the S3 workloads and the S3 peer's folder", async () => {
  const c = await config(["--only=7,8", "--s3-peer=peers/s3"]);
  assert.ok(selected(c, 7) && selected(c, 8) && !selected(c, 1));
  assert.equal(c.s3Peer, resolve("peers/s3"));
  const byDefault = await config([]);
  assert.ok(selected(byDefault, 8));
  assert.match(byDefault.s3Peer, /\/shared\/peers\/integration-s3$/);
  Deno.env.set("BENCH_S3_PEER", "/elsewhere/s3");
  try {
    assert.equal((await config([])).s3Peer, "/elsewhere/s3");
    assert.equal((await config(["--s3-peer=/flag"])).s3Peer, "/flag");
  } finally {
    Deno.env.delete("BENCH_S3_PEER");
  }
});

Deno.test("bad settings are refused with the setting's name", async () => {
  await assert.rejects(config(["--scale=zero"]), /--scale \/ BENCH_SCALE/);
  await assert.rejects(config(["--runs=1.5"]), /--runs \/ BENCH_RUNS/);
  await assert.rejects(config(["--only=9"]), /unknown workload "9" \(1–8\)/);
  await assert.rejects(config(["--only=0"]), /unknown workload "0"/);
});
