/**
 * The flags a plugin runs with: the baseline alone when nothing is
 * declared, the baseline plus exactly what is declared otherwise, and the
 * one line the build prints.
 */
import assert from "node:assert/strict";
import { describePermissions, permissionFlags } from "./permissions.ts";

Deno.test("nothing declared is today's least privilege", () => {
  assert.deepEqual(permissionFlags(), [
    "--allow-read",
    "--allow-write",
    "--allow-env=PLAKAR_*",
    "--ignore-env",
    "--no-prompt",
  ]);
  assert.deepEqual(permissionFlags({}), permissionFlags());
  assert.equal(
    describePermissions(),
    "permissions: read, write, env PLAKAR_*, no net, no run",
  );
});

Deno.test("declared hosts, variables and programs become explicit flags", () => {
  const declared = {
    net: ["s3.example.com", "127.0.0.1:9000"],
    env: ["AWS_*", "PGPASSWORD"],
    run: ["pg_dump"],
  };
  assert.deepEqual(permissionFlags(declared), [
    "--allow-read",
    "--allow-write",
    "--allow-env=PLAKAR_*,AWS_*,PGPASSWORD",
    "--allow-net=s3.example.com,127.0.0.1:9000",
    "--allow-run=pg_dump",
    "--ignore-env",
    "--no-prompt",
  ]);
  assert.equal(
    describePermissions(declared),
    "permissions: read, write, env PLAKAR_*,AWS_*,PGPASSWORD, net s3.example.com,127.0.0.1:9000, run pg_dump",
  );
});

Deno.test("net: true allows every host, and empty lists allow nothing", () => {
  assert.ok(permissionFlags({ net: true }).includes("--allow-net"));
  assert.match(describePermissions({ net: true }), /, net \(every host\), /);
  assert.deepEqual(
    permissionFlags({ net: [], env: [], run: [] }),
    permissionFlags(),
  );
});
