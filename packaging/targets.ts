/**
 * The platforms a plugin is built for: Deno's `--target` triple on one side,
 * plakar's (Go's) `GOOS`/`GOARCH` on the other.
 *
 * @module
 */

/** One build target. */
export interface Target {
  /** Deno's `deno compile --target` triple. */
  deno: string;
  /** Go's `GOOS`, as plakar spells it in package names. */
  os: "linux" | "darwin";
  /** Go's `GOARCH`. */
  arch: "amd64" | "arm64";
}

/** Every target `make cross` and `make package` build. */
export const TARGETS: readonly Target[] = [
  { deno: "x86_64-unknown-linux-gnu", os: "linux", arch: "amd64" },
  { deno: "aarch64-unknown-linux-gnu", os: "linux", arch: "arm64" },
  { deno: "x86_64-apple-darwin", os: "darwin", arch: "amd64" },
  { deno: "aarch64-apple-darwin", os: "darwin", arch: "arm64" },
];

/** `<os>_<arch>`, e.g. `linux_amd64`: the tail of a package's file name. */
export function platform(target: Target): string {
  return `${target.os}_${target.arch}`;
}

/** The target of the machine running the build: plakar installs only its own. */
export function hostTarget(): Target {
  const found = TARGETS.find((t) => t.deno === Deno.build.target);
  if (!found) {
    throw new Error(
      `this machine (${Deno.build.target}) is not a target plakar plugins are built for: ${
        TARGETS.map((t) => t.deno).join(", ")
      }`,
    );
  }
  return found;
}

/**
 * The target plakar's own packaging would build for: Go's `GOOS` and
 * `GOARCH` from `env` when set (as `plakar pkg build` and `pkg create`
 * read them), else this machine's. `GOOS=darwin GOARCH=arm64` on Linux
 * gives `aarch64-apple-darwin`.
 */
export function buildTarget(env: Record<string, string | undefined>): Target {
  if (!env.GOOS && !env.GOARCH) return hostTarget();
  const host = TARGETS.find((t) => t.deno === Deno.build.target);
  const os = env.GOOS || host?.os;
  const arch = env.GOARCH || host?.arch;
  const found = TARGETS.find((t) => t.os === os && t.arch === arch);
  if (!found) {
    throw new Error(
      `GOOS=${os} GOARCH=${arch} is not a platform plakar plugins are built for here: ${
        TARGETS.map(platform).join(", ")
      }`,
    );
  }
  return found;
}

/**
 * The target a name designates: a Deno triple (`aarch64-apple-darwin`), a
 * platform (`darwin_arm64`) or `host`.
 */
export function findTarget(name: string): Target {
  if (name === "host") return hostTarget();
  const found = TARGETS.find((t) => t.deno === name || platform(t) === name);
  if (!found) {
    throw new Error(
      `unknown target "${name}": use host, or one of ${
        TARGETS.map((t) => `${t.deno} (${platform(t)})`).join(", ")
      }`,
    );
  }
  return found;
}

/** The variable naming this target's runtime, e.g. `DENORT_BIN_x86_64_unknown_linux_gnu`. */
export function denortVariable(target: Target): string {
  return `DENORT_BIN_${target.deno.replaceAll("-", "_")}`;
}
