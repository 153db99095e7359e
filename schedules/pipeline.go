package schedules

import (
	"context"
	"errors"
	"fmt"
	"github.com/apache/arrow-go/v18/arrow/memory/mallocator"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
	"github.com/hanoi-sti/chitieu/extract/fetch"
	"github.com/hanoi-sti/chitieu/extract/landing"
	"github.com/hanoi-sti/chitieu/load"
	"github.com/hanoi-sti/chitieu/transform"
)

// MaxFileSize bounds a local file; larger files are refused with a clear
// error. Files are not read into memory whole (see readFile), but a format
// parsed whole (JSON, PX) still is.
const MaxFileSize = 1 << 30

// Pipeline runs sources through extract → transform → load.
type Pipeline struct {
	Warehouse *load.Warehouse
	Log       *slog.Logger
	Fetch     *fetch.Client  // for URL sources; a default client if nil
	Landing   *landing.Store // where fetched payloads are kept; nil = not kept
	Offline   bool           // read URL sources from the landing area only
	Now       func() time.Time
	// Retry, when set, wraps reading or fetching each source of Run, so a
	// transient failure is tried again within the run (see retry.go); nil
	// means one attempt.
	Retry func(ctx context.Context, source string, attempt func(context.Context) error) error
	// Progress, when set, is told each step of a run (fetching or reading a
	// source, loading into the warehouse) with how far the run has got; the
	// CLI draws it as a progress bar on terminals.
	Progress func(step string, done, total int)
	// Rows, when set, is told how many rows of the current payload have been
	// read and loaded so far, after each batch of rows: within one large
	// file, the progress a count of files cannot show.
	Rows func(rows int64)
}

func (p *Pipeline) progress(step string, done, total int) {
	if p.Progress != nil {
		p.Progress(step, done, total)
	}
}

func (p *Pipeline) now() time.Time {
	if p.Now != nil {
		return p.Now().UTC()
	}
	return time.Now().UTC()
}

func (p *Pipeline) log() *slog.Logger {
	if p.Log != nil {
		return p.Log
	}
	return slog.Default()
}

// Run loads the given sources of cfg as one run of job. A source that fails
// is recorded and the others still load; the summary's status says which.
func (p *Pipeline) Run(ctx context.Context, cfg *Config, sources []SourceDef, job, command string) (*load.Summary, error) {
	if len(sources) == 0 {
		return nil, ErrNoSources
	}
	run, err := p.Warehouse.BeginRun(ctx, job, command)
	if err != nil {
		return nil, err
	}
	run.OnRows = p.Rows
	for i, s := range sources {
		verb := "reading "
		if s.URL != "" {
			verb = "fetching "
		}
		p.progress(verb+s.Name, i, len(sources))
		if err := ctx.Err(); err != nil {
			run.Abort(ctx, err)
			return nil, err
		}
		var payloads []extract.Payload
		get := func(ctx context.Context) (err error) {
			payloads, err = p.payloads(ctx, cfg, s)
			return err
		}
		var err error
		if p.Retry != nil {
			err = p.Retry(ctx, s.Name, get)
		} else {
			err = get(ctx)
		}
		if err != nil && ctx.Err() != nil {
			run.Abort(ctx, ctx.Err())
			return nil, ctx.Err()
		}
		if err != nil {
			p.log().Error("source failed", "source", s.Name, "err", err)
			run.Fail(ctx, s.provenance(extract.Payload{Source: s.Name, URI: s.Path + s.URL, FetchedAt: p.now()}), s.Kind, err)
			continue
		}
		for _, pl := range payloads {
			if err := p.stage(ctx, run, s, pl); err != nil && ctx.Err() != nil {
				run.Abort(ctx, ctx.Err())
				return nil, ctx.Err()
			}
		}
		if run.Err() != nil {
			p.log().Error("the run failed; the remaining sources are not fetched")
			break
		}
	}
	p.progress("loading into the warehouse", len(sources), len(sources))
	return run.Commit(ctx)
}

