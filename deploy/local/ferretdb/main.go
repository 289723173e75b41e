// Command ferretdb-local runs FerretDB (MongoDB wire protocol) for local development and CI, where
// no Docker engine is available: on PostgreSQL (the default the project's scripts choose; see
// docs/benchmark.md for the measurements) or on SQLite, always behind the write gate (serialize.go).
//
// We embed the library instead of `go install .../cmd/ferretdb`: that binary panics at
// start because the module lacks build/version/version.txt (FerretDB issue 2982).
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (keep it on loopback)")
	backendName := flag.String("backend", "postgresql", "postgresql or sqlite")
	pgURL := flag.String("postgresql-url", "", "PostgreSQL URL for -backend postgresql, naming the database to use")
	dataDir := flag.String("data", "", "directory for the SQLite databases (required for -backend sqlite)")
	gateMode := flag.String("write-gate", "", "global, document or off (default: document on postgresql, global on sqlite; off loses concurrent updates, for showing that the atomicity test catches it)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	debugListen := flag.String("debug-listen", "", "address for Go's pprof handlers (e.g. 127.0.0.1:8089); off by default")
	flag.Parse()

	var g gate
	switch *gateMode {
	case "global":
		g = &globalGate{}
	case "document":
		g = newDocumentGate()
	case "off":
		g = noGate{}
	case "":
		if *backendName == "sqlite" {
			g = &globalGate{}
		} else {
			g = newDocumentGate()
		}
	default:
		fmt.Fprintln(os.Stderr, "ferretdb-local: -write-gate must be global, document or off")
		os.Exit(2)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb-local: bad -log-level:", err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	// FerretDB listens on a private loopback port; clients reach it through the write gate
	// (serialize.go) on the public one.
	front, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb-local:", err)
		os.Exit(1)
	}
	backend, err := freeLoopbackPort()
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb-local:", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	// The embeddable package disables telemetry itself.
	cfg := &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: backend}, Logger: logger}
	switch *backendName {
	case "postgresql":
		if *pgURL == "" {
			fmt.Fprintln(os.Stderr, "ferretdb-local: -postgresql-url is required for -backend postgresql")
			os.Exit(2)
		}
		if err := preparePostgres(ctx, *pgURL); err != nil {
			fmt.Fprintln(os.Stderr, "ferretdb-local: preparing PostgreSQL:", err)
			os.Exit(1)
		}
		cfg.Handler, cfg.PostgreSQLURL = "postgresql", *pgURL
	case "sqlite":
		if *dataDir == "" {
			fmt.Fprintln(os.Stderr, "ferretdb-local: -data is required for -backend sqlite")
			os.Exit(2)
		}
		abs, err := filepath.Abs(*dataDir)
		if err == nil {
			err = os.MkdirAll(abs, 0o700)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "ferretdb-local:", err)
			os.Exit(1)
		}
		cfg.Handler, cfg.SQLiteURL = "sqlite", "file:"+abs+"/?_pragma=synchronous(normal)"
	default:
		fmt.Fprintln(os.Stderr, "ferretdb-local: -backend must be postgresql or sqlite")
		os.Exit(2)
	}
	f, err := ferretdb.New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb-local:", err)
		os.Exit(1)
	}

	if *debugListen != "" {
		// Profiles for docs/benchmark.md: go tool pprof http://<addr>/debug/pprof/profile?seconds=10
		go func() { logger.Error("debug listener", "err", http.ListenAndServe(*debugListen, nil)) }()
	}
	logger.Info("listening", "addr", *listen, "backend", *backendName)
	go serveGated(front, backend, g, logger)
	go func() {
		<-ctx.Done()
		front.Close()
	}()
	if err := f.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb-local:", err)
		os.Exit(1)
	}
}

func freeLoopbackPort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}
