// Command chitieu pulls the data behind the KPIs of Hanoi's science,
// technology and innovation plan 2021–2025 (Plan 185/KH-UBND) into a DuckDB
// warehouse, computes each KPI and compares it with its target.
//
// Each subcommand lives in its own file, parses its own flags and calls the
// packages below; no business logic lives here.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/spf13/pflag"

	// Every decoder, registered for content detection.
	_ "github.com/hanoi-sti/chitieu/extract/all"

	"github.com/hanoi-sti/chitieu/load"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// commands is filled by each command's file in an init function, so a new
// command is one new file.
var commands = map[string]command{}

// env is what every command shares: output streams and the logger.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	log            *slog.Logger
}

// useLogger makes l the command's logger and the process's default one:
// the decoders log through slog's default (the xls decoder's skipped
// sheets, the xlsx decoder's computed formulas), which otherwise wrote text
// lines through the standard logger beside --log-format json.
func (e *env) useLogger(l *slog.Logger) {
	e.log = l
	slog.SetDefault(l)
}

// usageError marks a command-line mistake: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	// Logs and output piped into a reader that stops early ('chitieu run
	// 2>&1 | head') must not stop a load: without this, Go's runtime kills
	// the process with SIGPIPE on the first write to a closed standard
	// output or error, mid-transaction, leaving the run interrupted and the
	// lock behind. Ignored, the write fails with EPIPE and the run goes on.
	signal.Ignore(syscall.SIGPIPE)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := realMain(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func realMain(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	load.Version = version
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" || args[0] == "version" {
		fmt.Fprintln(stdout, "chitieu", version)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "chitieu: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	e := &env{stdout: stdout, stderr: stderr, stdin: stdin}
	e.useLogger(newLogger(stderr, "text", "info"))
	err := cmd.run(ctx, e, args[1:])
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, pflag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "chitieu %s: %v\nRun 'chitieu %s --help' for usage.\n", args[0], err, args[0])
		return 2
	default:
		fmt.Fprintf(stderr, "chitieu %s: %v\n", args[0], err)
		return 1
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `chitieu — the KPIs of Hanoi's science, technology and innovation plan 2021–2025
(Plan 185/KH-UBND) in a DuckDB warehouse.

Usage: chitieu COMMAND [flags]

Commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, `
The warehouse is ./chitieu.duckdb unless --db or CHITIEU_DB says otherwise.
Run 'chitieu COMMAND --help' for a command's flags.
`)
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name, synopsis, help string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: chitieu %s %s\n\n%s\n\nFlags:\n%s", name, synopsis, help, fs.FlagUsages())
	}
	return fs
}

// parse parses flags, turning a parse error into a usage error.
func parse(fs *pflag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// dbFlag adds the common --db flag.
func dbFlag(fs *pflag.FlagSet) *string {
	def := os.Getenv("CHITIEU_DB")
	if def == "" {
		def = "chitieu.duckdb"
	}
	return fs.String("db", def, "warehouse file (env CHITIEU_DB)")
}

// engine holds DuckDB's resource limits for the commands that load.
type engine struct {
	memory  *string
	threads *int
}

// engineFlags adds --memory-limit and --threads to a command that loads.
func engineFlags(fs *pflag.FlagSet) engine {
	return engine{
		memory: fs.String("memory-limit", load.DefaultMemoryLimit,
			"DuckDB's memory limit while loading (64MB, 1GB, …); staging and merging spill beyond it to <db>.tmp"),
		threads: fs.Int("threads", load.DefaultThreads, "DuckDB's threads while loading (0 = one per core)"),
	}
}

// options are the loading options; a command that loads calls it once, and
// it also bounds the Go heap while loading (load.LimitGoMemory).
func (g engine) options(log *slog.Logger) load.Options {
	load.LimitGoMemory()
	return load.Options{Logger: log, MemoryLimit: *g.memory, Threads: *g.threads}
}

// checkLogFormat refuses a --log-format other than text or json: an
// unknown one used to fall back to text silently.
func checkLogFormat(f string) error {
	if f != "text" && f != "json" {
		return usageError{fmt.Sprintf("unknown log format %q (want text or json)", f)}
	}
	return nil
}

// newLogger logs as text on a terminal and as JSON when asked. The
// CHITIEU_LOG_LEVEL environment variable (debug, info, warn, error)
// overrides level: debug adds how long each load statement took.
func newLogger(w io.Writer, format, level string) *slog.Logger {
	if env := os.Getenv("CHITIEU_LOG_LEVEL"); env != "" {
		level = env
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		lv = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
