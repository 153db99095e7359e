package landing

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hanoi-sti/chitieu/extract"
)

var t0 = time.Date(2026, 11, 26, 1, 2, 3, 456, time.UTC)

func payload(source, body string, at time.Time) extract.Payload {
	return extract.NewPayload(source, "https://example.org/"+source+".csv", []byte(body), at)
}

func TestPutAndLatest(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	ctx := context.Background()
	p := payload("skhcn-report", "a,b\n1,2\n", t0)
	p.HTTP = map[string]string{"ETag": `"v1"`, "Last-Modified": "Mon, 02 Nov 2026 08:00:00 GMT", "Content-Type": "text/csv", "Status": "200"}
	path, err := s.Put(ctx, p, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	wantPath := filepath.Join(s.Dir, "skhcn-report", "20261126T010203Z-"+p.SHA256)
	if path != wantPath {
		t.Errorf("path = %s, want %s", path, wantPath)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "a,b\n1,2\n" {
		t.Errorf("file = %q, %v", b, err)
	}
	var side Meta
	b, err := os.ReadFile(path + ".meta.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &side); err != nil {
		t.Fatal(err)
	}
	want := Meta{Source: "skhcn-report", URL: p.URI, FetchedAt: t0, Size: 8, SHA256: p.SHA256, ContentType: "text/csv",
		ETag: `"v1"`, LastModified: "Mon, 02 Nov 2026 08:00:00 GMT", Status: 200, HTTP: p.HTTP}
	if !reflect.DeepEqual(side, want) {
		t.Errorf("sidecar = %+v\nwant %+v", side, want)
	}
	for _, key := range []string{`"url"`, `"fetched_at"`, `"size"`, `"sha256"`, `"content_type"`, `"etag"`, `"last_modified"`, `"http_status"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("sidecar lacks %s:\n%s", key, b)
		}
	}

	// A newer, different payload becomes the latest.
	p2 := payload("skhcn-report", "a,b\n1,3\n", t0.Add(time.Hour))
	p2.Sample = true
	path2, err := s.Put(ctx, p2, Meta{URL: "https://example.org/final", Status: 200, ETag: `"v2"`})
	if err != nil {
		t.Fatal(err)
	}
	got, meta, err := s.Latest("skhcn-report")
	if err != nil {
		t.Fatal(err)
	}
	if meta.Path != path2 || bytesOf(t, got) != "a,b\n1,3\n" || got.SHA256 != p2.SHA256 || !got.FetchedAt.Equal(p2.FetchedAt) ||
		got.URI != "https://example.org/final" || !got.Sample || got.Source != "skhcn-report" {
		t.Errorf("latest = %+v, meta %+v", got, meta)
	}
	if got.HTTP["ETag"] != `"v2"` || got.HTTP["Status"] != "200" {
		t.Errorf("latest HTTP = %v", got.HTTP)
	}
	list, err := s.List("skhcn-report")
	if err != nil || len(list) != 2 || list[0].Path != path || list[1].Path != path2 {
		t.Fatalf("list = %+v, %v", list, err)
	}
	srcs, err := s.Sources()
	if err != nil || !reflect.DeepEqual(srcs, []string{"skhcn-report"}) {
		t.Errorf("sources = %v, %v", srcs, err)
	}
	// Nothing but the payloads and their sidecars: no temp files left.
	entries, _ := os.ReadDir(filepath.Join(s.Dir, "skhcn-report"))
	if len(entries) != 4 {
		t.Errorf("%d files in the source directory", len(entries))
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v", info.Mode())
	}
}

func TestDedupe(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	ctx := context.Background()
	a1 := payload("wb", "A", t0)
	first, err := s.Put(ctx, a1, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.Put(ctx, payload("wb", "A", t0.Add(24*time.Hour)), Meta{ETag: "other"})
	if err != nil || again != first {
		t.Fatalf("second put = %s, %v; want %s", again, err, first)
	}
	if list, _ := s.List("wb"); len(list) != 1 || list[0].ETag != "" {
		t.Errorf("list = %+v", list)
	}
	// The same bytes under another source are that source's own.
	other, err := s.Put(ctx, payload("gso", "A", t0), Meta{})
	if err != nil || other == first {
		t.Errorf("other source = %s, %v", other, err)
	}
	// A source that reverts to an earlier version: landed again, so that
	// Latest returns what the source serves now.
	if _, err := s.Put(ctx, payload("wb", "B", t0.Add(48*time.Hour)), Meta{}); err != nil {
		t.Fatal(err)
	}
	reverted, err := s.Put(ctx, payload("wb", "A", t0.Add(72*time.Hour)), Meta{})
	if err != nil || reverted == first {
		t.Fatalf("reverted = %s, %v", reverted, err)
	}
	if p, _, err := s.Latest("wb"); err != nil || bytesOf(t, p) != "A" {
		t.Errorf("latest = %q, %v", bytesOf(t, p), err)
	}
}

func TestConcurrentPutSameBytes(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	var wg sync.WaitGroup
	paths := make([]string, 8)
	for i := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			paths[i], err = s.Put(context.Background(), payload("x", "same", t0.Add(time.Duration(i)*time.Second)), Meta{})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if list, _ := s.List("x"); len(list) != 1 {
		t.Errorf("%d copies landed", len(list))
	}
	for _, p := range paths[1:] {
		if p != paths[0] {
			t.Errorf("paths differ: %v", paths)
		}
	}
}

func TestCorruption(t *testing.T) {
	tests := []struct {
		name    string
		damage  func(t *testing.T, path string)
		wantErr error
		wantMsg string
	}{
		{"payload bytes changed", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte("year,value\n2023,9.9\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, ErrCorrupt, "sha256"},
		{"payload truncated", func(t *testing.T, path string) {
			if err := os.Truncate(path, 3); err != nil {
				t.Fatal(err)
			}
		}, ErrCorrupt, "restore it or fetch again"},
		{"sidecar unreadable", func(t *testing.T, path string) {
			if err := os.WriteFile(path+".meta.json", []byte("{not json"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, nil, "unreadable sidecar"},
		{"sidecar digest differs", func(t *testing.T, path string) {
			if err := os.WriteFile(path+".meta.json", []byte(`{"sha256":"00"}`), 0o644); err != nil {
				t.Fatal(err)
			}
		}, ErrCorrupt, "sidecar says"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Store{Dir: t.TempDir()}
			path, err := s.Put(context.Background(), payload("gso", "year,value\n2023,1.5\n", t0), Meta{})
			if err != nil {
				t.Fatal(err)
			}
			tt.damage(t, path)
			_, _, err = s.Latest("gso")
			if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) ||
				!strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("err = %v; want %v naming %s and saying %q", err, tt.wantErr, path, tt.wantMsg)
			}
		})
	}
}

func TestMissingSidecarStillListed(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	p := payload("gso", "abc", t0)
	path, err := s.Put(context.Background(), p, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(path + ".meta.json")
	got, m, err := s.Latest("gso")
	if err != nil || bytesOf(t, got) != "abc" || m.Size != 3 || !m.FetchedAt.Equal(t0.Truncate(time.Second)) {
		t.Errorf("latest = %+v %+v %v", got, m, err)
	}
}

func TestMissingDir(t *testing.T) {
	s := Store{Dir: filepath.Join(t.TempDir(), "nope", "landing")}
	_, _, err := s.Latest("gso")
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), s.Dir) || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Latest: %v", err)
	}
	if _, err := s.Sources(); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Sources: %v", err)
	}
	if _, err := s.List("gso"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("List: %v", err)
	}
	// The directory exists but the source has nothing yet.
	s.Dir = t.TempDir()
	if _, _, err := s.Latest("gso"); !errors.Is(err, ErrNoPayload) {
		t.Errorf("Latest of empty source: %v", err)
	}
	if _, err := (Store{}).Sources(); err == nil {
		t.Error("empty Dir accepted")
	}
	// Put creates what it needs.
	s.Dir = filepath.Join(t.TempDir(), "new", "landing")
	if _, err := s.Put(context.Background(), payload("gso", "x", t0), Meta{}); err != nil {
		t.Error(err)
	}
}

func TestSourceNames(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	for _, name := range []string{"", "..", ".", "../etc", "a/b", `a\b`, ".hidden", "a b", "a\x00b", strings.Repeat("x", 101)} {
		if err := ValidSource(name); !errors.Is(err, ErrBadSource) {
			t.Errorf("ValidSource(%q) = %v", name, err)
		}
		if _, err := s.Put(context.Background(), payload(name, "x", t0), Meta{}); !errors.Is(err, ErrBadSource) {
			t.Errorf("Put(%q) = %v", name, err)
		}
		if _, _, err := s.Latest(name); !errors.Is(err, ErrBadSource) {
			t.Errorf("Latest(%q) = %v", name, err)
		}
	}
	for _, name := range []string{"skhcn-report", "wb_gdp", "gso.v2", "sở-khcn", "A1"} {
		if err := ValidSource(name); err != nil {
			t.Errorf("ValidSource(%q) = %v", name, err)
		}
	}
	// Stray files and directories are ignored.
	os.MkdirAll(filepath.Join(s.Dir, ".tmp"), 0o755)
	os.MkdirAll(filepath.Join(s.Dir, "gso"), 0o755)
	os.WriteFile(filepath.Join(s.Dir, "gso", "README"), []byte("hi"), 0o644)
	os.WriteFile(filepath.Join(s.Dir, "gso", ".tmp-20261126T010203Z-x-123"), []byte("hi"), 0o644)
	os.WriteFile(filepath.Join(s.Dir, "notes.txt"), []byte("hi"), 0o644)
	if srcs, err := s.Sources(); err != nil || !reflect.DeepEqual(srcs, []string{"gso"}) {
		t.Errorf("sources = %v, %v", srcs, err)
	}
	if list, err := s.List("gso"); err != nil || len(list) != 0 {
		t.Errorf("list = %v, %v", list, err)
	}
}

func TestPutRefusesBadPayloads(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	p := payload("gso", "abc", t0)
	p.SHA256 = strings.Repeat("0", 64)
	if _, err := s.Put(context.Background(), p, Meta{}); err == nil || !strings.Contains(err.Error(), "hash to") {
		t.Errorf("wrong digest accepted: %v", err)
	}
	if _, err := s.Put(context.Background(), payload("gso", "abc", time.Time{}), Meta{}); err == nil {
		t.Error("zero fetch time accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Put(ctx, payload("gso", "abc", t0), Meta{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled put: %v", err)
	}
}

// bytesOf reads a landed payload: its bytes stay in the landed file.
func bytesOf(t *testing.T, p extract.Payload) string {
	t.Helper()
	b, err := p.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
