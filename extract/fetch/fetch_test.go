package fetch

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 26, 1, 2, 3, 0, time.UTC)

// testClient returns a client that never really sleeps: it records the
// delays it was asked to wait. Jitter is the identity (the ceiling), so the
// recorded backoff is deterministic.
func testClient(t *testing.T) (*Client, *[]time.Duration, *bytes.Buffer) {
	t.Helper()
	var (
		mu     sync.Mutex
		delays []time.Duration
		logs   bytes.Buffer
	)
	c := &Client{
		Logger: slog.New(slog.NewTextHandler(&lockedWriter{w: &logs}, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:    func() time.Time { return t0 },
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			delays = append(delays, d)
			mu.Unlock()
			return ctx.Err()
		},
		jitter:  func(ceiling time.Duration) time.Duration { return ceiling },
		Timeout: 5 * time.Second,
	}
	return c, &delays, &logs
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

const csvBody = "year,value\n2023,1.5\n2024,2.5\n"

func TestOK(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ua := r.Header.Get("User-Agent"); ua != DefaultUserAgent {
			t.Errorf("User-Agent = %q", ua)
		}
		if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
			t.Errorf("unconditional request sent conditional headers: %v", r.Header)
		}
		w.Header().Set("Content-Type", "text/csv")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Tue, 01 Sep 2026 10:00:00 GMT")
		w.Header().Set("Set-Cookie", "session=1")
		io.WriteString(w, csvBody)
	}))
	defer srv.Close()
	c, delays, _ := testClient(t)
	resp, err := c.Do(context.Background(), Request{URL: srv.URL + "/data.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != csvBody || resp.Status != 200 || resp.NotModified {
		t.Errorf("resp = %+v", resp)
	}
	if resp.ETag != `"v1"` || resp.LastModified != "Tue, 01 Sep 2026 10:00:00 GMT" || resp.ContentType != "text/csv" {
		t.Errorf("validators = %q %q %q", resp.ETag, resp.LastModified, resp.ContentType)
	}
	if resp.Attempts != 1 || len(*delays) != 0 || !resp.FetchedAt.Equal(t0) || resp.URL != srv.URL+"/data.csv" {
		t.Errorf("attempts %d delays %v fetched %v url %s", resp.Attempts, *delays, resp.FetchedAt, resp.URL)
	}
	if resp.Header["ETag"] != `"v1"` || resp.Header["Set-Cookie"] != "" {
		t.Errorf("kept headers = %v", resp.Header)
	}
}

