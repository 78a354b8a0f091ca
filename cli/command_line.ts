/**
 * The command line of the kit's programs (the scaffold, the runner, the
 * packaging command and the benchmark), so that all of them answer alike:
 * `--help` prints the usage on stdout and exits 0; a wrong argument prints
 * what is wrong, then the usage, on stderr and exits 2; any other failure
 * prints its message and exits 1, without a stack trace.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { errorMessage } from "../sdk/errors.ts";

/** A mistake in the command line: the message says which (exit 2). */
export class UsageError extends Error {}

/** The options a program declares, as `node:util`'s `parseArgs` takes them. */
export type Options = NonNullable<ParseArgsConfig["options"]>;

const HELP = { help: { type: "boolean", short: "h" } } as const;

/**
 * Parses `args` against `options` (plus `--help`/`-h`), positionals allowed.
 * An unknown or malformed option is a {@link UsageError} naming it.
 */
export function parseCommandLine<const O extends Options>(
  args: string[],
  options: O,
) {
  try {
    return parseArgs({
      args,
      options: { ...options, ...HELP } as O & typeof HELP,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // node:util's own text advises `--` for positionals; say what is wrong.
    const unknown = /Unknown option '([^']+)'/.exec(errorMessage(error));
    throw new UsageError(
      unknown ? `unknown option ${unknown[1]}` : errorMessage(error),
    );
  }
}

/**
 * Runs a program's `main` and exits with its code: 0 with the usage on
 * stdout when `help` says so, 2 with the usage on stderr for a
 * {@link UsageError}, 1 with the message for any other error.
 */
export async function runProgram(
  usage: string,
  main: () => Promise<number | "help">,
): Promise<never> {
  try {
    const code = await main();
    if (code === "help") {
      console.log(usage);
      Deno.exit(0);
    }
    Deno.exit(code);
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.message) console.error(error.message);
      console.error(usage);
      Deno.exit(2);
    }
    console.error(`error: ${errorMessage(error)}`);
    Deno.exit(1);
  }
}
