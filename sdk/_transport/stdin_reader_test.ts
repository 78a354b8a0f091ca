/**
 * Reading stdin through the worker's ring, as a process: every byte in
 * order past the point where the counts wrap, end of file, and the event
 * loop kept turning while the ring stays full.
 */
import assert from "node:assert/strict";

const READER = new URL("./stdin_reader.ts", import.meta.url).href;

/** Byte `k` of every input is `k % 251`: a prime, so no chunk lines up. */
const PRIME = 251;
/** The part of the input checked byte by byte; past it, each view's ends. */
const CHECKED = 8 << 20;

/**
 * The child hands each view to a check of the pattern, busy for `busy` µs
 * per 64 KiB, counts writes to /dev/null that complete from its first view
 * to end of file, and prints what it saw as JSON.
 */
const CHILD = `
import { readStdin } from ${JSON.stringify(READER)};
const busy = Number(Deno.args[0]);
const sink = await Deno.open("/dev/null", { write: true });
let bytes = 0, views = 0, wrong = -1, writes = 0, before = 0, reading = true;
(async () => {
  const one = new Uint8Array(1);
  while (reading) { await sink.write(one); writes++; }
})();
await readStdin((view) => {
  if (views++ === 0) before = writes;
  const last = view.length - 1;
  if (view[0] !== bytes % ${PRIME} && wrong < 0) wrong = bytes;
  if (view[last] !== (bytes + last) % ${PRIME} && wrong < 0) wrong = bytes + last;
  if (bytes < ${CHECKED}) {
    for (let i = 0; i < view.length; i++) {
      if (view[i] !== (bytes + i) % ${PRIME} && wrong < 0) wrong = bytes + i;
    }
  }
  bytes += view.length;
  for (const until = performance.now() + busy * view.length / 65536 / 1000; performance.now() < until;);
});
reading = false;
console.log(JSON.stringify({ bytes, views, wrong, writes: writes - before }));
`;

interface Seen {
  bytes: number;
  views: number;
  wrong: number;
  writes: number;
}

async function feed(total: number, busyMicros = 0): Promise<Seen> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", CHILD, String(busyMicros)],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const block = new Uint8Array(PRIME * 4096);
  for (let i = 0; i < block.length; i++) block[i] = i % PRIME;
  const writer = child.stdin.getWriter();
  for (let sent = 0; sent < total;) {
    const part = block.subarray(0, Math.min(block.length, total - sent));
    await writer.write(part);
    sent += part.length;
  }
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  return JSON.parse(new TextDecoder().decode(stdout));
}

Deno.test("stdin arrives whole and in order, past 2³¹ bytes read", async () => {
  const total = 2 ** 31 + (3 << 20) + 12_345;
  const seen = await feed(total);
  assert.equal(seen.wrong, -1, `byte ${seen.wrong} out of place`);
  assert.equal(seen.bytes, total);
});

Deno.test("empty stdin ends at once", async () => {
  const seen = await feed(0);
  assert.deepEqual([seen.bytes, seen.views], [0, 0]);
});

Deno.test("the plugin's own I/O goes on while the ring stays full", async () => {
  // 2 ms per 64 KiB is slower than the pipe fills the ring: without a
  // macrotask between views, no write would complete until end of file.
  // With one, writes keep pace with views but for stalls of up to 250 ms
  // seen early in a process's life, so the run lasts about 0.8 s.
  const seen = await feed(24 << 20, 2000);
  assert.equal(seen.wrong, -1, `byte ${seen.wrong} out of place`);
  assert.ok(
    seen.writes >= seen.views / 4,
    `${seen.writes} writes completed during ${seen.views} views`,
  );
});

Deno.test("a read that fails rejects with the system's reason", async () => {
  // A directory as stdin: read(2) fails with EISDIR.
  const child = new Deno.Command("sh", {
    args: [
      "-c",
      'exec "$0" eval --ext=ts "$1" < /',
      Deno.execPath(),
      `import { readStdin } from ${JSON.stringify(READER)};
      try { await readStdin(() => {}); console.log("ended"); }
      catch (error) { console.log("failed: " + (error as Error).message); }`,
    ],
    stdout: "piped",
    stderr: "piped",
  });
  const { code, stdout, stderr } = await child.output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  assert.match(new TextDecoder().decode(stdout), /^failed: .*directory/i);
});