func TestPostWithHeaders(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Method != "POST" || string(b) != `{"q":1}` || r.Header.Get("Content-Type") != "application/json" ||
			r.Header.Get("Accept") != "application/vnd.sdmx.data+json" {
			t.Errorf("got %s %q %v", r.Method, b, r.Header)
		}
		io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	c, _, _ := testClient(t)
	_, err := c.Do(context.Background(), Request{URL: srv.URL, Method: "post", Body: []byte(`{"q":1}`),
		ContentType: "application/json", Header: map[string]string{"Accept": "application/vnd.sdmx.data+json"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(context.Background(), Request{URL: srv.URL, Method: "DELETE"}); err == nil {
		t.Error("DELETE accepted")
	}
	if _, err := c.Do(context.Background(), Request{URL: "ftp://example.org/x"}); err == nil {
		t.Error("ftp accepted")
	}
}

func TestNotModified(t *testing.T) {
	const etag, lastMod = `"abc123"`, "Mon, 02 Nov 2026 08:00:00 GMT"
	tests := []struct {
		name       string
		req        Request
		echo       bool // server repeats validators in the 304
		wantETag   string
		wantLastMo string
	}{
		{"etag", Request{ETag: etag}, true, etag, ""},
		{"etag, 304 without headers", Request{ETag: etag}, false, etag, ""},
		{"last-modified", Request{LastModified: lastMod}, true, "", lastMod},
		{"both", Request{ETag: etag, LastModified: lastMod}, false, etag, lastMod},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				inm, ims := r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
				if inm != tt.req.ETag || ims != tt.req.LastModified {
					t.Errorf("conditional headers = %q, %q", inm, ims)
				}
				if (inm != "" && inm == etag) || (inm == "" && ims == lastMod) {
					if tt.echo {
						if inm != "" {
							w.Header().Set("ETag", etag)
						} else {
							w.Header().Set("Last-Modified", lastMod)
						}
					}
					w.WriteHeader(http.StatusNotModified)
					return
				}
				io.WriteString(w, csvBody)
			}))
			defer srv.Close()
			c, _, _ := testClient(t)
			r := tt.req
			r.URL = srv.URL
			resp, err := c.Do(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if !resp.NotModified || resp.Status != 304 || resp.Body != nil || hits.Load() != 1 {
				t.Errorf("resp = %+v, hits %d", resp, hits.Load())
			}
			if resp.ETag != tt.wantETag || resp.LastModified != tt.wantLastMo {
				t.Errorf("validators = %q, %q", resp.ETag, resp.LastModified)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		want       time.Duration
	}{
		{"seconds", "7", 7 * time.Second},
		{"http date", t0.Add(12 * time.Second).Format(http.TimeFormat), 12 * time.Second},
		{"capped at MaxDelay", "3600", 30 * time.Second},
		{"date capped", t0.Add(time.Hour).Format(http.TimeFormat), 30 * time.Second},
		{"absent: backoff", "", 500 * time.Millisecond},
		{"garbage: backoff", "soon", 500 * time.Millisecond},
		{"date in the past: backoff", t0.Add(-time.Hour).Format(http.TimeFormat), 500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if hits.Add(1) == 1 {
					if tt.retryAfter != "" {
						w.Header().Set("Retry-After", tt.retryAfter)
					}
					http.Error(w, "slow down", http.StatusTooManyRequests)
					return
				}
				io.WriteString(w, csvBody)
			}))
			defer srv.Close()
			c, delays, logs := testClient(t)
			resp, err := c.Do(context.Background(), Request{URL: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Attempts != 2 || string(resp.Body) != csvBody {
				t.Errorf("attempts %d body %q", resp.Attempts, resp.Body)
			}
			if len(*delays) != 1 || (*delays)[0] != tt.want {
				t.Errorf("delays = %v, want [%v]", *delays, tt.want)
			}
			if !strings.Contains(logs.String(), "level=WARN msg=\"fetch failed, retrying\"") {
				t.Errorf("retry not logged at Warn:\n%s", logs)
			}
		})
	}
}

func TestGiveUp(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c, delays, _ := testClient(t)
	c.Retries = 3
	_, err := c.Do(context.Background(), Request{URL: srv.URL + "/x"})
	var se *StatusError
	var fe *Error
	if !errors.As(err, &se) || se.Code != 503 || !errors.Is(err, ErrStatus) || !errors.As(err, &fe) || fe.Attempts != 4 {
		t.Fatalf("err = %v", err)
	}
	if hits.Load() != 4 {
		t.Errorf("hits = %d", hits.Load())
	}
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second}
	if fmt.Sprint(*delays) != fmt.Sprint(want) {
		t.Errorf("delays = %v, want %v", *delays, want)
	}
	for _, s := range []string{srv.URL + "/x", "503", "after 4 attempts", "down for maintenance"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %q", err, s)
		}
	}
}

func TestBackoffCappedAndJittered(t *testing.T) {
	c := &Client{BaseDelay: time.Second, MaxDelay: 5 * time.Second}
	for n := 1; n <= 10; n++ {
		ceiling := min(time.Second<<(n-1), 5*time.Second)
		for range 50 {
			if d := c.backoff(n); d < 0 || d > ceiling {
				t.Fatalf("backoff(%d) = %v, outside [0, %v]", n, d, ceiling)
			}
		}
	}
	c.jitter = func(d time.Duration) time.Duration { return d }
	if d := c.backoff(100); d != 5*time.Second {
		t.Errorf("backoff(100) = %v", d)
	}
}

func TestNoRetryOn4xx(t *testing.T) {
	for _, code := range []int{400, 401, 403, 404, 410} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				http.Error(w, "nope", code)
			}))
			defer srv.Close()
			c, delays, _ := testClient(t)
			_, err := c.Do(context.Background(), Request{URL: srv.URL})
			var se *StatusError
			if !errors.As(err, &se) || se.Code != code || hits.Load() != 1 || len(*delays) != 0 {
				t.Errorf("err = %v, hits %d, delays %v", err, hits.Load(), *delays)
			}
		})
	}
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func TestGzip(t *testing.T) {
	big := bytes.Repeat([]byte("0"), 10<<20) // 10 MiB, compresses to ~10 KiB
	tests := []struct {
		name    string
		plain   []byte
		maxBody int64
		wantErr error
	}{
		{"decoded", []byte(csvBody), 0, nil},
		{"cap applies to decompressed bytes", big, 1 << 20, ErrTooLarge},
		{"within cap", big, 11 << 20, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := gz(t, tt.plain)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
					t.Errorf("Accept-Encoding = %q", r.Header.Get("Accept-Encoding"))
				}
				w.Header().Set("Content-Encoding", "gzip")
				w.Header().Set("Content-Length", fmt.Sprint(len(body)))
				w.Write(body)
			}))
			defer srv.Close()
			c, _, _ := testClient(t)
			c.MaxBody = tt.maxBody
			resp, err := c.Do(context.Background(), Request{URL: srv.URL})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(resp.Body, tt.plain) {
				t.Errorf("body not decoded: %d bytes", len(resp.Body))
			}
		})
	}
}

