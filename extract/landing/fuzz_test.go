package landing

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// landingSeeds are source names and file names as they occur, plus the
// shapes an attacker or a typo would try.
var landingSeeds = []string{
	"skhcn-report", "gso-trained-csv", "wb-vnm-productivity", "hn-districts-xlsx", "sở_khcn.2024",
	"Quý II/2023", "Sơ bộ 2024", "1.234,5", "..", "x", "-", ".", "...", "a..b", "a/b", "../etc",
	`a\b`, "/abs", "C:", "C:foo", "nul", "a\x00b", "\xff\xfe", "ａ／ｂ", "a∕b", "a⁄b", "e\u0301", " x ",
	"20261126T010203Z-" + strings.Repeat("ab", 32), "20261126T010203Z-" + strings.Repeat("AB", 32),
	"20261126T010203Z-" + strings.Repeat("ab", 32) + metaSuffix, ".tmp-20261126T010203Z-x-123",
	"20261126T250203Z-" + strings.Repeat("0", 64), "20260230T010203Z-" + strings.Repeat("0", 64),
	"99991231T235959Z-" + strings.Repeat("f", 64), "00000101T000000Z-" + strings.Repeat("0", 64),
	strings.Repeat("a", 100), strings.Repeat("a", 101), strings.Repeat("ộ", 34),
}

