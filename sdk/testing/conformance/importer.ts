/**
 * Conformance checks of an importer plugin (`importer.Importer`): a whole
 * acknowledged `Import`, the records' shape, and concurrent `Open`s.
 *
 * @module
 */
import type { HostOptions } from "../../connector.ts";
import { errorMessage } from "../../errors.ts";
import { MAX_CHUNK } from "../../chunk.ts";
import { isRegular } from "../../mode.ts";
import { CallError } from "../host/calls.ts";
import type { ImporterClient, ImportOutcome } from "../host/importer.ts";
import type { InitConfig } from "../host/lifecycle.ts";
import type { WireRecord } from "../host/records.ts";
import { type Checks, expectNone, summarise } from "./_checks.ts";
import { inspectChunks } from "./_inspect.ts";
import type { Report } from "./report.ts";
import { describeInit, runSession, type Session } from "./_session.ts";
import type { ConformanceOptions } from "./session.ts";

/** An importer plugin to check. */
export interface ImporterConformance extends ConformanceOptions {
  /**
   * `Init`'s options. The source at `location` should hold a regular file
   * larger than 1 MiB: the suite cancels an `Open` of it midway.
   */
  config: InitConfig;
  /** Run options sent with `Init`; this machine's by default. */
  hostOptions?: Partial<HostOptions>;
  /** `Open` calls in flight at once (8). */
  openConcurrency?: number;
}

/**
 * Runs every importer check: Init, Import (acks, `finished`, half-close),
 * the records' fileInfo, pathnames and readers, concurrent Opens, a second
 * and a cancelled Open, Ping, Close, then shutdown.
 *
 * @example An importer plugin conforms
 * ```ts
 * import { assertConformance, checkImporter } from "@plakar/kit/testing";
 *
 * Deno.test("the importer conforms", async () => {
 *   // The source should hold a file over 1 MiB: the suite cancels its Open.
 *   assertConformance(
 *     await checkImporter({
 *       command: "./my-plugin",
 *       args: ["importer"],
 *       config: { location: "myproto:///some/dir" },
 *     }),
 *   );
 * });
 * ```
 */
export function checkImporter(options: ImporterConformance): Promise<Report> {
  return runSession(options, (session) => importerChecks(session, options));
}

async function importerChecks(
  { plugin, checks, within }: Session,
  options: ImporterConformance,
): Promise<void> {
  const importer = plugin.importer;
  const initialised = await checks.run(
    "importer: Init",
    async () =>
      describeInit(
        await importer.init(options.config, options.hostOptions, within()),
      ),
  );
  if (!initialised) return;

  const contents = contentChecks(
    importer,
    options.openConcurrency ?? 8,
    within,
  );
  const records: WireRecord[] = [];
  const handling = new Set<Promise<unknown>>();
  const outcome = await importer.import((record) => {
    records.push(record);
    const done = contents.handle(record);
    handling.add(done);
    return done.finally(() => handling.delete(done));
  }, within()).catch((error: unknown) => error);
  await Promise.allSettled([...handling]);

  await checks.run("importer: Import", () => describeImport(outcome));
  await checks.run("importer: fileInfo on every entry", () => {
    const missing = records.filter((r) => !r.error && !r.isXattr && !r.fileInfo)
      .map((r) =>
        `record ${r.pathname} has no fileInfo (plakar fails the whole backup: "invalid record ${r.pathname}: missing fileinfo")`
      );
    expectNone(missing, "records without fileInfo");
    return `${records.length} record(s), each entry with its fileInfo`;
  });
  await checks.run("importer: pathnames absolute and /-separated", () => {
    expectNone(
      records.map((r) => pathnameProblem(r.pathname)).filter((p) =>
        p !== undefined
      ),
      "bad pathnames",
    );
    return `${records.length} pathname(s)`;
  });
  await checks.run(
    "importer: hasReader only on regular files and xattrs",
    () => {
      expectNone(records.flatMap(readerProblems), "wrong hasReader");
      return `${
        records.filter((r) => r.hasReader).length
      } record(s) with content`;
    },
  );
  contents.report(checks);

  await checks.run("importer: Ping", async () => {
    await importer.ping(within());
    return "answered after the import";
  });
  await checks.run("importer: Close", async () => {
    await importer.close(within());
    return "answered";
  });
}

function describeImport(outcome: ImportOutcome | unknown): string {
  if (outcome instanceof Error) throw outcome;
  const { records, finished, problems } = outcome as ImportOutcome;
  expectNone(problems, "Import broke the protocol");
  if (finished !== 1) {
    throw new Error(`Import sent ${finished} "finished" messages, not one`);
  }
  return `${records} record(s) acknowledged, one "finished", the call ended OK after the host half-closed`;
}