// rawServer accepts connections and hands each to handle, for responses
// net/http would refuse to write (lying Content-Length, abrupt close).
func rawServer(t *testing.T, handle func(n int, conn net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for n := 1; ; n++ {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				// Read the request head so the client is not reset mid-send.
				br := bufio.NewReader(conn)
				for {
					line, err := br.ReadString('\n')
					if err != nil || line == "\r\n" {
						break
					}
				}
				handle(n, conn)
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

func TestContentLengthTooLargeRefusedBeforeReading(t *testing.T) {
	closed := make(chan time.Duration, 1)
	url := rawServer(t, func(_ int, conn net.Conn) {
		io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 10737418240\r\n\r\nyear,value\n")
		start := time.Now()
		// The client must hang up without waiting for the 10 GB.
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		io.Copy(io.Discard, conn)
		closed <- time.Since(start)
	})
	c, delays, _ := testClient(t)
	start := time.Now()
	_, err := c.Do(context.Background(), Request{URL: url + "/huge.csv"})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "10737418240") {
		t.Fatalf("err = %v", err)
	}
	if len(*delays) != 0 {
		t.Errorf("retried: %v", *delays)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Errorf("took %v", el)
	}
	select {
	case d := <-closed:
		if d > 3*time.Second {
			t.Errorf("client kept the connection open for %v", d)
		}
	case <-time.After(5 * time.Second):
		t.Error("client did not close the connection")
	}
}

func TestStreamedPastCap(t *testing.T) {
	var written atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		chunk := bytes.Repeat([]byte("1234567,\n"), 1000)
		for i := 0; i < 10000; i++ { // up to 90 MB, chunked (no Content-Length)
			if _, err := w.Write(chunk); err != nil {
				return
			}
			written.Add(int64(len(chunk)))
			w.(http.Flusher).Flush()
		}
	}))
	defer srv.Close()
	c, delays, _ := testClient(t)
	c.MaxBody = 64 << 10
	_, err := c.Do(context.Background(), Request{URL: srv.URL})
	if !errors.Is(err, ErrTooLarge) || len(*delays) != 0 {
		t.Fatalf("err = %v, delays %v", err, *delays)
	}
	srv.CloseClientConnections()
	if w := written.Load(); w > 20<<20 {
		t.Errorf("server wrote %d bytes before the client gave up", w)
	}
}

func TestTruncated(t *testing.T) {
	url := rawServer(t, func(n int, conn net.Conn) {
		io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n\r\nyear,value\n2023,1")
	})
	c, delays, _ := testClient(t)
	c.Retries = 2
	_, err := c.Do(context.Background(), Request{URL: url + "/t.csv"})
	var fe *Error
	if !errors.Is(err, ErrTruncated) || !errors.As(err, &fe) || fe.Attempts != 3 || len(*delays) != 2 {
		t.Fatalf("err = %v, delays %v", err, *delays)
	}
	if !strings.Contains(err.Error(), "truncated") || !strings.Contains(err.Error(), "of 1000 bytes") {
		t.Errorf("err = %v", err)
	}
}

func TestTruncatedThenOK(t *testing.T) {
	url := rawServer(t, func(n int, conn net.Conn) {
		if n == 1 {
			io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nyear,value\n")
			return
		}
		fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(csvBody), csvBody)
	})
	c, _, _ := testClient(t)
	resp, err := c.Do(context.Background(), Request{URL: url})
	if err != nil || resp.Attempts != 2 || string(resp.Body) != csvBody {
		t.Fatalf("resp %+v err %v", resp, err)
	}
}

