/**
 * The benchmark's Go programs, built from `bench/gofs/` with the Go
 * toolchain into `.tools/bench/` (Go's build cache makes rebuilds quick):
 * the fs connectors as a Go SDK plugin, and a raw storage client made of
 * plakar's own plugin host code.
 *
 * @module
 */
import { join } from "node:path";

const KIT = new URL("../", import.meta.url).pathname;
const SOURCE = join(KIT, "bench/gofs");
const OUT = join(KIT, ".tools/bench");

/** Paths of the built programs. */
export interface GoTools {
  /** The fs importer/exporter/storage plugin (argv: the connector kind). */
  gofs: string;
  /** Drives a storage plugin over the protocol; prints JSON. */
  rawClient: string;
}

/** `go build` of package `pkg` of the module in `cwd` into `output`. */
export async function goBuild(
  output: string,
  pkg: string,
  cwd = SOURCE,
): Promise<void> {
  const out = await new Deno.Command("go", {
    args: ["build", "-trimpath", "-o", output, pkg],
    cwd,
    env: { CGO_ENABLED: "0" },
    stdout: "piped",
    stderr: "piped",
  }).output().catch((error) => {
    throw new Error(
      `cannot run go (is Go ≥ 1.25 installed?): ${error.message}`,
    );
  });
  if (!out.success) {
    throw new Error(
      `go build ${pkg} failed: ${new TextDecoder().decode(out.stderr).trim()}`,
    );
  }
}

/** Builds both programs; throws with Go's message when it cannot. */
export async function buildGoTools(): Promise<GoTools> {
  const tools = { gofs: join(OUT, "gofs"), rawClient: join(OUT, "rawclient") };
  await goBuild(tools.gofs, ".");
  await goBuild(tools.rawClient, "./rawclient");
  return tools;
}
