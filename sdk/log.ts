/**
 * A small logger for plugins. It writes to stderr (plakar shows it to the
 * user) and, when `PLAKAR_PLUGIN_LOG_FILE` names a file, appends there too:
 * the `plakar cached` daemon runs storage plugins with stderr on /dev/null.
 *
 * `PLAKAR_PLUGIN_LOG` sets the level: error, warn (default), info or debug.
 *
 * @module
 */

/** Log levels, most severe first. */
export type LogLevel = "error" | "warn" | "info" | "debug";

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** A logger's methods, one per level. */
export type Logger = Record<LogLevel, (...parts: unknown[]) => void>;

function setting(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env: keep the defaults
  }
}

function format(part: unknown): string {
  if (typeof part === "string") return part;
  if (part instanceof Error) return part.message;
  return Deno.inspect(part, { depth: 4, colors: false });
}

/** A logger whose lines start with `name`. */
export function logger(name: string): Logger {
  const configured = setting("PLAKAR_PLUGIN_LOG") as LogLevel | undefined;
  const threshold = RANK[configured ?? "warn"] ?? RANK.warn;
  const file = setting("PLAKAR_PLUGIN_LOG_FILE");
  const encoder = new TextEncoder();
  const emit = (level: LogLevel, parts: unknown[]) => {
    if (RANK[level] > threshold) return;
    const line = `${new Date().toISOString()} ${name}[${Deno.pid}] ${level}: ${
      parts.map(format).join(" ")
    }\n`;
    const bytes = encoder.encode(line);
    try {
      Deno.stderr.writeSync(bytes);
    } catch { /* stderr closed */ }
    if (file) {
      try {
        Deno.writeFileSync(file, bytes, { append: true, create: true });
      } catch { /* the log file is best effort */ }
    }
  };
  return {
    error: (...parts) => emit("error", parts),
    warn: (...parts) => emit("warn", parts),
    info: (...parts) => emit("info", parts),
    debug: (...parts) => emit("debug", parts),
  };
}
