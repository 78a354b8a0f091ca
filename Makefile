# Build, package and install the kit's reference plugin, localdir, described
# by Manifest.yaml (a link to connectors/localdir/plugin.yaml), with this
# checkout of the kit. A plugin's own Makefile (connectors/localdir/Makefile,
# or a scaffolded one) runs the same steps through jsr:@plakar/kit.
#
#   make                 build for this machine, or GOOS/GOARCH when set
#                        -> dist/<os>_<arch>/manifest.yaml, <name>, schema/
#                        (then: plakar pkg create dist/<os>_<arch>/manifest.yaml vX.Y.Z)
#   make cross           build for every target (or: make all TARGETS="...")
#   make package         compile, stage, lint and pack every target
#                        -> dist/<name>_<version>_<os>_<arch>.ptar
#   make dev             development package for this machine (runs the bundled
#                        program under the pinned Deno) -> dist/dev/*.ptar
#   make install         plakar pkg add of this machine's package
#   make dev install     ... of the development package
#   make uninstall       plakar pkg rm
#   make lint-manifest   check the source manifest
#   make clean
#
# Targets are Deno triples (or <os>_<arch>). Offline, `deno compile` needs
# each target's runtime: DENORT_BIN_<triple with _> (or DENORT_BIN), or a
# pre-seeded $DENO_DIR/dl/release/v<deno version>/denort-<triple>.zip.

KIT := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
DENO ?= $(KIT)/.tools/bin/deno
PLAKAR ?= $(shell sh $(KIT)/toolchain/install-plakar.sh)
DIST ?= dist
CROSS_TARGETS = x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu \
	x86_64-apple-darwin aarch64-apple-darwin

# `make all` builds for GOOS/GOARCH or this machine unless TARGETS is given;
# `cross` and `package` build TARGETS, every target by default.
ifeq ($(origin TARGETS),undefined)
ALL_TARGETS =
TARGETS = $(CROSS_TARGETS)
else
ALL_TARGETS = $(TARGETS)
endif

BUILD = $(DENO) run --allow-read --allow-write --allow-env --allow-run \
	$(KIT)/cli/package/main.ts --dist $(DIST)
INSTALL_FLAGS = $(if $(filter dev,$(MAKECMDGOALS)),--dev)

.PHONY: all cross package dev install uninstall lint-manifest clean

all:
	@$(BUILD) build $(ALL_TARGETS)

cross:
	@$(BUILD) build $(TARGETS)

package:
	@PLAKAR="$(PLAKAR)" $(BUILD) package $(TARGETS)

dev:
	@PLAKAR="$(PLAKAR)" $(BUILD) dev

install:
	@PLAKAR="$(PLAKAR)" $(BUILD) install $(INSTALL_FLAGS)

uninstall:
	@PLAKAR="$(PLAKAR)" $(BUILD) uninstall

lint-manifest:
	@$(BUILD) lint-manifest

clean:
	rm -rf $(DIST)
