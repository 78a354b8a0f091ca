#!/bin/sh
# Installs versitygw, the real S3 server (the S3 API over a POSIX folder) the
# S3 plugin's tests run against, into .tools/versitygw/<version>/ (ignored by
# git, reused across runs). Prints the binary's path on stdout.
set -eu

. "$(dirname "$0")/go_tool.sh"
go_tool versitygw "${VERSITYGW_VERSION:-v1.8.0}"
echo "install-versitygw: building versitygw $version with Go (a minute or two, once)..." >&2
if ! GOBIN="$dest" go install "github.com/versity/versitygw/cmd/versitygw@$version" 2>"$dest/go-install.log"; then
  echo "install-versitygw: 'go install' failed: $(tail -n 1 "$dest/go-install.log")" >&2
  exit 1
fi
echo "$bin"
