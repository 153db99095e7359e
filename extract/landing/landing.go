// Package landing keeps every payload chitieu fetches, byte for byte, before
// anything reads it.
//
// Sources change or vanish: a ministry replaces last year's workbook, a portal
// goes down the week the report is due. With the exact bytes kept, any number
// in the warehouse can be traced to the file it came from and re-derived when
// a decoder is fixed, and `chitieu run --offline` can rebuild everything from
// disk. So the landing area is append-only and content-addressed:
//
//	<Dir>/<source>/<fetch time as 20060102T150405Z>-<sha256>
//	<Dir>/<source>/<fetch time as 20060102T150405Z>-<sha256>.meta.json
//
// The name sorts by fetch time and carries the digest, so a payload that has
// not changed since the last fetch is recognised and not stored twice, and a
// file damaged on disk is detected when read back. Writes are atomic (temp
// file, fsync, rename), so a crash never leaves a half-written payload under
// a real name; the payload's rename is the commit, its sidecar is written
// first.
package landing

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/hanoi-sti/chitieu/extract"
)

// TimeFormat is the layout of the fetch time in landing file names (UTC).
const TimeFormat = "20060102T150405Z"

const metaSuffix = ".meta.json"

// Errors, for errors.Is.
var (
	// ErrCorrupt: a landing file's content does not match its sha256.
	ErrCorrupt = errors.New("landing file corrupted (sha256 mismatch)")
	// ErrNoPayload: nothing has been landed for the source.
	ErrNoPayload = errors.New("no landed payload")
	// ErrBadSource: a source name that cannot be a directory name.
	ErrBadSource = errors.New("invalid source name")
)

// Meta describes one landed payload; it is stored as the JSON sidecar.
type Meta struct {
	Source       string            `json:"source"`
	URL          string            `json:"url"`
	FetchedAt    time.Time         `json:"fetched_at"`
	Size         int64             `json:"size"`
	SHA256       string            `json:"sha256"`
	ContentType  string            `json:"content_type,omitempty"`
	ETag         string            `json:"etag,omitempty"`
	LastModified string            `json:"last_modified,omitempty"`
	Status       int               `json:"http_status,omitempty"`
	Sample       bool              `json:"sample,omitempty"` // demonstration data, not official
	HTTP         map[string]string `json:"http,omitempty"`   // Payload.HTTP as fetched

	// Path is the payload file, filled in by Put, List and Latest; not stored.
	Path string `json:"-"`
}

// Store is a landing area rooted at Dir.
type Store struct{ Dir string }

// putMu serialises Put per source directory within the process, so that two
// goroutines landing the same bytes do not both write them.
var putMu sync.Map // string → *sync.Mutex

// Put lands p under its source and returns the payload file's path. The
// payload's own fields (source, digest, size, fetch time, URI, Sample) are
// authoritative; meta adds the HTTP details, and empty ones are filled from
// p.HTTP. If the source's newest payload has the same sha256, its path is
// returned and nothing is written. (Bytes equal to an older payload but not
// the newest, as when a source reverts a revision, are landed again so that
// Latest returns what the source serves now.)
func (s Store) Put(ctx context.Context, p extract.Payload, meta Meta) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if err := ValidSource(p.Source); err != nil {
		return "", err
	}
	if s.Dir == "" {
		return "", errors.New("landing: no directory configured")
	}
	sum := sha256.Sum256(p.Body)
	digest := hex.EncodeToString(sum[:])
	if p.SHA256 != "" && !strings.EqualFold(p.SHA256, digest) {
		return "", fmt.Errorf("landing %s: payload from %s says sha256 %s but its bytes hash to %s", p.Source, p.URI, p.SHA256, digest)
	}
	fetched := p.FetchedAt.UTC()
	if fetched.IsZero() {
		return "", fmt.Errorf("landing %s: payload from %s has no fetch time", p.Source, p.URI)
	}

	meta.Source, meta.SHA256, meta.Size, meta.FetchedAt, meta.Sample = p.Source, digest, int64(len(p.Body)), fetched, p.Sample
	if meta.URL == "" {
		meta.URL = p.URI
	}
	if len(p.HTTP) > 0 {
		meta.HTTP = p.HTTP
		fill := func(dst *string, key string) {
			if *dst == "" {
				*dst = lookup(p.HTTP, key)
			}
		}
		fill(&meta.ETag, "ETag")
		fill(&meta.LastModified, "Last-Modified")
		fill(&meta.ContentType, "Content-Type")
		if meta.Status == 0 {
			meta.Status, _ = strconv.Atoi(lookup(p.HTTP, "Status"))
		}
	}

	dir := filepath.Join(s.Dir, p.Source)
	mu, _ := putMu.LoadOrStore(dir, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("landing %s: %w", p.Source, err)
	}
	if existing, err := findDigest(dir, digest); err != nil {
		return "", err
	} else if existing != "" {
		return existing, nil
	}

	name := fetched.Format(TimeFormat) + "-" + digest
	path := filepath.Join(dir, name)
	meta.Path = path
	side, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return "", fmt.Errorf("landing %s: %w", path, err)
	}
	if err := writeAtomic(dir, name+metaSuffix, append(side, '\n')); err != nil {
		return "", err
	}
	if err := writeAtomic(dir, name, p.Body); err != nil {
		return "", err
	}
	syncDir(dir)
	return path, nil
}

