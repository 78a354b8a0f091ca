#!/bin/sh
# Sets up a fresh checkout: the pinned Deno and code generator (from npm, into
# tools/node_modules), the npm packages the kit imports (into Deno's cache),
# and the real plakar and S3 server (versitygw) the end-to-end tests drive (into
# .tools/). Safe to re-run.
set -eu
kit="$(cd "$(dirname "$0")/.." && pwd)"
cd "$kit"

command -v npm >/dev/null 2>&1 || { echo "setup: npm is needed (it installs the pinned Deno)" >&2; exit 1; }
# The stamp is the lock file the tools were installed from: reinstall when it changes.
stamp=tools/node_modules/.installed-from-lock.json
if [ ! -x tools/node_modules/.bin/deno ] || ! cmp -s tools/package-lock.json "$stamp"; then
  echo "setup: installing the pinned Deno and tools from npm..." >&2
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
  cp tools/package-lock.json "$stamp"
fi
tools/node_modules/.bin/deno --version | head -n 1 >&2

echo "setup: caching npm packages for Deno..." >&2
tools/node_modules/.bin/deno install --quiet

sh tools/install-plakar.sh >/dev/null
sh toolchain/install-versitygw.sh >/dev/null
echo "setup: done. Run the tests with: tools/node_modules/.bin/deno task test" >&2
