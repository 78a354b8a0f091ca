import assert from "node:assert/strict";
import type { FileInfo } from "@plakar/kit";
import { hardLinks } from "./hard_links.ts";

const info = (ino: number, nlink: number, dev = 1): FileInfo => ({
  name: "f",
  size: 1n,
  mode: 0o644,
  modTime: null,
  dev: BigInt(dev),
  ino: BigInt(ino),
  uid: 0n,
  gid: 0n,
  nlink,
  username: "",
  groupname: "",
  flags: 0,
});

Deno.test("files sharing a device and inode wait for the first, then link to it", async () => {
  const links = hardLinks();
  const first = { path: "/r/a", pathname: "/a" };
  const a = links.join(info(7, 3), first);
  assert.equal(a.earlier, undefined, "the first is written whole");
  assert.equal(
    links.join(info(7, 3, 2), { path: "/r/x", pathname: "/x" }).earlier,
    undefined,
    "another device",
  );
  assert.equal(
    links.join(info(8, 3), { path: "/r/y", pathname: "/y" }).earlier,
    undefined,
    "another inode",
  );
  const b = links.join(info(7, 3), { path: "/r/b", pathname: "/b" });
  const c = links.join(info(7, 3), { path: "/r/c", pathname: "/c" });
  let settled = false;
  const waiting = b.earlier!.then((source) => (settled = true, source));
  await Promise.resolve();
  assert.equal(settled, false, "a later link waits while the first restores");
  a.settle(true);
  assert.deepEqual(await waiting, first);
  assert.deepEqual(await c.earlier, first);
  const d = links.join(info(7, 3), { path: "/r/d", pathname: "/d" });
  assert.equal(d.earlier, undefined, "all 3 links seen: a new group");
});

Deno.test("when the first file of a group fails, the others are copies", async () => {
  const links = hardLinks();
  const a = links.join(info(5, 2), { path: "/r/a", pathname: "/a" });
  const b = links.join(info(5, 2), { path: "/r/b", pathname: "/b" });
  a.settle(false);
  assert.equal(await b.earlier, undefined);
});

Deno.test("a file with one link is never a link source", () => {
  const links = hardLinks();
  const a = links.join(info(9, 1), { path: "/r/a", pathname: "/a" });
  assert.equal(a.earlier, undefined);
  assert.equal(
    links.join(info(9, 1), { path: "/r/b", pathname: "/b" }).earlier,
    undefined,
  );
});
