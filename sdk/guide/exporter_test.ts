/**
 * The guide exporter adapter: entries become the guide's calls in the order
 * plakar v1.0 made them, content is always finished, and what the guide
 * cannot restore fails clearly.
 */
import assert from "node:assert/strict";
import {
  type EntryKind,
  type ExportEntry,
  type Exporter,
  type ExporterInit,
  type FileInfo,
  goMode,
} from "../mod.ts";
import { fromGuideExporter, type GuideExporter } from "./mod.ts";

import { TEST_HOST_OPTIONS } from "../../tests/support/host_options.ts";
const INIT: ExporterInit = {
  proto: "guidefs",
  config: { location: "guidefs:///restore" },
  options: TEST_HOST_OPTIONS,
};

function info(name: string, kind: EntryKind, size = 0): FileInfo {
  return {
    name,
    size: BigInt(size),
    mode: goMode(kind, kind === "dir" ? 0o755 : 0o644),
    modTime: new Date(1_000_000_000_000),
    dev: 0n,
    ino: 0n,
    uid: 0n,
    gid: 0n,
    nlink: 1,
    username: "",
    groupname: "",
    flags: 0,
  };
}

function entry(
  pathname: string,
  kind: EntryKind,
  extra: Partial<ExportEntry> = {},
): ExportEntry {
  const size = extra.content ? 5 : 0;
  return {
    pathname,
    kind,
    info: info(pathname.split("/").pop() || "/", kind, size),
    xattrs: [],
    ...extra,
  };
}

/** Content that records whether it was read to the end or cancelled. */
function content(text: string) {
  const state = { ended: false, cancelled: false };
  let sent = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) {
        state.ended = true;
        return controller.close();
      }
      sent = true;
      controller.enqueue(new TextEncoder().encode(text));
    },
    cancel() {
      state.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, state };
}

/** A guide exporter recording calls; `storeFile` reads per `read`. */
function recorder(
  read: "all" | "size" | "nothing" = "all",
  extra: Partial<GuideExporter> = {},
) {
  const calls: string[] = [];
  const guide: GuideExporter = {
    root: () => "/restore",
    createDirectory: (p) => void calls.push(`createDirectory ${p}`),
    async storeFile(p, fp, size) {
      let text = "";
      if (read === "all") {
        for await (const piece of fp) text += new TextDecoder().decode(piece);
      } else if (read === "size") {
        const { value } = await fp.getReader().read();
        text = new TextDecoder().decode(value);
      }
      calls.push(`storeFile ${p} ${size} "${text}"`);
    },
    setPermissions: (p, fi) =>
      void calls.push(`setPermissions ${p} ${fi.mode.toString(8)}`),
    createSymlink: (target, p) =>
      void calls.push(`createSymlink ${target} ${p}`),
    close: () => void calls.push("close"),
    ...extra,
  };
  return { guide, calls };
}

async function adapt(guide: GuideExporter): Promise<Exporter> {
  return await fromGuideExporter(() => guide)(INIT);
}

Deno.test("guide exporter: root from the guide, origin the host, type the protocol", async () => {
  const exporter = await adapt(recorder().guide);
  assert.deepEqual(
    [exporter.origin, exporter.type, exporter.root],
    ["box", "guidefs", "/restore"],
  );
});

Deno.test("guide exporter: calls come in plakar v1.0's order, directory permissions last", async () => {
  const { guide, calls } = recorder();
  const exporter = await adapt(guide);
  const file = content("hello");
  for (
    const e of [
      entry("/", "dir"),
      entry("/a", "dir"),
      entry("/a/f", "file", { content: file.stream }),
      entry("/a/l", "symlink", { target: "f" }),
      entry("/b", "dir"),
    ]
  ) await exporter.restore(e);
  await exporter.finish!();
  await exporter.close!();
  assert.deepEqual(calls, [
    "createDirectory /",
    "createDirectory /a",
    `storeFile /a/f 5 "hello"`,
    "setPermissions /a/f 644",
    "createSymlink f /a/l",
    "createDirectory /b",
    "setPermissions /b 20000000755",
    "setPermissions /a 20000000755",
    "setPermissions / 20000000755",
    "close",
  ]);
  assert.ok(file.state.ended, "content read to its end");
});

Deno.test("guide exporter: content the exporter leaves unread is cancelled", async () => {
  for (const read of ["size", "nothing"] as const) {
    const { guide } = recorder(read);
    const exporter = await adapt(guide);
    const file = content("hello");
    await exporter.restore(entry("/f", "file", { content: file.stream }));
    assert.ok(
      file.state.ended || file.state.cancelled,
      `storeFile that reads ${read}: content finished`,
    );
    assert.ok(!file.stream.locked, "the adapter let go of the content");
  }

  const failing = recorder("all", {
    storeFile: () => Promise.reject(new Error("disk full")),
  });
  const exporter = await adapt(failing.guide);
  const file = content("hello");
  await assert.rejects(
    async () =>
      await exporter.restore(entry("/f", "file", { content: file.stream })),
    /disk full/,
  );
  assert.ok(file.state.cancelled, "a failed storeFile's content is cancelled");
});

Deno.test("guide exporter: what the guide cannot restore fails with a clear message", async () => {
  const exporter = await adapt(
    recorder("all", { createSymlink: undefined }).guide,
  );
  await assert.rejects(
    async () => await exporter.restore(entry("/l", "symlink", { target: "x" })),
    /cannot restore the symbolic link \/l: this exporter has no createSymlink method/,
  );
  await assert.rejects(
    async () => await exporter.restore(entry("/p", "fifo")),
    /cannot restore \/p: the guide's Exporter interface has no way to create a fifo/,
  );
  const value = content("v");
  await assert.rejects(
    async () =>
      await exporter.restore(
        entry("/f", "file", {
          xattr: { name: "user.x", kind: "extended" },
          content: value.stream,
        }),
      ),
    /cannot restore the extended attribute "user.x" of \/f/,
  );
  assert.ok(value.state.cancelled, "the attribute's content is cancelled");
});

Deno.test("guide exporter: failed directory permissions are all named at finish", async () => {
  const { guide } = recorder("all", {
    setPermissions: (p) => {
      if (p !== "/ok") throw new Error("operation not permitted");
    },
  });
  const exporter = await adapt(guide);
  for (const p of ["/", "/ok", "/x"]) await exporter.restore(entry(p, "dir"));
  await assert.rejects(
    async () => await exporter.finish!(),
    /setting the permissions of 2 directories failed: \/x: operation not permitted; \/: operation not permitted/,
  );
});
