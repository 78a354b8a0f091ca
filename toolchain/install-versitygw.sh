#!/bin/sh
# Installs versitygw, the real S3 server (the S3 API over a POSIX folder) the
# S3 plugin's tests run against, into .tools/versitygw/<version>/ (ignored by
# git, reused across runs). Prints the binary's path on stdout.
set -eu

version="${VERSITYGW_VERSION:-v1.8.0}"
kit="$(cd "$(dirname "$0")/.." && pwd)"
dest="$kit/.tools/versitygw/$version"
bin="$dest/versitygw"

if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || {
  echo "install-versitygw: Go is needed to build versitygw $version (https://go.dev/dl/)" >&2
  exit 1
}

mkdir -p "$dest"
export CGO_ENABLED=0 GOFLAGS=-buildvcs=false
echo "install-versitygw: building versitygw $version with Go (a minute or two, once)..." >&2
if ! GOBIN="$dest" go install "github.com/versity/versitygw/cmd/versitygw@$version" 2>"$dest/go-install.log"; then
  echo "install-versitygw: 'go install' failed: $(tail -n 1 "$dest/go-install.log")" >&2
  exit 1
fi
echo "$bin"
