/**
 * Widens the HTTP/2 receive windows of the session grpc-js serves on a
 * connection.
 *
 * A grpc-js server advertises Node's default 64 KiB window and has no option
 * for another (grpc/grpc-node PR #3058), so a host sending content stalls
 * for a WINDOW_UPDATE every 32 KiB or so. Its connection injector does not
 * hand out the session either; Node and Deno bind it to the socket under
 * their `kBoundSession` symbol, and the socket here is the kit's own. The
 * session's public `settings()` and `setLocalWindowSize()` then do the rest.
 *
 * @module
 */

/** The receive windows to advertise, in bytes. */
export interface ReceiveWindows {
  /** Each stream's window (SETTINGS_INITIAL_WINDOW_SIZE). */
  stream: number;
  /** The whole connection's window: the most the host may send ahead. */
  connection: number;
}

/** What this module uses of a Node `Http2Session`. */
interface Session {
  settings(settings: { initialWindowSize: number }): void;
  setLocalWindowSize(size: number): void;
}

/**
 * Advertises `windows` on the session bound to `socket`, once grpc-js has
 * made it (right after the connection is injected). Returns false, leaving
 * the defaults, if no session is found there.
 */
export function widenReceiveWindows(
  socket: object,
  windows: ReceiveWindows,
): boolean {
  const key = Object.getOwnPropertySymbols(socket).find((symbol) =>
    symbol.description === "kBoundSession"
  );
  const session = key && (socket as Record<symbol, unknown>)[key];
  if (!isSession(session)) return false;
  session.settings({ initialWindowSize: windows.stream });
  session.setLocalWindowSize(windows.connection);
  return true;
}

function isSession(value: unknown): value is Session {
  const session = value as Partial<Session> | undefined;
  return typeof session?.settings === "function" &&
    typeof session.setLocalWindowSize === "function";
}