// Latest returns the newest payload of a source, read back from disk with
// its digest verified, for offline runs. A corrupted newest file is an
// error (ErrCorrupt), not a reason to fall back silently to an older one.
func (s Store) Latest(source string) (extract.Payload, Meta, error) {
	metas, err := s.List(source)
	if err != nil {
		return extract.Payload{}, Meta{}, err
	}
	if len(metas) == 0 {
		return extract.Payload{}, Meta{}, fmt.Errorf("landing %s: %w in %s", source, ErrNoPayload, filepath.Join(s.Dir, source))
	}
	m := metas[len(metas)-1]
	p, err := s.read(m)
	return p, m, err
}

// Read returns the payload a Meta from List describes, digest verified.
func (s Store) Read(m Meta) (extract.Payload, error) { return s.read(m) }

func (s Store) read(m Meta) (extract.Payload, error) {
	// The landed file itself is the payload: decoders read it from disk.
	p, err := extract.FilePayload(m.Source, m.Path, m.FetchedAt, math.MaxInt64)
	if err != nil {
		return extract.Payload{}, fmt.Errorf("landing %s: %w", m.Source, err)
	}
	p.URI = m.URL
	if p.SHA256 != m.SHA256 {
		return extract.Payload{}, fmt.Errorf("%s: %w: content hashes to %s, the name says %s; restore it or fetch again",
			m.Path, ErrCorrupt, p.SHA256, m.SHA256)
	}
	p.Sample = m.Sample
	p.HTTP = httpMap(m)
	return p, nil
}

// List returns the payloads landed for a source, oldest first.
func (s Store) List(source string) ([]Meta, error) {
	if err := ValidSource(source); err != nil {
		return nil, err
	}
	if err := s.checkDir(); err != nil {
		return nil, err
	}
	dir := filepath.Join(s.Dir, source)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // nothing landed for this source yet
	}
	if err != nil {
		return nil, fmt.Errorf("landing %s: %w", source, err)
	}
	var metas []Meta
	for _, e := range entries {
		fetched, digest, ok := parseName(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		m := Meta{Source: source, FetchedAt: fetched, SHA256: digest}
		side, err := os.ReadFile(path + metaSuffix)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			// Sidecar lost: the name still says when and what.
		case err != nil:
			return nil, fmt.Errorf("landing %s: %w", source, err)
		default:
			if err := json.Unmarshal(side, &m); err != nil {
				return nil, fmt.Errorf("%s%s: unreadable sidecar: %w", path, metaSuffix, err)
			}
			if m.SHA256 != digest {
				return nil, fmt.Errorf("%s%s: %w: sidecar says sha256 %s, the name says %s", path, metaSuffix, ErrCorrupt, m.SHA256, digest)
			}
			m.Source = source
		}
		if info, err := e.Info(); err == nil && m.Size == 0 {
			m.Size = info.Size()
		}
		if m.FetchedAt.IsZero() {
			m.FetchedAt = fetched
		}
		m.Path = path
		metas = append(metas, m)
	}
	sort.SliceStable(metas, func(i, j int) bool {
		if !metas[i].FetchedAt.Equal(metas[j].FetchedAt) {
			return metas[i].FetchedAt.Before(metas[j].FetchedAt)
		}
		return metas[i].Path < metas[j].Path
	})
	return metas, nil
}