// FuzzValidSource: ValidSource never panics, refuses with ErrBadSource, and
// any name it accepts stays inside the landing directory when joined to it:
// not empty, not absolute, no path separator (either kind), not "." or
// "..", unchanged by filepath.Clean and filepath.IsLocal, and valid UTF-8.
func FuzzValidSource(f *testing.F) {
	for _, s := range landingSeeds {
		f.Add(s)
	}
	dir := filepath.Join(string(filepath.Separator)+"srv", "landing")
	f.Fuzz(func(t *testing.T, name string) {
		err := ValidSource(name)
		if err != nil {
			if !errors.Is(err, ErrBadSource) {
				t.Fatalf("ValidSource(%q) = %v, not ErrBadSource", name, err)
			}
			return
		}
		switch {
		case name == "", name == ".", name == "..":
			t.Fatalf("ValidSource accepts %q", name)
		case filepath.IsAbs(name), strings.ContainsAny(name, `/\`), strings.ContainsRune(name, filepath.Separator):
			t.Fatalf("ValidSource accepts %q, which is absolute or has a path separator", name)
		case strings.ContainsRune(name, 0), !utf8.ValidString(name), len(name) > 100:
			t.Fatalf("ValidSource accepts %q (NUL, invalid UTF-8 or too long)", name)
		case !filepath.IsLocal(name) || filepath.Clean(name) != name || filepath.Base(name) != name:
			t.Fatalf("ValidSource accepts %q, which is not a single local path element", name)
		}
		for _, elem := range strings.Split(name, "/") {
			if elem == ".." {
				t.Fatalf("ValidSource accepts %q, which has a '..' element", name)
			}
		}
		joined := filepath.Join(dir, name)
		if filepath.Dir(joined) != dir {
			t.Fatalf("ValidSource accepts %q, but %s is not directly in %s", name, joined, dir)
		}
		if rel, err := filepath.Rel(dir, joined); err != nil || rel != name {
			t.Fatalf("ValidSource accepts %q, but it is %q relative to the landing directory (%v)", name, rel, err)
		}
	})
}

// FuzzParseName: parseName never panics, and what it accepts is exactly a
// name the store writes: the canonical fetch time (UTC, whole seconds),
// '-', and 64 lower-case hex digits. Sidecars, temp files and anything else
// are refused, so List and findDigest see only payloads.
func FuzzParseName(f *testing.F) {
	for _, s := range landingSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		at, digest, ok := parseName(name)
		if !ok {
			if !at.IsZero() || digest != "" {
				t.Fatalf("parseName(%q) refused the name but returned %v %q", name, at, digest)
			}
			return
		}
		if len(digest) != 64 || strings.Trim(digest, "0123456789abcdef") != "" {
			t.Fatalf("parseName(%q): digest %q is not 64 lower-case hex digits", name, digest)
		}
		if at.Location() != time.UTC || at.Nanosecond() != 0 {
			t.Fatalf("parseName(%q): time %v is not UTC whole seconds", name, at)
		}
		if rebuilt := at.Format(TimeFormat) + "-" + digest; rebuilt != name {
			t.Fatalf("parseName(%q) = %v, %s, which the store would name %q", name, at, digest, rebuilt)
		}
		if strings.HasSuffix(name, metaSuffix) || strings.HasPrefix(name, ".") {
			t.Fatalf("parseName accepts sidecar or temp file %q", name)
		}
	})
}

// FuzzPutName lands a payload with a fuzzed source name, fetch time and
// body through the store itself, then checks that the name the store chose
// round-trips through parseName (fetch time to the second, digest), that
// List and Latest find the payload again with its exact fetch time and
// bytes, and that nothing was written anywhere but <Dir>/<source>/.
func FuzzPutName(f *testing.F) {
	for _, tc := range []struct {
		source string
		at     time.Time
		body   string
	}{
		{"skhcn-report", time.Date(2026, 11, 26, 1, 2, 3, 456, time.UTC), "Mã chỉ tiêu,2023\nKPI5,\"1.234,5\"\n"},
		{"gso-trained-csv", time.Date(2024, 12, 31, 23, 59, 59, 999999999, time.UTC), "Sơ bộ 2024;..;x;-\n"},
		{"wb-vnm-productivity", time.Date(2008, 8, 1, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600)), ""},
		{"a..b", time.Unix(0, 0), "Quý II/2023"},
		{"../escape", time.Unix(1, 0), "x"},
		{"sở_khcn", time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC), "-"},
		// The largest and smallest fetch times a landing name can hold.
		{"hn-districts-xlsx", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), "PK\x03\x04"},
		{"hn-enterprises-xls", time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), "\xd0\xcf\x11\xe0"},
	} {
		f.Add(tc.source, tc.at.Unix(), int64(tc.at.Nanosecond()), []byte(tc.body))
	}
	f.Fuzz(func(t *testing.T, source string, sec, nsec int64, body []byte) {
		s := Store{Dir: t.TempDir()}
		at := time.Unix(sec, nsec)
		p := payload(source, string(body), at)
		path, err := s.Put(context.Background(), p, Meta{})
		if err != nil {
			validErr := ValidSource(source)
			switch {
			case validErr != nil && errors.Is(err, ErrBadSource):
			case validErr == nil && at.IsZero():
			case validErr == nil && (at.UTC().Year() < 0 || at.UTC().Year() > 9999):
			default:
				t.Fatalf("Put(%q, %v) = %v", source, at, err)
			}
			if entries, _ := os.ReadDir(s.Dir); len(entries) > 0 && validErr != nil {
				t.Fatalf("Put(%q) refused the source but wrote %s", source, entries[0].Name())
			}
			return
		}
		if ValidSource(source) != nil {
			t.Fatalf("Put accepted source %q, which ValidSource refuses", source)
		}
		if filepath.Dir(path) != filepath.Join(s.Dir, source) || filepath.Dir(filepath.Dir(path)) != s.Dir {
			t.Fatalf("Put(%q) wrote %s, outside %s/<source>/", source, path, s.Dir)
		}
		if entries, _ := os.ReadDir(s.Dir); len(entries) != 1 || entries[0].Name() != source || !entries[0].IsDir() {
			t.Fatalf("Put(%q) left %v in the landing directory, want only the directory %q", source, entries, source)
		}

		sum := sha256.Sum256(body)
		wantDigest := hex.EncodeToString(sum[:])
		gotAt, digest, ok := parseName(filepath.Base(path))
		if !ok {
			t.Fatalf("Put(%q, %v) named the payload %q, which parseName refuses (List and Latest will never see it)",
				source, at, filepath.Base(path))
		}
		if want := at.UTC().Truncate(time.Second); !gotAt.Equal(want) || digest != wantDigest {
			t.Fatalf("parseName(%q) = %v, %s; want %v, %s", filepath.Base(path), gotAt, digest, want, wantDigest)
		}

		metas, err := s.List(source)
		if err != nil || len(metas) != 1 {
			t.Fatalf("List(%q) = %v, %v; want the one payload", source, metas, err)
		}
		if m := metas[0]; m.Path != path || !m.FetchedAt.Equal(at) || m.SHA256 != wantDigest || m.Size != int64(len(body)) {
			t.Fatalf("List(%q)[0] = %+v; want path %s, fetched %v, sha256 %s, size %d", source, m, path, at, wantDigest, len(body))
		}
		got, _, err := s.Latest(source)
		if err != nil {
			t.Fatalf("Latest(%q) = %v", source, err)
		}
		if got.SHA256 != wantDigest || !got.FetchedAt.Equal(at) {
			t.Fatalf("Latest(%q) = sha256 %s fetched %v; want %s %v", source, got.SHA256, got.FetchedAt, wantDigest, at)
		}
		if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, body) {
			t.Fatalf("landed file %s = %q, %v; want %q", path, b, err, body)
		}
	})
}