func TestTruncatedGzip(t *testing.T) {
	body := gz(t, bytes.Repeat([]byte("2023,1.5\n"), 5000))
	url := rawServer(t, func(n int, conn net.Conn) {
		fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n", len(body))
		conn.Write(body[:len(body)/2])
	})
	c, _, _ := testClient(t)
	c.Retries = -1
	_, err := c.Do(context.Background(), Request{URL: url})
	if !errors.Is(err, ErrTruncated) {
		t.Fatalf("err = %v", err)
	}
}

func TestConnectionDroppedIsRetried(t *testing.T) {
	url := rawServer(t, func(n int, conn net.Conn) {
		if n == 1 {
			return // close without a response
		}
		fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", len(csvBody), csvBody)
	})
	c, delays, _ := testClient(t)
	resp, err := c.Do(context.Background(), Request{URL: url})
	if err != nil || resp.Attempts != 2 || len(*delays) != 1 {
		t.Fatalf("resp %+v err %v delays %v", resp, err, *delays)
	}
}

func TestTimeoutIsRetried(t *testing.T) {
	var hits atomic.Int32
	var slow atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 || slow.Load() {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		io.WriteString(w, csvBody)
	}))
	defer srv.Close()
	c, _, logs := testClient(t)
	c.Timeout = 100 * time.Millisecond
	resp, err := c.Do(context.Background(), Request{URL: srv.URL})
	if err != nil || resp.Attempts != 2 {
		t.Fatalf("resp %+v err %v", resp, err)
	}
	if !strings.Contains(logs.String(), "timed out") {
		t.Errorf("logs:\n%s", logs)
	}
	// And giving up on timeouts says so.
	slow.Store(true)
	c.Retries = 1
	_, err = c.Do(context.Background(), Request{URL: srv.URL})
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("err = %v", err)
	}
}

func TestRefusedBodies(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		status  int
		allow   bool
		wantErr error
		wantMsg string
	}{
		{"login page", "<!DOCTYPE html>\n<html><head><title>Đăng nhập hệ thống</title></head><body><form>…</form></body></html>", 200, false, ErrHTMLPage, "Đăng nhập hệ thống"},
		{"html after BOM and space", "\ufeff  \n<html><body>error</body></html>", 200, false, ErrHTMLPage, "HTML page"},
		{"html allowed", "<html><body><table></table></body></html>", 200, true, nil, ""},
		{"empty", "", 200, false, ErrEmpty, "empty"},
		{"white space", " \r\n\t", 200, false, ErrEmpty, "empty"},
		{"no content", "", 204, false, ErrEmpty, "empty"},
		{"xml is data", `<?xml version="1.0"?><message:GenericData/>`, 200, false, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			c, _, _ := testClient(t)
			resp, err := c.Do(context.Background(), Request{URL: srv.URL + "/data.xlsx", AllowHTML: tt.allow})
			if tt.wantErr == nil {
				if err != nil || string(resp.Body) != tt.body {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) ||
				!strings.Contains(err.Error(), srv.URL+"/data.xlsx") {
				t.Fatalf("err = %v, want %v mentioning %q", err, tt.wantErr, tt.wantMsg)
			}
			if hits.Load() != 1 {
				t.Errorf("retried %d times", hits.Load()-1)
			}
		})
	}
}

func TestCredentials(t *testing.T) {
	const env, secret = "CHITIEU_TEST_API_KEY", "s3cr3t+Key/42="
	tests := []struct {
		name   string
		req    Request
		check  func(r *http.Request) bool
		status int
	}{
		{"default bearer", Request{},
			func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer "+secret }, 500},
		{"custom header", Request{CredentialHeader: "x-api-key"},
			func(r *http.Request) bool {
				return r.Header.Get("X-Api-Key") == secret && r.Header.Get("Authorization") == ""
			}, 403},
		{"query parameter", Request{CredentialParam: "api_key"},
			func(r *http.Request) bool {
				return r.URL.Query().Get("api_key") == secret && r.URL.Query().Get("lang") == "vi"
			}, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(env, secret)
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				if !tt.check(r) {
					t.Errorf("credential not sent as expected: %v %v", r.URL, r.Header)
				}
				// An unhelpful server that echoes the key back.
				http.Error(w, "invalid key "+secret, tt.status)
			}))
			defer srv.Close()
			c, _, logs := testClient(t)
			c.Retries = 1
			r := tt.req
			r.URL = srv.URL + "/v1/data?lang=vi"
			r.CredentialEnv = env
			_, err := c.Do(context.Background(), r)
			if err == nil {
				t.Fatal("no error")
			}
			var se *StatusError
			if !errors.As(err, &se) || se.Code != tt.status {
				t.Fatalf("err = %v", err)
			}
			for what, s := range map[string]string{"error": err.Error(), "logs": logs.String(), "status error": se.Error()} {
				if strings.Contains(s, "s3cr3t") || strings.Contains(s, "s3cr3t%2BKey") {
					t.Errorf("secret leaked into %s: %s", what, s)
				}
			}
			if !strings.Contains(err.Error(), "/v1/data?") || !strings.Contains(logs.String(), "/v1/data?") {
				t.Errorf("URL not named: %v\n%s", err, logs)
			}
			if tt.req.CredentialParam != "" && !strings.Contains(err.Error(), "api_key=REDACTED") {
				t.Errorf("redaction not shown: %v", err)
			}
		})
	}
}

