#!/bin/sh
# Sets up a fresh checkout: the pinned Deno and code generator (from npm, into
# .tools/npm; .tools/bin/deno is that Deno), the npm packages the kit imports
# (into Deno's cache), and the real plakar and S3 server (versitygw) the
# end-to-end tests drive (into .tools/). Safe to re-run.
set -eu
kit="$(cd "$(dirname "$0")/.." && pwd)"
cd "$kit"

command -v npm >/dev/null 2>&1 || { echo "setup: npm is needed (it installs the pinned Deno)" >&2; exit 1; }
# The stamp is the lock file the tools were installed from: reinstall when it changes.
stamp=.tools/npm/node_modules/.installed-from-lock.json
mkdir -p .tools/npm .tools/bin
if [ ! -x .tools/npm/node_modules/.bin/deno ] || ! cmp -s toolchain/package-lock.json "$stamp"; then
  echo "setup: installing the pinned Deno and tools from npm..." >&2
  cp toolchain/package.json toolchain/package-lock.json .tools/npm/
  npm ci --prefix .tools/npm --no-audit --no-fund --loglevel=error
  cp toolchain/package-lock.json "$stamp"
fi
ln -sfn ../npm/node_modules/.bin/deno .tools/bin/deno
.tools/bin/deno --version | head -n 1 >&2

echo "setup: caching npm packages for Deno..." >&2
.tools/bin/deno install --quiet

sh toolchain/install-plakar.sh >/dev/null
sh toolchain/install-versitygw.sh >/dev/null
echo "setup: done. Run the tests with: .tools/bin/deno task test" >&2
