#!/bin/sh
# Installs the real plakar used by the end-to-end tests into .tools/plakar/<version>/
# (ignored by git, reused across runs). Prints the binary's path on stdout.
#
# It first tries the plain `go install`. Some Go module proxies refuse one of
# plakar's dependencies (go.omarpolo.com/ttlmap, used only by the web UI); then
# it builds the very same plakar release from its own go.mod/go.sum with that
# one module replaced by toolchain/plakar-shims/ttlmap.
set -eu

. "$(dirname "$0")/go_tool.sh"
go_tool plakar "${PLAKAR_VERSION:-v1.1.4}"
echo "install-plakar: building plakar $version with Go (a few minutes, once)..." >&2
if GOBIN="$dest" go install "github.com/PlakarKorp/plakar@$version" 2>"$dest/go-install.log"; then
  echo "$bin"
  exit 0
fi

echo "install-plakar: 'go install' failed ($(tail -n 1 "$dest/go-install.log")); building the release sources instead" >&2
src="$(go mod download -json "github.com/PlakarKorp/plakar@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -n "$src" ] || { echo "install-plakar: could not download github.com/PlakarKorp/plakar@$version" >&2; exit 1; }
work="$(mktemp -d)"
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -R "$src/." "$work/"
chmod -R u+w "$work"
(
  cd "$work"
  go mod edit -replace "go.omarpolo.com/ttlmap=$kit/toolchain/plakar-shims/ttlmap"
  go build -o "$bin.tmp" .
)
mv "$bin.tmp" "$bin"
echo "$bin"