// LoadFiles loads files named on the command line, detecting their kind
// from their content. Each file is its own source, named after the file
// unless name is given.
func (p *Pipeline) LoadFiles(ctx context.Context, files []string, name string, sample bool) (*load.Summary, error) {
	run, err := p.Warehouse.BeginRun(ctx, "load", "chitieu load "+strings.Join(files, " "))
	if err != nil {
		return nil, err
	}
	run.OnRows = p.Rows
	for i, f := range files {
		p.progress("reading "+filepath.Base(f), i, len(files))
		src := SourceDef{Name: name, Path: f, Sample: sample}
		if src.Name == "" {
			src.Name = strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		}
		pl, err := p.readFile(src, f)
		if err != nil {
			run.Fail(ctx, extract.Payload{Source: src.Name, URI: f, FetchedAt: p.now()}, "", err)
			continue
		}
		if err := p.stage(ctx, run, src, pl); err != nil && ctx.Err() != nil {
			run.Abort(ctx, ctx.Err())
			return nil, ctx.Err()
		}
		if run.Err() != nil {
			p.log().Error("the run failed; the remaining files are not read")
			break
		}
	}
	p.progress("loading into the warehouse", len(files), len(files))
	return run.Commit(ctx)
}

// arrowAlloc holds the normalised batches in C memory (malloc) rather than
// on the Go heap: every batch is released explicitly once DuckDB has read
// it, so the garbage collector need not trace and sweep them. On the
// 5,000,000-row CSV the Go heap's collections took a sixth of the
// normalisers' CPU time with Go-allocated batches (BENCHMARKS.md, finding 11).
var arrowAlloc = mallocator.NewMallocator()

