// Command rawclient drives a storage plugin straight over the protocol with
// plakar's own plugin client (github.com/PlakarKorp/plakar/plugins, the code
// plakar v1.1.4 runs): spawn → Init latency, then Put and Get of one large
// object and of many small ones. It prints its measurements as JSON.
package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/PlakarKorp/kloset/connectors/storage"
	"github.com/PlakarKorp/kloset/kcontext"
	"github.com/PlakarKorp/kloset/location"
	"github.com/PlakarKorp/kloset/objects"
	"github.com/PlakarKorp/plakar/plugins"
)

const chunkSize = 1 << 20

type result struct {
	InitMs         []float64 `json:"initMs"`
	PutLargeMBs    float64   `json:"putLargeMBs,omitempty"`
	GetLargeMBs    float64   `json:"getLargeMBs,omitempty"`
	PutSmallPerSec float64   `json:"putSmallPerSec,omitempty"`
	GetSmallPerSec float64   `json:"getSmallPerSec,omitempty"`
}

// patternReader yields size bytes taken from one random buffer, so that
// producing the data costs nothing next to sending it.
type patternReader struct {
	left    int64
	pattern []byte
}

func (r *patternReader) Read(p []byte) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.pattern[:min(int64(len(r.pattern)), r.left)])
	r.left -= int64(n)
	return n, nil
}

func randomMAC() objects.MAC {
	var mac objects.MAC
	rand.Read(mac[:])
	return mac
}

func seconds(action func() error) (float64, error) {
	start := time.Now()
	err := action()
	return time.Since(start).Seconds(), err
}

// options collects repeated -option key=value flags: the storage's
// configuration besides its location, as `plakar store add` passes it.
type options map[string]string

func (o options) String() string { return fmt.Sprint(map[string]string(o)) }

func (o options) Set(pair string) error {
	key, value, ok := strings.Cut(pair, "=")
	if !ok || key == "" {
		return fmt.Errorf("%q is not key=value", pair)
	}
	o[key] = value
	return nil
}

// open spawns the plugin and calls Init, as plakar does; cancelling ctx
// kills the plugin.
func open(ctx context.Context, location string, opts options) (storage.Store, error) {
	kctx := kcontext.NewKContext()
	kctx.Context = ctx
	config := map[string]string{"location": location}
	for key, value := range opts {
		config[key] = value
	}
	return storage.New(kctx, config)
}

func drain(store storage.Store, ctx context.Context, mac objects.MAC) (int64, error) {
	rd, err := store.Get(ctx, storage.StorageResourcePackfile, mac, nil)
	if err != nil {
		return 0, err
	}
	defer rd.Close()
	return io.Copy(io.Discard, rd)
}

// parallel runs task(i) for i in [0, count) on `workers` goroutines.
func parallel(count, workers int, task func(i int) error) error {
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := task(i); err != nil {
					once.Do(func() { first = err })
				}
			}
		}()
	}
	for i := 0; i < count; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

func run() error {
	exe := flag.String("exe", "", "plugin executable")
	args := flag.String("args", "storage", "plugin arguments, comma-separated")
	proto := flag.String("proto", "", "protocol the plugin serves")
	dir := flag.String("dir", "", "folder for the repositories")
	remote := flag.String("location", "", "instead of -dir: a remote location for the repositories, e.g. s3://host:port/bucket")
	opts := options{}
	flag.Var(opts, "option", "key=value for the storage, repeatable")
	spawns := flag.Int("spawns", 5, "spawn → Init samples")
	large := flag.Int64("bytes", 1<<30, "size of the large object")
	objectsN := flag.Int("objects", 20000, "number of small objects")
	objectSize := flag.Int64("object-size", 4096, "size of each small object")
	workers := flag.Int("concurrency", 16, "small objects in flight")
	flag.Parse()
	if *exe == "" || *proto == "" || (*dir == "") == (*remote == "") {
		return fmt.Errorf("-exe, -proto and one of -dir or -location are required")
	}
	// A remote location is not a path: the local-fs flag would make it
	// relative to the working directory.
	flags, loc := location.FLAG_LOCALFS, *proto+"://"+*dir
	if *remote != "" {
		flags, loc = 0, *remote
	}
	var argv []string
	if *args != "" {
		argv = strings.Split(*args, ",")
	}
	if err := plugins.RegisterStorage(*proto, flags, *exe, argv); err != nil {
		return err
	}
	var out result

	for i := 0; i < *spawns; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		start := time.Now()
		store, err := open(ctx, loc+"/spawn", opts)
		elapsed := time.Since(start)
		if err == nil {
			err = store.Close(ctx)
		}
		cancel()
		if err != nil {
			return fmt.Errorf("spawn → Init: %w", err)
		}
		out.InitMs = append(out.InitMs, float64(elapsed.Microseconds())/1000)
	}

	if *large > 0 || *objectsN > 0 {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		store, err := open(ctx, loc+"/repo", opts)
		if err != nil {
			return err
		}
		if err := store.Create(ctx, []byte("bench")); err != nil {
			return fmt.Errorf("create: %w", err)
		}
		pattern := make([]byte, chunkSize)
		rand.Read(pattern)

		if *large > 0 {
			mac := randomMAC()
			t, err := seconds(func() error {
				n, err := store.Put(ctx, storage.StorageResourcePackfile, mac, &patternReader{*large, pattern})
				if err == nil && n != *large {
					err = fmt.Errorf("stored %d bytes of %d", n, *large)
				}
				return err
			})
			if err != nil {
				return fmt.Errorf("put large: %w", err)
			}
			out.PutLargeMBs = float64(*large) / 1e6 / t
			t, err = seconds(func() error {
				n, err := drain(store, ctx, mac)
				if err == nil && n != *large {
					err = fmt.Errorf("read back %d bytes of %d", n, *large)
				}
				return err
			})
			if err != nil {
				return fmt.Errorf("get large: %w", err)
			}
			out.GetLargeMBs = float64(*large) / 1e6 / t
		}

		if *objectsN > 0 {
			macs := make([]objects.MAC, *objectsN)
			for i := range macs {
				macs[i] = randomMAC()
			}
			t, err := seconds(func() error {
				return parallel(*objectsN, *workers, func(i int) error {
					_, err := store.Put(ctx, storage.StorageResourcePackfile, macs[i], &patternReader{*objectSize, pattern})
					return err
				})
			})
			if err != nil {
				return fmt.Errorf("put small: %w", err)
			}
			out.PutSmallPerSec = float64(*objectsN) / t
			t, err = seconds(func() error {
				return parallel(*objectsN, *workers, func(i int) error {
					n, err := drain(store, ctx, macs[i])
					if err == nil && n != *objectSize {
						err = fmt.Errorf("small object %d read back as %d bytes", i, n)
					}
					return err
				})
			})
			if err != nil {
				return fmt.Errorf("get small: %w", err)
			}
			out.GetSmallPerSec = float64(*objectsN) / t
		}
		if err := store.Close(ctx); err != nil {
			return fmt.Errorf("close: %w", err)
		}
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "rawclient: %s\n", err)
		os.Exit(1)
	}
}
