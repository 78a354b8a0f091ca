/**
 * `store`: exercises a storage connector object by object, as plakar's
 * repository code would.
 *
 * @module
 */
import { UsageError } from "../command_line.ts";
import { createHash } from "node:crypto";
import type { PluginProcess } from "../../sdk/testing/host/spawn.ts";
import type { InitConfig } from "../../sdk/testing/host/lifecycle.ts";
import { hexToMac, type Mac, macToHex } from "../../sdk/storage/mac.ts";
import { RESOURCES } from "../../sdk/storage/_resource_wire.ts";
import type { Resource } from "../../sdk/storage/resource.ts";

/** Where `store` writes: lines for people, bytes for `get`. */
export interface StoreOutput {
  /** Prints one line. */
  print(line: string): void;
  /** Where `get` writes the object's bytes. */
  bytes: WritableStream<Uint8Array>;
}

/** The `store` subcommands and their arguments. */
export const STORE_USAGE =
  "create | open | info | ls [RESOURCE] | put RESOURCE FILE [MAC] | get RESOURCE MAC | rm RESOURCE MAC";

/**
 * Inits the storage with `config` and runs one subcommand (see
 * {@link STORE_USAGE}). `put` names the object by the SHA-256 of its
 * content unless a MAC is given, and prints it.
 */
export async function store(
  plugin: PluginProcess,
  config: InitConfig,
  args: string[],
  out: StoreOutput,
): Promise<void> {
  const [command, ...rest] = args;
  const storage = plugin.storage;
  await storage.init(config);
  switch (command) {
    case "create":
      // The runner's repositories hold an empty configuration: enough for
      // the storage, not a repository plakar could open.
      await storage.create(new Uint8Array());
      out.print(`created ${config.location}`);
      break;
    case "open":
      out.print(
        `${(await storage.open()).byteLength} byte(s) of configuration`,
      );
      break;
    case "info":
      out.print(`mode ${await storage.mode()}, size ${await storage.size()}`);
      break;
    case "ls":
      for (const resource of rest.length ? rest.map(resourceArg) : RESOURCES) {
        for (const mac of await storage.list(resource)) {
          out.print(`${resource} ${macToHex(mac)}`);
        }
      }
      break;
    case "put": {
      const [resource, file, given] = need(rest, 2, "put RESOURCE FILE [MAC]");
      const mac = given ? macArg(given) : await sha256(file);
      const data = (await Deno.open(file)).readable;
      const written = await storage.put(resourceArg(resource), mac, data);
      out.print(`${resource} ${macToHex(mac)} ${written} byte(s)`);
      break;
    }
    case "get": {
      const [resource, mac] = need(rest, 2, "get RESOURCE MAC");
      const writer = out.bytes.getWriter();
      try {
        for await (
          const chunk of storage.get(resourceArg(resource), macArg(mac))
        ) await writer.write(chunk);
      } finally {
        writer.releaseLock();
      }
      break;
    }
    case "rm": {
      const [resource, mac] = need(rest, 2, "rm RESOURCE MAC");
      await storage.delete(resourceArg(resource), macArg(mac));
      out.print(`removed ${resource} ${mac}`);
      break;
    }
    default:
      throw new UsageError(
        `unknown store command "${command ?? ""}": ${STORE_USAGE}`,
      );
  }
  await storage.close();
}

function need(args: string[], count: number, usage: string): string[] {
  if (args.length < count) {
    throw new UsageError(`usage: store LOCATION ${usage}`);
  }
  return args;
}

function resourceArg(name: string): Resource {
  if (!(RESOURCES as readonly string[]).includes(name)) {
    throw new UsageError(
      `unknown resource "${name}": use one of ${RESOURCES.join(", ")}`,
    );
  }
  return name as Resource;
}

function macArg(hex: string): Mac {
  const mac = hexToMac(hex);
  if (!mac) throw new UsageError(`"${hex}" is not a MAC (64 hex digits)`);
  return mac;
}

async function sha256(file: string): Promise<Mac> {
  const hash = createHash("sha256");
  for await (const chunk of (await Deno.open(file)).readable) {
    hash.update(chunk);
  }
  return new Uint8Array(hash.digest());
}
