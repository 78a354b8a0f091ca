import assert from "node:assert/strict";
import type { FileInfo } from "../../sdk/mod.ts";
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

Deno.test("files sharing a device and inode point to the first restored", () => {
  const links = hardLinks();
  const first = { path: "/r/a", pathname: "/a" };
  assert.equal(links.earlier(info(7, 3)), undefined);
  links.restored(info(7, 3), first);
  assert.equal(links.earlier(info(7, 3, 2)), undefined, "another device");
  assert.equal(links.earlier(info(8, 3)), undefined, "another inode");
  assert.deepEqual(links.earlier(info(7, 3)), first);
  assert.deepEqual(links.earlier(info(7, 3)), first);
  assert.equal(links.earlier(info(7, 3)), undefined, "all 3 links seen");
});

Deno.test("a file with one link is never a link source", () => {
  const links = hardLinks();
  links.restored(info(9, 1), { path: "/r/a", pathname: "/a" });
  assert.equal(links.earlier(info(9, 1)), undefined);
});
