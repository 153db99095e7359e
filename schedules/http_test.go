package schedules_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	_ "github.com/hanoi-sti/chitieu/extract/all"
	"github.com/hanoi-sti/chitieu/extract/fetch"
	"github.com/hanoi-sti/chitieu/extract/landing"
	"github.com/hanoi-sti/chitieu/schedules"
)

const realDir = "../../shared/fixtures/real"

func realFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(realDir, name))
	if err != nil {
		t.Skipf("real fixture %s not available (../shared absent?): %v", name, err)
	}
	return b
}

// wbPage makes a World Bank API page of rows for the USA: data made for
// this test, in the API's exact shape.
func wbPage(page, pages, from, n int) []byte {
	var rows []string
	for i := 0; i < n; i++ {
		rows = append(rows, fmt.Sprintf(`{"indicator":{"id":"NY.GDP.MKTP.CD","value":"GDP (current US$)"},"country":{"id":"US","value":"United States"},"countryiso3code":"USA","date":"%d","value":%d.5,"unit":"","obs_status":"","decimal":0}`, from-i, 1000+i))
	}
	return []byte(fmt.Sprintf(`[{"page":%d,"pages":%d,"per_page":50,"total":122,"sourceid":"2","lastupdated":"2021-05-25"},[%s]]`, page, pages, strings.Join(rows, ",")))
}

// TestHTTPSources drives URL sources against a server replaying the World
// Bank API: page 1 is a real recorded answer, pages 2 and 3 follow it;
// the second run costs one 304 per page, an offline run fetches nothing,
// and the API's error answer served with HTTP 200 fails only its source.
func TestHTTPSources(t *testing.T) {
	page1 := realFixture(t, "worldbank-api-v2-gdp-jpn-usa-footnote-page1of3.json")
	wbErr := realFixture(t, "errors/worldbank-api-v2-error-invalid-indicator.json")
	var hits, notModified atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if strings.HasPrefix(r.URL.Path, "/v2/country/all/indicator/NOPE") {
			w.Header().Set("Content-Type", "application/json")
			w.Write(wbErr)
			return
		}
		page := r.URL.Query().Get("page")
		if page == "" {
			page = "1"
		}
		etag := `"gdp-p` + page + `-v1"`
		if r.Header.Get("If-None-Match") == etag {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		switch page {
		case "1":
			w.Write(page1)
		case "2":
			w.Write(wbPage(2, 3, 2020, 50))
		case "3":
			w.Write(wbPage(3, 3, 1970, 22))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "sources.toml")
	os.WriteFile(cfgPath, []byte(fmt.Sprintf(`
[[source]]
name = "wb-gdp"
url = "%[1]s/v2/country/JPN;USA/indicator/NY.GDP.MKTP.CD?format=json&per_page=50"

[[source]]
name = "wb-bad"
url = "%[1]s/v2/country/all/indicator/NOPE?format=json"
`, srv.URL)), 0o644)
	cfg, err := schedules.LoadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	w := openWarehouse(t)
	store := &landing.Store{Dir: filepath.Join(dir, "landing")}
	os.MkdirAll(store.Dir, 0o755)
	p := &schedules.Pipeline{Warehouse: w, Landing: store, Fetch: &fetch.Client{Retries: -1}}
	ctx := context.Background()

	sum, err := p.Run(ctx, cfg, cfg.Sources, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Status != "partial" || sum.SourcesFailed != 1 || len(sum.Sources) != 4 {
		t.Fatalf("first run: status %s, %d failed of %d payloads", sum.Status, sum.SourcesFailed, len(sum.Sources))
	}
	if sum.Read != 122 || sum.Read != sum.Loaded+sum.Rejected {
		t.Errorf("read %d = loaded %d + rejected %d, want 122 rows over three pages", sum.Read, sum.Loaded, sum.Rejected)
	}
	for _, st := range sum.Sources {
		if st.Payload.Source == "wb-bad" && (st.Err == nil || !strings.Contains(st.Err.Error(), "/NOPE") || !strings.Contains(st.Err.Error(), "Invalid value")) {
			t.Errorf("error answer: %v; want an error naming the URL and quoting the API", st.Err)
		}
	}
	if n := scalar(t, w, "SELECT count(*) FROM observations WHERE geo_code = 'JPN' AND period_start = DATE '2019-01-01' AND value = 5081769542379.77"); n != 1 {
		t.Errorf("Japan 2019 GDP not loaded as recorded")
	}
	if n := scalar(t, w, "SELECT count(DISTINCT sha256) FROM sources WHERE source_name = 'wb-gdp' AND status = 'loaded' AND vintage = TIMESTAMP '2021-05-25'"); n != 3 {
		t.Errorf("%d landed pages with the API's lastupdated as vintage, want 3", n)
	}

	before := hits.Load()
	sum, err = p.Run(ctx, cfg, cfg.Sources[:1], "test", "")
	if err != nil || sum.SourcesUnchanged != 3 || sum.New != 0 {
		t.Fatalf("second run: %+v, %v", sum, err)
	}
	if got := notModified.Load(); got != 3 || hits.Load()-before != 3 {
		t.Errorf("second run cost %d requests with %d 304s, want 3 and 3", hits.Load()-before, got)
	}

	before = hits.Load()
	offline := &schedules.Pipeline{Warehouse: w, Landing: store, Offline: true}
	sum, err = offline.Run(ctx, cfg, cfg.Sources[:1], "test", "")
	if err != nil || sum.SourcesUnchanged != 3 || hits.Load() != before {
		t.Fatalf("offline run: %+v, %v, %d requests", sum, err, hits.Load()-before)
	}
}