/** Why a pathname is not absolute and `/`-separated, if it is not. */
function pathnameProblem(pathname: string): string | undefined {
  const show = JSON.stringify(pathname);
  if (!pathname.startsWith("/")) return `${show} is not absolute`;
  if (pathname.includes("\\")) return `${show} holds a backslash`;
  if (pathname !== "/" && pathname.endsWith("/")) {
    return `${show} ends with "/"`;
  }
  const segments = pathname.split("/").slice(1);
  if (
    pathname !== "/" &&
    segments.some((s) => s === "" || s === "." || s === "..")
  ) {
    return `${show} is not clean (empty, "." or ".." segments)`;
  }
  return undefined;
}

function readerProblems(record: WireRecord): string[] {
  const at = record.pathname;
  if (record.error) {
    return record.hasReader ? [`error record ${at} has hasReader set`] : [];
  }
  if (record.isXattr) {
    const problems = record.hasReader ? [] : [
      `xattr record ${at} (${record.xattrName}) has no hasReader: its value cannot be read`,
    ];
    if (!record.xattrName) problems.push(`xattr record ${at} has no xattrName`);
    return problems;
  }
  if (record.hasReader && record.fileInfo && !isRegular(record.fileInfo.mode)) {
    return [
      `${at} has hasReader but is not a regular file (mode 0x${
        (record.fileInfo.mode >>> 0).toString(16)
      })`,
    ];
  }
  return [];
}

/**
 * The checks of content: every reader opened concurrently and read whole,
 * one opened a second time, one cancelled midway.
 */
function contentChecks(
  importer: ImporterClient,
  concurrency: number,
  within: () => { signal: AbortSignal },
) {
  const problems: string[] = [];
  let opened = 0;
  let bytes = 0;
  let second: { ok: boolean; message: string } | undefined;
  let cancelled: { ok: boolean; message: string } | undefined;
  const limit = semaphore(concurrency);

  async function readWhole(record: WireRecord): Promise<void> {
    const what = `Open ${describe(record)}`;
    try {
      const found = await inspectChunks(
        importer.open(record, within()),
        what,
      );
      opened++;
      bytes += found.bytes;
      problems.push(...found.problems);
      const info = record.fileInfo;
      if (!record.isXattr && info && isRegular(info.mode)) {
        if (BigInt(found.bytes) !== info.size) {
          problems.push(
            `${what}: ${found.bytes} bytes streamed, fileInfo.size says ${info.size}`,
          );
        }
      }
    } catch (error) {
      problems.push(`${what} failed: ${errorMessage(error)}`);
    }
  }

  async function openAgain(record: WireRecord): Promise<void> {
    const what = `a second Open of ${describe(record)}`;
    try {
      const found = await inspectChunks(importer.open(record, within()), what);
      second = {
        ok: found.problems.length === 0,
        message: found.problems.join("; ") ||
          `${what} was served again (${found.bytes} bytes); plakar never opens a reader twice`,
      };
    } catch (error) {
      second = error instanceof CallError &&
          !error.details.startsWith("cancelled by the host")
        ? { ok: true, message: `${what} was refused: ${error.details}` }
        : {
          ok: false,
          message: `${what} did not end cleanly: ${errorMessage(error)}`,
        };
    }
  }

  async function cancelMidway(record: WireRecord): Promise<void> {
    const what = `Open ${describe(record)}`;
    try {
      for await (const _chunk of importer.open(record, within())) break;
      await importer.ping(within());
      cancelled = {
        ok: true,
        message:
          `${what} cancelled after its first chunk; the plugin still answers Ping`,
      };
    } catch (error) {
      cancelled = {
        ok: false,
        message: `after cancelling ${what} midway: ${errorMessage(error)}`,
      };
    }
  }

  return {
    /** Reads a record's content as plakar would before acknowledging it. */
    async handle(record: WireRecord): Promise<undefined> {
      if (!record.hasReader || record.error) return;
      const size = record.fileInfo?.size ?? 0n;
      if (!cancelled && !record.isXattr && size > BigInt(MAX_CHUNK)) {
        cancelled = { ok: false, message: "running" };
        await limit(() => cancelMidway(record));
        return;
      }
      await limit(() => readWhole(record));
      if (!second) {
        second = { ok: false, message: "running" };
        await limit(() => openAgain(record));
      }
    },
    /** Records the content checks' results. */
    report(checks: Checks): void {
      checks.record(
        "importer: Open",
        problems.length === 0,
        problems.length === 0
          ? `${opened} reader(s) read whole, up to ${concurrency} at once: ${bytes} bytes in chunks of 1 … 1 MiB`
          : summarise(problems),
      );
      checks.record(
        "importer: second Open of a reader",
        second?.ok ?? false,
        second?.message ?? "not run: no record with content",
      );
      checks.record(
        "importer: cancelled Open",
        cancelled?.ok ?? false,
        cancelled?.message ??
          "not run: the source must hold a regular file larger than 1 MiB",
      );
    },
  };
}

function describe(record: WireRecord): string {
  return record.isXattr
    ? `${record.pathname} (xattr ${record.xattrName})`
    : record.pathname;
}

/** Runs at most `n` tasks at once. */
function semaphore(n: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    while (running >= n) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
