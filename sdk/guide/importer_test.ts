/**
 * The guide importer adapter: ScanResults become scan items, and the eager
 * readers of the guide are handed over once, or released on ack and close.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type {
  Importer,
  ImporterInit,
  ScanEntry,
  ScanFailure,
  ScanItem,
  ScanXattr,
} from "../mod.ts";
import {
  fromGuideImporter,
  type GuideImporter,
  type GuideScanResult,
} from "./mod.ts";

import { TEST_HOST_OPTIONS } from "../../tests/support/host_options.ts";
const INIT: ImporterInit = {
  proto: "guidefs",
  config: { location: "guidefs:///data" },
  options: TEST_HOST_OPTIONS,
};
const FILE = 0o644;
const DIR = (0x80000000 | 0o755) >>> 0;
const SYMLINK = (0x08000000 | 0o777) >>> 0;

/** A reader that remembers whether it was cancelled. */
function tracked(text: string) {
  const state = { cancelled: false };
  const reader = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { reader, state };
}

/** A guide importer yielding `results`, recording close. */
function guide(results: GuideScanResult[]) {
  const state = { closed: false, init: undefined as ImporterInit | undefined };
  const factory = (init: ImporterInit): GuideImporter => {
    state.init = init;
    return {
      origin: () => "box",
      type: () => "guidefs",
      root: () => "/data",
      async *scan() {
        yield* results;
      },
      close: () => void (state.closed = true),
    };
  };
  return { factory, state };
}

async function scanAll(results: GuideScanResult[]) {
  const { factory, state } = guide(results);
  const importer = await fromGuideImporter(factory)(INIT) as Importer;
  const items: ScanItem[] = await Array.fromAsync(importer.scan());
  return { importer, items, state };
}

async function read(source: unknown): Promise<string> {
  let out = "";
  for await (const piece of source as AsyncIterable<Uint8Array>) {
    out += new TextDecoder().decode(piece);
  }
  return out;
}

Deno.test("guide importer: origin, type and root are the connector's info; init reaches the constructor", async () => {
  const { importer, state } = await scanAll([]);
  assert.deepEqual(
    [importer.origin, importer.type, importer.root],
    ["box", "guidefs", "/data"],
  );
  assert.equal(state.init, INIT);
});

Deno.test("guide importer: records, errors and xattrs become scan items", async () => {
  const file = tracked("hello");
  const attr = tracked("value");
  const failure = new Error("permission denied");
  const { items } = await scanAll([
    { record: { pathname: "/data", fileInfo: { name: "data", mode: DIR } } },
    {
      record: {
        pathname: "/data/f",
        fileInfo: { name: "f", mode: FILE, size: 5 },
        reader: file.reader,
        extendedAttributes: ["user.x"],
        target: "",
      },
    },
    {
      record: {
        pathname: "/data/f",
        isXattr: true,
        xattrName: "user.x",
        xattrType: "extended",
        reader: attr.reader,
      },
    },
    {
      record: {
        pathname: "/data/l",
        fileInfo: { name: "l", mode: SYMLINK },
        target: "f",
      },
    },
    { error: { pathname: "/data/secret", err: failure } },
  ]);
  const [dir, entry, xattr, link, error] = items as [
    ScanEntry,
    ScanEntry,
    ScanXattr,
    ScanEntry,
    ScanFailure,
  ];
  assert.deepEqual(dir.info, { name: "data", mode: DIR });
  assert.equal(dir.content, undefined);
  assert.equal(entry.target, undefined, "Go's empty target means none");
  assert.deepEqual(entry.xattrs, ["user.x"]);
  assert.equal(await read(await entry.content!()), "hello");
  assert.deepEqual(xattr.xattr, { name: "user.x", kind: "extended" });
  assert.equal(await read(await xattr.content()), "value");
  assert.equal(link.target, "f");
  assert.deepEqual(error, { pathname: "/data/secret", error: failure });
});

