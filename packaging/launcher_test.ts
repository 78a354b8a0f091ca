/** The development launcher runs the bundle with the declared permissions. */
import assert from "node:assert/strict";
import { launcherScript } from "./launcher.ts";

const options = { deno: "/opt/deno", denoDir: "/cache", program: "p.js" };

Deno.test("the launcher passes the V8 settings, the baseline and the declared permissions", () => {
  const declared = launcherScript({
    ...options,
    permissions: { net: ["127.0.0.1"], env: ["AWS_*"], run: ["pg_dump"] },
  });
  assert.match(
    declared,
    / run --no-config --no-lock --no-npm --no-remote '--v8-flags=--optimize-for-size' '--allow-read' '--allow-write' '--allow-env=PLAKAR_\*,AWS_\*' '--allow-net=127\.0\.0\.1' '--allow-run=pg_dump' '--ignore-env' '--no-prompt' "\$\(dirname "\$0"\)"\/'p\.js' "\$@"$/m,
  );
  const least = launcherScript(options);
  assert.match(least, /'--allow-env=PLAKAR_\*' '--ignore-env'/);
  assert.doesNotMatch(least, /allow-net|allow-run/);
});