func (p *Pipeline) stage(ctx context.Context, run *load.Run, s SourceDef, pl extract.Payload) error {
	pl = s.provenance(pl)
	log := p.log().With("source", s.Name, "uri", pl.URI)
	if earlier, seen, err := run.AlreadyLoaded(ctx, pl.SHA256); err != nil {
		return err
	} else if seen {
		log.Info("unchanged: the same bytes were loaded before", "as", earlier.From)
		run.Skip(ctx, pl, earlier)
		return nil
	}
	var dec extract.Decoder
	var err error
	if s.Kind != "" {
		dec, err = extract.ByName(s.Kind)
	} else {
		dec, err = extract.Detect(pl)
	}
	if err != nil {
		log.Error("cannot read", "err", err)
		run.Fail(ctx, pl, s.Kind, err)
		return err
	}
	dec = s.declared(dec)
	start := time.Now()
	stream := transform.Start(ctx, dec, pl, transform.Config{Ref: p.Warehouse.Reference(), DefaultGeo: s.Geo, GeoScheme: s.GeoScheme, Alloc: arrowAlloc, RawForRejectedOnly: true})
	defer stream.Release()
	st, err := run.Stage(ctx, pl, dec.Name(), stream)
	if err != nil {
		if run.Err() != nil {
			// DuckDB's own error fails the whole run: the caller's error
			// says it, once (it was printed three times, with DuckDB's
			// several lines of advice each time).
			log.Error("failed: the run is rolled back", "kind", dec.Name())
		} else {
			log.Error("failed", "kind", dec.Name(), "err", err)
		}
		return err
	}
	log.Info("read", "kind", dec.Name(), "rows", st.Stats.Read, "accepted", st.Stats.Accepted,
		"rejected", st.Stats.Rejected, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// payloads reads or fetches what a source definition names.
func (p *Pipeline) payloads(ctx context.Context, cfg *Config, s SourceDef) ([]extract.Payload, error) {
	if s.URL != "" {
		return p.fetchPages(ctx, s)
	}
	files, err := cfg.Files(s)
	if err != nil {
		return nil, err
	}
	var out []extract.Payload
	for _, f := range files {
		pl, err := p.readFile(s, f)
		if err != nil {
			return nil, err
		}
		out = append(out, pl)
	}
	return out, nil
}

// readFile describes a local file as a payload. The file is hashed, not
// read into memory: decoders read it from disk (see extract.FilePayload).
func (p *Pipeline) readFile(s SourceDef, path string) (extract.Payload, error) {
	pl, err := extract.FilePayload(s.Name, path, p.now(), MaxFileSize)
	if err != nil {
		return extract.Payload{}, fmt.Errorf("source %s: %w", s.Name, err)
	}
	pl.Sample = s.Sample
	return pl, nil
}

// fetchPages fetches an HTTP source and, when its decoder is an
// extract.Pager (the World Bank API), every further page of the answer.
// Page k > 1 lands under the name "<source>.p<k>".
func (p *Pipeline) fetchPages(ctx context.Context, s SourceDef) ([]extract.Payload, error) {
	first, err := p.fetchURL(ctx, s, s.Name, s.URL)
	if err != nil {
		return nil, err
	}
	out := []extract.Payload{first}
	var dec extract.Decoder
	if s.Kind != "" {
		dec, err = extract.ByName(s.Kind)
	} else {
		dec, err = extract.Detect(first)
	}
	pager, ok := dec.(extract.Pager)
	if err != nil || !ok {
		return out, nil // the decoder reports what is wrong with page 1
	}
	var urls []string
	if p.Offline {
		for k := 2; ; k++ {
			if _, _, err := p.Landing.Latest(fmt.Sprintf("%s.p%d", s.Name, k)); err != nil {
				break
			}
			urls = append(urls, "")
		}
	} else {
		body, err := first.Bytes()
		if err != nil {
			return nil, fmt.Errorf("source %s: %w", s.Name, err)
		}
		if urls, err = pager.MorePages(s.URL, body); err != nil {
			return nil, fmt.Errorf("source %s: %w", s.Name, err)
		}
	}
	for i, u := range urls {
		pl, err := p.fetchURL(ctx, s, fmt.Sprintf("%s.p%d", s.Name, i+2), u)
		if err != nil {
			return nil, err
		}
		out = append(out, pl)
	}
	return out, nil
}

// fetchURL fetches one URL (conditionally, when the landing area has an
// earlier copy) and keeps the answer in the landing area under landName.
// Offline, it reads the newest landed copy instead.
func (p *Pipeline) fetchURL(ctx context.Context, s SourceDef, landName, url string) (extract.Payload, error) {
	var prev *landing.Meta
	if p.Landing != nil {
		if pl, m, err := p.Landing.Latest(landName); err == nil {
			if p.Offline {
				pl.Source, pl.Sample = s.Name, pl.Sample || s.Sample
				return pl, nil
			}
			prev = &m
		} else if p.Offline {
			return extract.Payload{}, fmt.Errorf("source %s: offline and nothing landed: %w", s.Name, err)
		}
	} else if p.Offline {
		return extract.Payload{}, fmt.Errorf("source %s: offline needs a landing area", s.Name)
	}
	client := p.Fetch
	if client == nil {
		client = &fetch.Client{Logger: p.log()}
	}
	req := fetch.Request{URL: url, Method: s.Method, CredentialEnv: s.Credential}
	if s.Body != "" {
		req.Body, req.ContentType = []byte(s.Body), "application/json"
	}
	if prev != nil {
		req.ETag, req.LastModified = prev.ETag, prev.LastModified
	}
	resp, err := client.Do(ctx, req)
	if err != nil {
		return extract.Payload{}, fmt.Errorf("source %s: %w", s.Name, err)
	}
	if resp.NotModified && prev != nil {
		pl, err := p.Landing.Read(*prev)
		if err != nil {
			return extract.Payload{}, fmt.Errorf("source %s: 304 Not Modified but the landed copy is unreadable: %w", s.Name, err)
		}
		pl.Source = s.Name
		return pl, nil
	}
	pl := extract.NewPayload(landName, resp.URL, resp.Body, resp.FetchedAt)
	pl.Sample = s.Sample
	pl.HTTP = resp.Header
	if p.Landing != nil {
		if _, err := p.Landing.Put(ctx, pl, landing.Meta{Status: resp.Status, ETag: resp.ETag, LastModified: resp.LastModified, ContentType: resp.ContentType}); err != nil {
			return extract.Payload{}, fmt.Errorf("source %s: keep payload: %w", s.Name, err)
		}
	}
	pl.Source = s.Name
	return pl, nil
}

// ErrRunFailed is returned by callers that turn a non-succeeded summary
// into an exit status.
var ErrRunFailed = errors.New("run did not succeed")
