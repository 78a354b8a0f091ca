/**
 * Deno's permission failures, told in the kit's words: the plugin runs with
 * `--no-prompt` and only what its deno.json declares, so Deno's advice
 * ("run again with the --allow-net flag") cannot be followed by the person
 * running plakar, and the plugin's author must declare the permission.
 *
 * @module
 */

/** Deno's sentence, e.g. `Requires net access to "127.0.0.1:9000", run again with the --allow-net flag`. */
const REQUIRES =
  /Requires (\w+) access to "([^"]*)"(?:, run again with the --allow-\w+ flag)?/g;

/** The permissions a plugin may declare; the kit refuses the others. */
const DECLARABLE = ["net", "env", "run"];

/** The kit's sentence for a missing `permission` on `target`. */
function explain(permission: string, target: string): string {
  const what = `this plugin has no "${permission}" permission for ${target}`;
  return DECLARABLE.includes(permission)
    ? `${what}: declare it in deno.json "permissions.default" (see README)`
    : `${what}: plugins built with the kit cannot be given it`;
}

/**
 * `message` with each of Deno's permission sentences in it told in the
 * kit's words, and the first found in the causes of `error` appended when
 * `message` had none; `message` as it is when nothing was missing.
 */
export function explainMissingPermission(
  error: unknown,
  message: string,
): string {
  const explained = message.replace(
    REQUIRES,
    (_, permission, target) => explain(permission, target),
  );
  if (explained !== message) return explained;
  for (
    let cause = (error as { cause?: unknown } | null)?.cause, depth = 0;
    cause instanceof Error && depth < 8;
    cause = cause.cause, depth++
  ) {
    const found = new RegExp(REQUIRES.source).exec(cause.message);
    if (found) return `${message}: ${explain(found[1], found[2])}`;
  }
  return message;
}
