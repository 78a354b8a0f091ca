// Command gofs serves plakar's own fs importer, exporter and storage as an
// external plugin through the official Go SDK: the benchmark's "Go plugin"
// peer. The connector kind comes from the manifest's args, like the
// TypeScript plugins do.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	sdk "github.com/PlakarKorp/go-kloset-sdk"
	fsexporter "github.com/PlakarKorp/integrations/fs/exporter"
	fsimporter "github.com/PlakarKorp/integrations/fs/importer"
	fsstorage "github.com/PlakarKorp/integrations/fs/storage"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintf(os.Stderr, "usage: %s importer|exporter|storage\n", os.Args[0])
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "importer":
		err = sdk.RunImporter(fsimporter.NewFSImporter)
	case "exporter":
		err = sdk.RunExporter(fsexporter.NewFSExporter)
	case "storage":
		err = sdk.RunStorage(fsstorage.NewStore)
	default:
		fmt.Fprintf(os.Stderr, "gofs: unknown connector kind %q (want importer, exporter or storage)\n", os.Args[1])
		os.Exit(2)
	}
	// The SDK reports the end of stdin as io.EOF: that is a normal shutdown.
	if err != nil && !errors.Is(err, io.EOF) {
		fmt.Fprintf(os.Stderr, "gofs %s: %s\n", os.Args[1], err)
		os.Exit(1)
	}
}
