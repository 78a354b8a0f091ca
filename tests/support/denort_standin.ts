/**
 * Stand-ins for Deno's runtime (`denort`), which cannot be downloaded here:
 * a tiny Go program built for each target, so `deno compile` gets a binary
 * of the right format (ELF or Mach-O, right CPU) to append the program to.
 * The result is a real compile of the real program; only the runtime it
 * would run on is missing.
 *
 * @module
 */
import { join } from "node:path";
import { denortVariable, platform, TARGETS } from "../../packaging/targets.ts";

const KIT = new URL("../../", import.meta.url).pathname;
const DIR = join(KIT, ".tools/denort-standin");

const SOURCE = `package main

import "fmt"

func main() { fmt.Println("stand-in for denort: no Deno runtime here") }
`;

/**
 * Builds (once, kept under `.tools/`) a stand-in per target; returns the
 * environment naming each one as that target's `DENORT_BIN_<triple>`.
 */
export async function standInRuntimes(): Promise<Record<string, string>> {
  await Deno.mkdir(DIR, { recursive: true });
  await Deno.writeTextFile(join(DIR, "main.go"), SOURCE);
  await Deno.writeTextFile(join(DIR, "go.mod"), "module standin\n\ngo 1.21\n");
  const env: Record<string, string> = {};
  for (const target of TARGETS) {
    const binary = join(DIR, `denort-${platform(target)}`);
    const built = await Deno.stat(binary).then(() => true, () => false);
    if (!built) {
      const out = await new Deno.Command("go", {
        args: ["build", "-ldflags=-s -w", "-o", binary, "."],
        cwd: DIR,
        env: {
          GOOS: target.os,
          GOARCH: target.arch,
          CGO_ENABLED: "0",
          GOFLAGS: "-buildvcs=false",
        },
        stdout: "piped",
        stderr: "piped",
      }).output();
      if (!out.success) {
        throw new Error(
          `go build of the denort stand-in for ${target.deno} failed: ${
            new TextDecoder().decode(out.stderr)
          }`,
        );
      }
    }
    env[denortVariable(target)] = binary;
  }
  return env;
}
