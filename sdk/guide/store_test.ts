/**
 * The guide store adapter: resource kinds reach the right method family,
 * ranges reach getPackfileBlob, and what the guide cannot do fails clearly.
 */
import assert from "node:assert/strict";
import { hexToMac, macToHex, type Resource, type Storage } from "../mod.ts";
import { fromGuideStore, type GuideStore } from "./mod.ts";

const HINT = { hot: false };
const mac = (n: number) => new Uint8Array(32).fill(n);
const bytes = (text: string) => new TextEncoder().encode(text);

async function text(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
  let out = "";
  const decoder = new TextDecoder();
  for await (const piece of source) out += decoder.decode(piece);
  return out;
}

/** An in-memory guide store recording every call by method name. */
function memoryStore(location: string) {
  const calls: string[] = [];
  const families = {
    State: new Map<string, Uint8Array>(),
    Packfile: new Map<string, Uint8Array>(),
    Lock: new Map<string, Uint8Array>(),
  };
  const methods: Record<string, unknown> = {};
  for (const [name, objects] of Object.entries(families)) {
    methods[`get${name}s`] = () => {
      calls.push(`get${name}s`);
      return [...objects.keys()].map((hex) => hexToMac(hex)!);
    };
    methods[`put${name}`] = async (m: Uint8Array, rd: ReadableStream) => {
      calls.push(`put${name}`);
      const data = bytes(await text(rd));
      objects.set(macToHex(m), data);
      return data.byteLength;
    };
    methods[`get${name}`] = (m: Uint8Array) => {
      calls.push(`get${name}`);
      const data = objects.get(macToHex(m));
      if (!data) throw new Error(`${name} ${macToHex(m)} not found`);
      return ReadableStream.from([data]);
    };
    methods[`delete${name}`] = (m: Uint8Array) => {
      calls.push(`delete${name}`);
      objects.delete(macToHex(m));
    };
  }
  const store = {
    ...methods,
    create: () => void calls.push("create"),
    open: () => bytes("config"),
    location: () => location,
    mode: () => 6,
    size: () => 42n,
    getPackfileBlob(m: Uint8Array, offset: bigint, length: number) {
      calls.push(`getPackfileBlob ${offset} ${length}`);
      const data = families.Packfile.get(macToHex(m))!;
      return ReadableStream.from([
        data.subarray(Number(offset), Number(offset) + length),
      ]);
    },
    close: () => void calls.push("close"),
  } as unknown as GuideStore;
  return { store, calls };
}

async function adapted(location = "/srv/repo") {
  const { store, calls } = memoryStore(location);
  const storage = await fromGuideStore(() => store)({
    proto: "guidefs",
    config: { location },
  }) as Storage;
  return { storage, calls };
}

Deno.test("guide store: location becomes the root, the protocol the type", async () => {
  const { storage } = await adapted("/srv/repo");
  assert.deepEqual(
    [storage.origin, storage.type, storage.root],
    ["localhost", "guidefs", "/srv/repo"],
  );
  const remote = await adapted("guidefs://backup.example.org/repo");
  assert.equal(remote.storage.origin, "backup.example.org");
  assert.equal(await remote.storage.mode(), 6);
  assert.equal(await remote.storage.size(), 42n);
  assert.equal(await text([await remote.storage.open()]), "config");
});

Deno.test("guide store: each resource kind goes to its own method family", async () => {
  const { storage, calls } = await adapted();
  const kinds: [Resource, string][] = [
    ["state", "State"],
    ["packfile", "Packfile"],
    ["lock", "Lock"],
  ];
  for (const [resource, name] of kinds) {
    calls.length = 0;
    const n = await storage.put(
      resource,
      mac(7),
      ReadableStream.from([bytes(`${resource} `), bytes("data")]),
      HINT,
    );
    assert.equal(n, resource.length + 5);
    const listed = await Array.fromAsync(await storage.list(resource, HINT));
    assert.deepEqual(listed, [mac(7)]);
    assert.equal(
      await text(await storage.get(resource, mac(7), undefined, HINT)),
      `${resource} data`,
    );
    await storage.delete(resource, mac(7), HINT);
    assert.deepEqual(calls, [
      `put${name}`,
      `get${name}s`,
      `get${name}`,
      `delete${name}`,
    ]);
  }
  await storage.close?.();
  assert.deepEqual(calls.slice(-1), ["close"]);
});

Deno.test("guide store: a ranged read of a packfile is getPackfileBlob", async () => {
  const { storage, calls } = await adapted();
  await storage.put(
    "packfile",
    mac(1),
    ReadableStream.from([bytes("0123456789")]),
    HINT,
  );
  const blob = await storage.get(
    "packfile",
    mac(1),
    { offset: 3n, length: 4 },
    HINT,
  );
  assert.equal(await text(blob), "3456");
  assert.deepEqual(calls.slice(-1), ["getPackfileBlob 3 4"]);
});

Deno.test("guide store: ranges of other kinds and ECC kinds fail clearly", async () => {
  const { storage } = await adapted();
  await storage.put("state", mac(2), ReadableStream.from([bytes("s")]), HINT);
  assert.throws(
    () => storage.get("state", mac(2), { offset: 0n, length: 1 }, HINT),
    /ranged read of a state .* only for packfiles/,
  );
  for (const resource of ["ecc-packfile", "ecc-state"] as const) {
    const unsupported = new RegExp(`${resource} objects are not supported`);
    assert.throws(() => storage.list(resource, HINT), unsupported);
    assert.throws(
      () => storage.put(resource, mac(3), ReadableStream.from([]), HINT),
      unsupported,
    );
    assert.throws(
      () => storage.get(resource, mac(3), undefined, HINT),
      unsupported,
    );
    assert.throws(() => storage.delete(resource, mac(3), HINT), unsupported);
  }
});

Deno.test("guide store: the guide's errors reach the host unchanged", async () => {
  const { storage } = await adapted();
  await assert.rejects(
    async () => await storage.get("lock", mac(9), undefined, HINT),
    new RegExp(`Lock ${macToHex(mac(9))} not found`),
  );
});
