# Sourced by the install-*.sh scripts: what installing a pinned Go program
# into .tools/<name>/<version>/ has in common. After `go_tool NAME VERSION`,
# $kit, $dest and $bin are set; an install already there is printed and the
# script exits 0; a missing Go toolchain is a clear failure.
go_tool() {
  name="$1"
  version="$2"
  kit="$(cd "$(dirname "$0")/.." && pwd)"
  dest="$kit/.tools/$name/$version"
  bin="$dest/$name"
  if [ -x "$bin" ]; then
    echo "$bin"
    exit 0
  fi
  command -v go >/dev/null 2>&1 || {
    echo "install-$name: Go is needed to build $name $version (https://go.dev/dl/)" >&2
    exit 1
  }
  mkdir -p "$dest"
  export CGO_ENABLED=0 GOFLAGS=-buildvcs=false
}
