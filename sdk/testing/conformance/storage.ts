/**
 * Conformance checks of a storage plugin (`store.Store`).
 *
 * @module
 */
import { CallError } from "../host/calls.ts";
import type { InitConfig } from "../host/lifecycle.ts";
import { MAC_SIZE } from "../../storage/_mac.ts";
import { type Mac, macToHex } from "../../storage/mac.ts";
import type { Resource } from "../../storage/resource.ts";
import { MAX_CHUNK } from "../../chunk.ts";
import { expectNone } from "./_checks.ts";
import { firstDifference, inspectChunks } from "./_inspect.ts";
import { patternBytes, patternPieces } from "./content.ts";
import type { Report } from "./report.ts";
import { describeInit, runSession, type Session } from "./_session.ts";
import type { ConformanceOptions } from "./session.ts";

/** A storage plugin to check. */
export interface StorageConformance extends ConformanceOptions {
  /**
   * `Init`'s options: `location` must name a place where no repository
   * exists yet (the suite creates one there).
   */
  config: InitConfig;
}

interface TestObject {
  resource: Resource;
  mac: Mac;
  seed: number;
  size: number;
}

/** The objects the suite stores: one spans several chunks, one is empty. */
function testObjects(): TestObject[] {
  const mac = (seed: number) => patternBytes(seed, 0, MAC_SIZE);
  return [
    {
      resource: "packfile",
      mac: mac(11),
      seed: 11,
      size: 2 * MAX_CHUNK + 12345,
    },
    { resource: "state", mac: mac(12), seed: 12, size: 4321 },
    { resource: "lock", mac: mac(13), seed: 13, size: 0 },
  ];
}

const name = (object: TestObject) =>
  `${object.resource} ${macToHex(object.mac)}`;

/**
 * Runs every storage check: Init, Create/Open, Mode, Size, Put, Get (whole
 * and ranged), List, Delete, Create again, Close, then shutdown.
 *
 * @example A storage plugin conforms
 * ```ts
 * import { assertConformance, checkStorage } from "@plakar/kit/testing";
 *
 * Deno.test("the storage conforms", async () => {
 *   const repo = `${await Deno.makeTempDir()}/repo`;
 *   assertConformance(
 *     await checkStorage({
 *       command: "./my-plugin",
 *       args: ["storage"],
 *       config: { location: `myproto://${repo}` },
 *     }),
 *   );
 * });
 * ```
 */
export function checkStorage(options: StorageConformance): Promise<Report> {
  return runSession(options, (session) => storageChecks(session, options));
}

async function storageChecks(
  { plugin, checks, within }: Session,
  options: StorageConformance,
): Promise<void> {
  const store = plugin.storage;
  const initialised = await checks.run(
    "storage: Init",
    async () => describeInit(await store.init(options.config, within())),
  );
  if (!initialised) return;

  const config = patternBytes(7, 0, 300);
  await checks.run("storage: Create then Open", async () => {
    await store.create(config, within());
    const opened = await store.open(within());
    const at = firstDifference(opened, config);
    if (at >= 0) {
      throw new Error(
        `Open returned ${opened.byteLength} bytes that differ from the ${config.byteLength} given to Create (first difference at byte ${at})`,
      );
    }
    return `Open returned the ${config.byteLength} bytes given to Create`;
  });

  await checks.run("storage: Mode", async () => {
    const mode = await store.mode(within());
    if (mode === 0 || (mode & ~6) !== 0) {
      throw new Error(
        `Mode answered ${mode}: expected a bitmask of write (2) and read (4)`,
      );
    }
    return `mode ${mode}`;
  });

  await checks.run("storage: Size", async () => {
    const size = await store.size(within());
    if (size < -1n) {
      throw new Error(`Size answered ${size}: expected bytes used, or -1`);
    }
    return `${size} bytes`;
  });

  const objects = testObjects();
  const stored = await checks.run("storage: Put", async () => {
    const problems: string[] = [];
    await Promise.all(objects.map(async (object) => {
      const written = await store.put(
        object.resource,
        object.mac,
        patternPieces(object.seed, object.size),
        within(),
      );
      if (written !== BigInt(object.size)) {
        problems.push(
          `Put ${
            name(object)
          }: answered bytes_written ${written} for ${object.size} bytes`,
        );
      }
    }));
    expectNone(problems, "Put answered wrong sizes");
    return `stored ${objects.length} objects of ${
      objects.map((o) => o.size).join(", ")
    } bytes, sent as a header then chunks of at most 1 MiB`;
  });
  if (!stored) return;

  await checks.run("storage: Get", async () => {
    const found = await Promise.all(objects.map((object) =>
      inspectChunks(
        store.get(object.resource, object.mac, undefined, within()),
        `Get ${name(object)}`,
        { seed: object.seed, size: object.size },
      )
    ));
    expectNone(found.flatMap((f) => f.problems), "Get streamed wrong data");
    return `every object came back whole in ${
      found.map((f) => f.chunks).join(", ")
    } chunk(s)`;
  });

  await checks.run("storage: Get with a range", async () => {
    const big = objects[0];
    // Across the first chunk boundary, where off-by-one errors live.
    const range = { offset: BigInt(MAX_CHUNK - 100), length: 1000 };
    const found = await inspectChunks(
      store.get(big.resource, big.mac, range, within()),
      `Get ${name(big)} range [${range.offset}, +${range.length})`,
      { seed: big.seed, offset: Number(range.offset), size: range.length },
    );
    expectNone(found.problems, "the ranged Get streamed wrong data");
    return `offset ${range.offset}, length ${range.length}: the right ${found.bytes} bytes`;
  });

  await checks.run("storage: List", async () => {
    const problems: string[] = [];
    for (const object of objects) {
      const macs = await store.list(object.resource, within());
      macs.forEach((mac, i) => {
        if (mac.byteLength !== MAC_SIZE) {
          problems.push(
            `List ${object.resource}: MAC #${
              i + 1
            } is ${mac.byteLength} bytes, not ${MAC_SIZE}`,
          );
        }
      });
      if (!macs.some((mac) => firstDifference(mac, object.mac) < 0)) {
        problems.push(`List ${object.resource}: ${name(object)} is missing`);
      }
    }
    expectNone(problems, "List is wrong");
    return `every resource lists 32-byte MACs, including the objects put`;
  });

  await checks.run("storage: Delete then Get", async () => {
    const victim = objects[1];
    await store.delete(victim.resource, victim.mac, within());
    const outcome = await inspectChunks(
      store.get(victim.resource, victim.mac, undefined, within()),
      `Get ${name(victim)}`,
    ).then((found) => found.bytes, (error: unknown) => error);
    if (typeof outcome === "number") {
      throw new Error(
        `Get ${
          name(victim)
        } after Delete ended OK with ${outcome} bytes: a missing object must fail with an error status`,
      );
    }
    if (!(outcome instanceof CallError)) throw outcome;
    const listed = await store.list(victim.resource, within());
    if (listed.some((mac) => firstDifference(mac, victim.mac) < 0)) {
      throw new Error(
        `List ${victim.resource} still lists ${name(victim)} after Delete`,
      );
    }
    return `Get after Delete failed with ${outcome.details}`;
  });

  await checks.run("storage: Create again", async () => {
    const outcome = await store.create(config, within()).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (outcome === undefined) {
      throw new Error(
        "a second Create succeeded where a repository exists: it must fail, or plakar could overwrite a repository's config",
      );
    }
    if (!(outcome instanceof CallError)) throw outcome;
    return `refused: ${outcome.details}`;
  });

  await checks.run("storage: Close", async () => {
    await store.close(within());
    return "answered";
  });
}