Deno.test("guide importer: malformed records are reported, and their readers released", async () => {
  const orphan = tracked("x");
  const onDir = tracked("y");
  const { items } = await scanAll([
    { record: { pathname: "/data/nometa", reader: orphan.reader } },
    {
      record: {
        pathname: "/data/d",
        fileInfo: { name: "d", mode: DIR },
        reader: onDir.reader,
      },
    },
    { record: { pathname: "/data/f", isXattr: true, xattrName: "user.y" } },
  ]);
  assert.deepEqual(items[0], {
    pathname: "/data/nometa",
    error: "the scan record has no fileInfo",
  });
  assert.equal((items[1] as ScanEntry).content, undefined);
  assert.deepEqual(items[2], {
    pathname: "/data/f",
    error: `extended attribute record "user.y" has no reader`,
  });
  assert.ok(orphan.state.cancelled, "reader of a record without fileInfo");
  assert.ok(onDir.state.cancelled, "reader given for a directory");
});

Deno.test("guide importer: readers the host never opens are released on ack, the rest at close", async () => {
  const opened = tracked("a");
  const acked = tracked("b");
  const attr = tracked("c");
  const left = tracked("d");
  const file = (pathname: string, reader: ReadableStream<Uint8Array>) => ({
    record: { pathname, fileInfo: { name: "f", mode: FILE }, reader },
  });
  const { importer, items, state } = await scanAll([
    file("/data/opened", opened.reader),
    file("/data/acked", acked.reader),
    file("/data/left", left.reader),
    {
      record: {
        pathname: "/data/acked",
        isXattr: true,
        xattrName: "user.z",
        reader: attr.reader,
      },
    },
  ]);
  const [first, second] = items as ScanEntry[];

  assert.equal(await read(await first.content!()), "a");
  await importer.ack!({ pathname: "/data/opened" });
  assert.ok(!opened.state.cancelled, "an opened reader belongs to the host");

  await importer.ack!({ pathname: "/data/acked" });
  assert.ok(acked.state.cancelled, "acked and never opened: released");
  assert.ok(!attr.state.cancelled, "the file's ack leaves its xattr alone");
  await assert.rejects(
    async () => await second.content!(),
    /content of \/data\/acked was already read or released/,
  );
  await assert.rejects(
    async () => await first.content!(),
    /content of \/data\/opened was already read or released/,
  );

  await importer.ack!({ pathname: "/data/acked", xattrName: "user.z" });
  assert.ok(attr.state.cancelled, "the xattr's own ack releases it");

  assert.ok(!left.state.cancelled);
  await importer.close!();
  assert.ok(left.state.cancelled, "close releases what was never acked");
  assert.ok(state.closed, "close reaches the guide importer");
});

const linux = Deno.build.os === "linux";

Deno.test({
  name: "guide importer: eagerly opened files are closed by ack and close",
  ignore: !linux,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "guide-importer-" });
    const openFds = () => [...Deno.readDirSync("/proc/self/fd")].length;
    try {
      const paths: string[] = [];
      for (let i = 0; i < 40; i++) {
        paths.push(join(dir, `f${i}`));
        await Deno.writeTextFile(paths[i], `file ${i}`);
      }
      const baseline = openFds();
      const factory = (): GuideImporter => ({
        origin: () => "box",
        type: () => "guidefs",
        root: () => dir,
        async *scan() {
          for (const pathname of paths) {
            yield {
              record: {
                pathname,
                fileInfo: { name: "f", mode: FILE },
                reader: (await Deno.open(pathname)).readable,
              },
            };
          }
        },
        close() {},
      });
      const importer = await fromGuideImporter(factory)(INIT) as Importer;
      const items = await Array.fromAsync(importer.scan()) as ScanEntry[];
      assert.equal(openFds(), baseline + 40, "one handle per scanned file");

      assert.equal(await read(await items[0].content!()), "file 0");
      for (const pathname of paths.slice(0, 30)) {
        await importer.ack!({ pathname });
      }
      assert.equal(openFds(), baseline + 10, "acked files are closed");
      await importer.close!();
      assert.equal(openFds(), baseline, "close closes the rest");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