// Sources lists the sources that have a landing directory, sorted.
func (s Store) Sources() ([]string, error) {
	if err := s.checkDir(); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		return nil, fmt.Errorf("landing: %w", err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && ValidSource(e.Name()) == nil {
			out = append(out, e.Name())
		}
	}
	return out, nil // ReadDir sorts by name
}

// checkDir turns a missing landing directory into an error that says what
// to do about it.
func (s Store) checkDir() error {
	if s.Dir == "" {
		return errors.New("landing: no directory configured")
	}
	info, err := os.Stat(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("landing directory %s does not exist (nothing fetched yet? run once without --offline): %w", s.Dir, err)
	}
	if err != nil {
		return fmt.Errorf("landing: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("landing directory %s is not a directory", s.Dir)
	}
	return nil
}

// ValidSource reports whether name can be used as a source's directory:
// letters (any script), digits, '-', '_' and '.', not starting with '.',
// at most 100 characters. Names are refused rather than rewritten, so two
// sources can never end up sharing a directory.
func ValidSource(name string) error {
	bad := func(why string) error { return fmt.Errorf("%w %q: %s", ErrBadSource, name, why) }
	switch {
	case name == "":
		return bad("empty")
	case len(name) > 100:
		return bad("longer than 100 bytes")
	case strings.HasPrefix(name, "."):
		return bad("starts with '.'")
	}
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.') {
			return bad(fmt.Sprintf("contains %q (use letters, digits, '-', '_', '.')", r))
		}
	}
	return nil
}

// parseName splits "<time>-<sha256>" and rejects anything else (sidecars,
// temp files, stray files).
func parseName(name string) (time.Time, string, bool) {
	ts, digest, ok := strings.Cut(name, "-")
	if !ok || len(digest) != sha256.Size*2 {
		return time.Time{}, "", false
	}
	if _, err := hex.DecodeString(digest); err != nil || strings.ToLower(digest) != digest {
		return time.Time{}, "", false
	}
	t, err := time.Parse(TimeFormat, ts)
	if err != nil {
		return time.Time{}, "", false
	}
	return t, digest, true
}

// findDigest returns the payload file in dir whose name carries digest,
// provided it is among the newest. When the bytes match an older payload
// but not the newest (a source that reverted a revision), it returns "" so
// the payload is landed again and Latest stays right.
func findDigest(dir, digest string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", fmt.Errorf("landing: %w", err)
	}
	var newest time.Time
	match := ""
	var matchAt time.Time
	for _, e := range entries {
		t, d, ok := parseName(e.Name())
		if !ok {
			continue
		}
		if t.After(newest) {
			newest = t
		}
		if d == digest && (match == "" || t.After(matchAt)) {
			match, matchAt = filepath.Join(dir, e.Name()), t
		}
	}
	if match != "" && matchAt.Equal(newest) {
		return match, nil
	}
	return "", nil
}

// writeAtomic writes data to dir/name through a temp file in dir: fsync,
// then rename, so readers see either nothing or the whole file.
func writeAtomic(dir, name string, data []byte) (err error) {
	final := filepath.Join(dir, name)
	f, err := os.CreateTemp(dir, ".tmp-"+name+"-*")
	if err != nil {
		return fmt.Errorf("landing %s: %w", final, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
			err = fmt.Errorf("landing %s: %w", final, err)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, final)
}

// syncDir makes the renames durable where the system can fsync a
// directory; where it cannot, that is not worth failing a fetch for.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// lookup finds key in m case-insensitively.
func lookup(m map[string]string, key string) string {
	if v, ok := m[key]; ok {
		return v
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return ""
}

// httpMap rebuilds Payload.HTTP for a payload read back from disk.
func httpMap(m Meta) map[string]string {
	if len(m.HTTP) > 0 {
		out := make(map[string]string, len(m.HTTP))
		for k, v := range m.HTTP {
			out[k] = v
		}
		return out
	}
	out := map[string]string{}
	for k, v := range map[string]string{"ETag": m.ETag, "Last-Modified": m.LastModified, "Content-Type": m.ContentType} {
		if v != "" {
			out[k] = v
		}
	}
	if m.Status != 0 {
		out["Status"] = strconv.Itoa(m.Status)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