func TestCredentialInQueryNotLeakedByTransportErrors(t *testing.T) {
	const env, secret = "CHITIEU_TEST_API_KEY2", "topsecretvalue"
	t.Setenv(env, secret)
	url := rawServer(t, func(_ int, conn net.Conn) {}) // always hangs up
	c, _, logs := testClient(t)
	_, err := c.Do(context.Background(), Request{URL: url + "/d", CredentialEnv: env, CredentialParam: "key"})
	if err == nil {
		t.Fatal("no error")
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(logs.String(), secret) {
		t.Errorf("secret leaked: %v\n%s", err, logs)
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), secret) {
			t.Errorf("secret in wrapped cause %T: %v", e, e)
		}
	}
	if !strings.Contains(err.Error(), url+"/d?key=REDACTED") {
		t.Errorf("err = %v", err)
	}
}

func TestCredentialMissing(t *testing.T) {
	t.Setenv("CHITIEU_TEST_UNSET", "")
	c, _, _ := testClient(t)
	_, err := c.Do(context.Background(), Request{URL: "http://127.0.0.1:1/", CredentialEnv: "CHITIEU_TEST_UNSET"})
	if !errors.Is(err, ErrCredential) || !strings.Contains(err.Error(), "CHITIEU_TEST_UNSET") {
		t.Fatalf("err = %v", err)
	}
}

func TestCredentialHeaderDroppedOnCrossHostRedirect(t *testing.T) {
	const env, secret = "CHITIEU_TEST_API_KEY3", "abc"
	t.Setenv(env, secret)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Key") != "" {
			t.Error("credential forwarded to another host")
		}
		io.WriteString(w, csvBody)
	}))
	defer other.Close()
	// "localhost" and "127.0.0.1" are different hosts to the redirect policy.
	otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, otherURL+"/moved", http.StatusFound)
	}))
	defer srv.Close()
	c, _, _ := testClient(t)
	resp, err := c.Do(context.Background(), Request{URL: srv.URL, CredentialEnv: env, CredentialHeader: "X-Api-Key"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.URL != otherURL+"/moved" {
		t.Errorf("final URL = %s", resp.URL)
	}
}

func TestContextCancellationStopsRetries(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
		cancel() // the caller gives up while the client would wait to retry
	}))
	defer srv.Close()
	// The real Sleep, with a backoff far longer than the test may take.
	c := &Client{BaseDelay: time.Hour, MaxDelay: time.Hour, Logger: slog.New(slog.DiscardHandler)}
	start := time.Now()
	_, err := c.Do(ctx, Request{URL: srv.URL})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 5*time.Second || hits.Load() != 1 {
		t.Errorf("elapsed %v, hits %d", time.Since(start), hits.Load())
	}
	if !strings.Contains(err.Error(), srv.URL) {
		t.Errorf("err = %v", err)
	}
	// An already cancelled context makes no request at all.
	_, err = c.Do(ctx, Request{URL: srv.URL})
	if !errors.Is(err, context.Canceled) || hits.Load() != 1 {
		t.Errorf("err = %v, hits %d", err, hits.Load())
	}
}

func TestParseRetryAfter(t *testing.T) {
	c := &Client{Now: func() time.Time { return t0 }}
	for in, want := range map[string]time.Duration{
		"0": 0, "-3": 0, "1": time.Second, "30": 30 * time.Second, "31": 30 * time.Second,
		"99999999999999999999": 0, // does not parse as int64, nor as a date
		"9999999999":           30 * time.Second,
		t0.Add(90 * time.Second).Format(time.RFC850): 30 * time.Second,
	} {
		if got := c.parseRetryAfter(in); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}
