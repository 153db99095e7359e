// Package fetch is the one HTTP client every chitieu source uses.
//
// Statistics portals are slow, flaky and occasionally hostile: they rate-limit,
// answer 503 during nightly rebuilds, drop connections half-way through a
// 50 MB workbook, and serve a login or error page with status 200 where a data
// file should be. Each source writing its own http.Get would get some of this
// wrong, so all of it lives here, once:
//
//   - a per-attempt timeout covering the whole exchange, body included;
//   - retries with exponential backoff and full jitter, only for failures that
//     can plausibly go away (429, 5xx, timeouts, resets, truncated bodies),
//     honouring Retry-After;
//   - a cap on body size enforced while reading, after gzip decoding, so a
//     wrong URL or a compression bomb cannot exhaust memory;
//   - conditional requests, so an unchanged source costs one 304;
//   - refusal of empty bodies and HTML pages, which are never data;
//   - API keys taken from the environment, and kept out of logs and errors.
//
// Every error names the URL (with credentials redacted) and wraps a sentinel
// (ErrTooLarge, ErrTruncated, ErrHTMLPage, ErrEmpty, ErrStatus via
// *StatusError) so callers can decide with errors.Is and errors.As.
package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/hanoi-sti/chitieu/extract"
)

// Defaults used when the corresponding Client field is zero.
const (
	DefaultTimeout   = 60 * time.Second
	DefaultRetries   = 4
	DefaultBaseDelay = 500 * time.Millisecond
	DefaultMaxDelay  = 30 * time.Second
	DefaultMaxBody   = int64(256 << 20) // 256 MiB
	DefaultUserAgent = "chitieu (+https://github.com/hanoi-sti/chitieu)"
)

// Sentinel errors, for errors.Is.
var (
	// ErrTooLarge: the body is (or is announced to be) larger than MaxBody.
	ErrTooLarge = errors.New("response body too large")
	// ErrTruncated: the connection ended before the whole body arrived.
	ErrTruncated = errors.New("response body truncated")
	// ErrHTMLPage: an HTML page (login, error, portal front page) came back
	// where a data file was expected.
	ErrHTMLPage = errors.New("HTML page where data was expected (an error or login page?)")
	// ErrEmpty: a successful response with no body.
	ErrEmpty = errors.New("empty response body")
	// ErrStatus: the server answered with a status that is neither success
	// nor 304. The error is a *StatusError carrying the code.
	ErrStatus = errors.New("unexpected HTTP status")
	// ErrTimeout: an attempt did not complete within Client.Timeout.
	ErrTimeout = errors.New("timed out")
	// ErrCredential: the environment variable named by Request.CredentialEnv
	// is unset or empty.
	ErrCredential = errors.New("credential not available")
)

// redacted replaces credentials in URLs, messages and logs.
const redacted = "REDACTED"

// Client fetches over HTTP with timeouts, retries, a size cap and
// conditional requests. The zero value is ready to use with the defaults
// above; a Client is safe for concurrent use if its fields are not changed.
type Client struct {
	// HTTP is the underlying client; nil means http.DefaultClient. Its
	// transport must not be set up to decompress transparently on its own
	// terms: Client asks for gzip itself and decodes it, so the size cap
	// applies to decompressed bytes.
	HTTP *http.Client
	// Timeout bounds one attempt, from sending the request to the last byte
	// of the body. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxBody is the largest body accepted, after decompression. Zero means
	// DefaultMaxBody.
	MaxBody int64
	// Retries is how many times a failed attempt is retried. Zero means
	// DefaultRetries; a negative value disables retries.
	Retries int
	// BaseDelay and MaxDelay shape the backoff: before retry n the client
	// sleeps a random time in [0, min(MaxDelay, BaseDelay·2^(n-1))], or what
	// the server asked for with Retry-After, capped at MaxDelay. Zero means
	// DefaultBaseDelay / DefaultMaxDelay.
	BaseDelay, MaxDelay time.Duration
	// UserAgent is sent with every request; empty means DefaultUserAgent.
	UserAgent string
	// Logger receives attempts at Debug and retries at Warn. Nil means
	// slog.Default().
	Logger *slog.Logger
	// Now is the clock (fetch times, Retry-After dates); nil means time.Now.
	Now func() time.Time
	// Sleep waits between attempts and must return early with ctx.Err()
	// when ctx is done; nil means a timer. Tests inject one that records.
	Sleep func(ctx context.Context, d time.Duration) error

	// jitter picks the actual backoff in [0, ceiling]; nil means uniform
	// random (full jitter). Tests replace it to get deterministic delays.
	jitter func(ceiling time.Duration) time.Duration
}

// Request describes one fetch.
type Request struct {
	URL    string
	Method string // "GET" (default) or "POST"
	Body   []byte // request body, for POST
	// ContentType of Body.
	ContentType string
	// ETag and LastModified come from the previous successful fetch of the
	// same URL; when set the request is conditional (If-None-Match,
	// If-Modified-Since) and an unchanged resource yields NotModified.
	ETag, LastModified string
	// CredentialEnv names an environment variable holding an API key. The
	// key is sent as the header CredentialHeader, or as the query parameter
	// CredentialParam; with neither set it is sent as
	// "Authorization: Bearer <key>". With CredentialHeader set the key is
	// sent as is, except that for "Authorization" a key without a scheme is
	// prefixed with "Bearer ". The key never appears in logs or errors.
	CredentialEnv                     string
	CredentialHeader, CredentialParam string
	// Header holds extra request headers (Accept for SDMX content
	// negotiation, for instance).
	Header map[string]string
	// AllowHTML accepts an HTML body; by default an HTML page is refused
	// with ErrHTMLPage because it is almost always an error or login page.
	AllowHTML bool
}

// Response is the outcome of a successful fetch.
type Response struct {
	Status int    // HTTP status code (200, 304, …)
	Body   []byte // decoded body; nil when NotModified
	// NotModified reports a 304 to a conditional request: the resource is
	// unchanged since the ETag / LastModified given in the request.
	NotModified bool
	// ETag and LastModified validate this version for the next conditional
	// request. On a 304 that does not repeat them they are the request's.
	ETag, LastModified string
	ContentType        string
	URL                string // final URL after redirects, credentials redacted
	Attempts           int    // attempts made, 1 if the first succeeded
	FetchedAt          time.Time
	// Header keeps the response headers worth recording with a payload
	// (see keptHeaders), by canonical name.
	Header map[string]string
}

// keptHeaders are the response headers copied into Response.Header.
var keptHeaders = []string{
	"Content-Type", "Content-Length", "Content-Encoding", "Content-Disposition",
	"Content-Language", "ETag", "Last-Modified", "Date", "Expires", "Cache-Control", "Age",
}

// StatusError is a response with a status other than 2xx or 304.
type StatusError struct {
	Code       int           // 404, 503, …
	Status     string        // "503 Service Unavailable"
	RetryAfter time.Duration // from Retry-After, capped at MaxDelay; 0 if absent
	Snippet    string        // the beginning of the body, for diagnosis
}

func (e *StatusError) Error() string {
	s := "HTTP " + e.Status
	if e.Status == "" {
		s = "HTTP " + strconv.Itoa(e.Code)
	}
	if e.Snippet != "" {
		s += fmt.Sprintf(" (body starts %q)", e.Snippet)
	}
	return s
}

// Is makes errors.Is(err, ErrStatus) true for every *StatusError.
func (e *StatusError) Is(target error) bool { return target == ErrStatus }

// Error is every error Do returns: it names the method and the URL (with
// credentials redacted), counts the attempts and wraps the cause.
type Error struct {
	Method   string
	URL      string // credentials redacted
	Attempts int
	Err      error

	secrets []string // scrubbed from Error(), in case a cause quotes them
}

func (e *Error) Error() string {
	s := e.Method + " " + e.URL + ": " + e.Err.Error()
	if e.Attempts > 1 {
		s += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return scrub(s, e.secrets)
}

func (e *Error) Unwrap() error { return e.Err }

// Do fetches r.URL. It returns a Response for a 2xx with a non-empty,
// non-HTML body within the size cap, or for a 304 (NotModified); anything
// else is an *Error wrapping the reason.
func (c *Client) Do(ctx context.Context, r Request) (*Response, error) {
	method := strings.ToUpper(strings.TrimSpace(r.Method))
	if method == "" {
		method = http.MethodGet
	}
	u, perr := url.Parse(r.URL)
	if perr != nil {
		// url.Error quotes the URL, which may hold a key written into it.
		return nil, &Error{Method: method, URL: "(unparsable URL)", Err: fmt.Errorf("invalid URL: %w", errors.Unwrap(perr))}
	}
	display := redactURL(u, r.CredentialParam) // recomputed once a key is added
	fail := func(attempts int, err error, secrets []string) error {
		return &Error{Method: method, URL: display, Attempts: attempts, Err: err, secrets: secrets}
	}
	if method != http.MethodGet && method != http.MethodPost {
		return nil, fail(0, fmt.Errorf("method %q not supported (GET or POST)", r.Method), nil)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fail(0, fmt.Errorf("unsupported URL scheme %q (http or https)", u.Scheme), nil)
	}

	var secrets []string
	credHeader, credValue := "", ""
	if r.CredentialEnv != "" {
		key := strings.TrimSpace(os.Getenv(r.CredentialEnv))
		if key == "" {
			return nil, fail(0, fmt.Errorf("environment variable %s is not set: %w", r.CredentialEnv, ErrCredential), nil)
		}
		secrets = []string{key, url.QueryEscape(key), url.PathEscape(key)}
		switch {
		case r.CredentialParam != "":
			u.RawQuery = setParam(u.RawQuery, r.CredentialParam, key)
		case r.CredentialHeader != "":
			credHeader, credValue = http.CanonicalHeaderKey(r.CredentialHeader), key
			if credHeader == "Authorization" && !strings.Contains(key, " ") {
				credValue = "Bearer " + key
			}
		default:
			credHeader, credValue = "Authorization", "Bearer "+key
		}
	}
	display = redactURL(u, r.CredentialParam)
	hc := c.httpClient(credHeader)
	log := c.logger().With("url", display, "method", method)

	retries := c.retries()
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, fail(attempt-1, err, secrets)
		}
		log.Debug("fetch attempt", "attempt", attempt)
		start := time.Now()
		resp, err := c.attempt(ctx, hc, method, u, r, credHeader, credValue, display)
		if err == nil {
			resp.Attempts = attempt
			log.Debug("fetched", "attempt", attempt, "status", resp.Status,
				"bytes", len(resp.Body), "not_modified", resp.NotModified, "elapsed", time.Since(start))
			return resp, nil
		}
		if ctx.Err() != nil {
			// Cancelled by the caller: not the server's fault, no retry.
			return nil, fail(attempt, fmt.Errorf("%w (during: %w)", ctx.Err(), err), secrets)
		}
		var se *StatusError
		if errors.As(err, &se) {
			se.Snippet = scrub(se.Snippet, secrets) // an error page may echo the key
		}
		retry, asked := retryable(err)
		if !retry || attempt > retries {
			log.Debug("fetch failed", "attempt", attempt, "error", scrub(err.Error(), secrets))
			return nil, fail(attempt, err, secrets)
		}
		delay := c.backoff(attempt)
		if asked > 0 {
			delay = min(asked, c.maxDelay())
		}
		log.Warn("fetch failed, retrying", "attempt", attempt, "max_attempts", retries+1,
			"error", scrub(err.Error(), secrets), "delay", delay)
		if serr := c.sleep(ctx, delay); serr != nil {
			return nil, fail(attempt, fmt.Errorf("%w (while waiting to retry after: %w)", serr, err), secrets)
		}
	}
}

// attempt makes one request and reads its body under the per-attempt timeout.
func (c *Client) attempt(ctx context.Context, hc *http.Client, method string, u *url.URL, r Request,
	credHeader, credValue, display string) (*Response, error) {
	timeout := c.timeout()
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := c.newRequest(actx, method, u, r, credHeader, credValue, display)
	if err != nil {
		return nil, err
	}
	res, err := hc.Do(req)
	if err != nil {
		return nil, c.timedOut(ctx, actx, stripURLError(err, display, r.CredentialParam))
	}
	defer res.Body.Close()

	resp := c.response(res, r, display)
	switch {
	case res.StatusCode == http.StatusNotModified:
		resp.NotModified = true
		if resp.ETag == "" {
			resp.ETag = r.ETag
		}
		if resp.LastModified == "" {
			resp.LastModified = r.LastModified
		}
		return resp, nil
	case res.StatusCode < 200 || res.StatusCode > 299:
		se := &StatusError{Code: res.StatusCode, Status: res.Status}
		if res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500 {
			se.RetryAfter = c.parseRetryAfter(res.Header.Get("Retry-After"))
		}
		// A little of the body often says why ("invalid API key"); a
		// failure to read it is of no interest.
		if res.Header.Get("Content-Encoding") == "" {
			head, _ := io.ReadAll(io.LimitReader(res.Body, 512))
			se.Snippet = snippet(head, 160)
		}
		return nil, se
	}

	data, err := c.readBody(ctx, actx, res, r)
	if err != nil {
		return nil, err
	}
	resp.Body = data
	return resp, nil
}

// newRequest builds the request of one attempt: the caller's headers, the
// conditional headers of the last fetch and the credential.
func (c *Client) newRequest(actx context.Context, method string, u *url.URL, r Request, credHeader, credValue, display string) (*http.Request, error) {
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(actx, method, u.String(), body)
	if err != nil {
		return nil, stripURLError(err, display, r.CredentialParam)
	}
	req.Header.Set("User-Agent", c.userAgent())
	// Asked for explicitly (which turns off net/http's transparent
	// decoding) so that decoding happens below, under the size cap.
	req.Header.Set("Accept-Encoding", "gzip")
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	if r.ContentType != "" {
		req.Header.Set("Content-Type", r.ContentType)
	}
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	if credHeader != "" {
		req.Header.Set(credHeader, credValue)
	}

	return req, nil
}

// response is what res says besides its body: status, validators, the
// final URL (redacted) and the headers chitieu keeps.
func (c *Client) response(res *http.Response, r Request, display string) *Response {
	resp := &Response{
		Status:       res.StatusCode,
		ETag:         res.Header.Get("ETag"),
		LastModified: res.Header.Get("Last-Modified"),
		ContentType:  res.Header.Get("Content-Type"),
		URL:          display,
		FetchedAt:    c.now().UTC(),
		Header:       map[string]string{},
	}
	if res.Request != nil && res.Request.URL != nil {
		resp.URL = redactURL(res.Request.URL, r.CredentialParam)
	}
	for _, h := range keptHeaders {
		if v := res.Header.Get(h); v != "" {
			resp.Header[h] = v
		}
	}
	return resp
}

// readBody reads res's body under the size cap, decoding gzip, and refuses
// a body that is truncated, empty, only white space, or an HTML page where
// data was asked for. actx is the attempt's context, ctx the caller's: they
// tell a timeout from a cancellation.
func (c *Client) readBody(ctx, actx context.Context, res *http.Response, r Request) ([]byte, error) {
	limit := c.maxBody()
	if res.ContentLength > limit {
		// Refused before reading: closing the body drops the connection.
		return nil, fmt.Errorf("%w: server announces %d bytes, the limit is %d", ErrTooLarge, res.ContentLength, limit)
	}
	raw := &countingReader{r: res.Body}
	var rd io.Reader = raw
	encoding := strings.ToLower(strings.TrimSpace(res.Header.Get("Content-Encoding")))
	gzipped := encoding == "gzip" || encoding == "x-gzip"
	if gzipped {
		zr, err := gzip.NewReader(raw)
		switch {
		case errors.Is(err, io.EOF) && raw.n == 0:
			return nil, ErrEmpty
		case err != nil:
			return nil, c.bodyErr(ctx, actx, fmt.Errorf("gzip: %w", err), raw.n, res.ContentLength)
		}
		defer zr.Close()
		rd = zr
	} else if encoding != "" && encoding != "identity" {
		return nil, fmt.Errorf("unsupported Content-Encoding %q", encoding)
	}

	hint := int64(0)
	if !gzipped {
		hint = res.ContentLength
	}
	data, err := readCapped(rd, limit, hint)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, err
		}
		return nil, c.bodyErr(ctx, actx, err, raw.n, res.ContentLength)
	}
	if res.ContentLength >= 0 && raw.n < res.ContentLength {
		return nil, fmt.Errorf("%w: got %d of %d bytes", ErrTruncated, raw.n, res.ContentLength)
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))) == 0 {
		if len(data) == 0 {
			return nil, ErrEmpty
		}
		return nil, fmt.Errorf("%w (only white space)", ErrEmpty)
	}
	if !r.AllowHTML && extract.LooksLikeHTML(extract.Head(data)) {
		if t := htmlTitle(data); t != "" {
			return nil, fmt.Errorf("%w: page title %q", ErrHTMLPage, t)
		}
		return nil, ErrHTMLPage
	}
	return data, nil
}

// bodyErr explains a failure while reading the body.
func (c *Client) bodyErr(ctx, actx context.Context, err error, got, want int64) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		if want >= 0 {
			return fmt.Errorf("%w: got %d of %d bytes: %w", ErrTruncated, got, want, err)
		}
		return fmt.Errorf("%w after %d bytes: %w", ErrTruncated, got, err)
	}
	return c.timedOut(ctx, actx, fmt.Errorf("reading body after %d bytes: %w", got, err))
}

// timedOut rewords an error caused by the per-attempt deadline.
func (c *Client) timedOut(ctx, actx context.Context, err error) error {
	if ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w after %s: %w", ErrTimeout, c.timeout(), err)
	}
	return err
}

// retryable says whether an attempt's failure may go away by itself, and
// how long the server asked to wait (0 if it did not say).
func retryable(err error) (bool, time.Duration) {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code == http.StatusTooManyRequests || se.Code >= 500, se.RetryAfter
	}
	switch {
	case errors.Is(err, ErrTooLarge), errors.Is(err, ErrHTMLPage), errors.Is(err, ErrEmpty):
		return false, 0
	case errors.Is(err, ErrTruncated), errors.Is(err, ErrTimeout):
		return true, 0
	case errors.Is(err, context.DeadlineExceeded):
		return true, 0 // the attempt's own deadline: Do checks the caller's first
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED),
		errors.Is(err, syscall.EPIPE), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true, 0
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true, 0
	}
	return false, 0
}

// backoff is the full-jitter delay before retry number n (1-based).
func (c *Client) backoff(n int) time.Duration {
	ceiling, maxd := c.baseDelay(), c.maxDelay()
	for i := 1; i < n && ceiling < maxd; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, maxd)
	if c.jitter != nil {
		return c.jitter(ceiling)
	}
	return time.Duration(rand.Int64N(int64(ceiling) + 1))
}

// parseRetryAfter reads Retry-After as seconds or as an HTTP date, capped
// at MaxDelay; 0 if absent, unparsable or in the past.
func (c *Client) parseRetryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		// secs > MaxDelay/1s means secs·1s > MaxDelay; checked before
		// the multiplication, which could overflow time.Duration.
		if secs > int64(c.maxDelay()/time.Second) {
			return c.maxDelay()
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(c.now())
	}
	if d <= 0 {
		return 0
	}
	return min(d, c.maxDelay())
}

// httpClient returns the client to use for one Do, with a redirect policy
// that drops a credential header when a redirect leaves the original host
// or downgrades to plain http (net/http does so only for Authorization).
func (c *Client) httpClient(credHeader string) *http.Client {
	base := c.HTTP
	if base == nil {
		base = http.DefaultClient
	}
	if credHeader == "" {
		return base
	}
	hc := *base
	orig := base.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if req.URL.Host != first.Host || (first.Scheme == "https" && req.URL.Scheme != "https") {
			req.Header.Del(credHeader)
		}
		if orig != nil {
			return orig(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &hc
}

// stripURLError replaces the URL that net/http quotes in its errors (which
// may carry a key in its query) by the redacted one, keeping the cause.
func stripURLError(err error, display, param string) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	if u, perr := url.Parse(ue.URL); perr == nil && ue.URL != "" {
		if s := redactURL(u, param); s != display {
			return fmt.Errorf("at %s: %w", s, ue.Err) // a redirect target: worth naming
		}
	}
	return ue.Err
}

// redactURL renders u with its password and the credential query
// parameter replaced by REDACTED.
func redactURL(u *url.URL, param string) string {
	v := *u
	if param != "" && v.Query().Has(param) {
		v.RawQuery = setParam(v.RawQuery, param, redacted)
	}
	return v.Redacted()
}

// setParam sets one query parameter, leaving the others as written (order
// and encoding matter to some APIs, and to provenance).
func setParam(rawQuery, name, value string) string {
	var kept []string
	for _, part := range strings.Split(rawQuery, "&") {
		if part == "" {
			continue
		}
		k, _, _ := strings.Cut(part, "=")
		if uk, err := url.QueryUnescape(k); err == nil && uk == name {
			continue
		}
		kept = append(kept, part)
	}
	return strings.Join(append(kept, url.QueryEscape(name)+"="+url.QueryEscape(value)), "&")
}

func scrub(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, redacted)
		}
	}
	return s
}

// readCapped reads r to the end, failing with ErrTooLarge as soon as more
// than limit bytes arrive. hint, if positive, is the expected size.
func readCapped(r io.Reader, limit, hint int64) ([]byte, error) {
	var buf bytes.Buffer
	if hint > 0 && hint <= limit {
		buf.Grow(int(min(hint, 64<<20)) + 1) // +1 so the final read hits EOF without growing
	}
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if n > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// htmlTitle returns the <title> of an HTML page, if short and plain.
func htmlTitle(b []byte) string {
	head := b[:min(len(b), 8192)]
	low := bytes.ToLower(head)
	i := bytes.Index(low, []byte("<title"))
	if i < 0 {
		return ""
	}
	j := bytes.IndexByte(low[i:], '>')
	if j < 0 {
		return ""
	}
	start := i + j + 1
	end := bytes.Index(low[start:], []byte("</title"))
	if end < 0 {
		return ""
	}
	return snippet(bytes.TrimSpace(head[start:start+end]), 120)
}

// snippet renders the first bytes of b as one line of valid text.
func snippet(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
		for len(b) > 0 && !utf8.Valid(b) {
			b = b[:len(b)-1]
		}
	}
	return strings.Join(strings.Fields(strings.ToValidUTF8(string(b), "?")), " ")
}

// SleepContext waits d, or less if ctx ends first (then it returns ctx's
// error).
func SleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	return SleepContext(ctx, d)
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) logger() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.Default()
}

func (c *Client) timeout() time.Duration   { return orDefault(c.Timeout, DefaultTimeout) }
func (c *Client) baseDelay() time.Duration { return orDefault(c.BaseDelay, DefaultBaseDelay) }
func (c *Client) maxDelay() time.Duration  { return orDefault(c.MaxDelay, DefaultMaxDelay) }
func (c *Client) maxBody() int64           { return orDefault(c.MaxBody, DefaultMaxBody) }

func (c *Client) retries() int {
	switch {
	case c.Retries < 0:
		return 0
	case c.Retries == 0:
		return DefaultRetries
	}
	return c.Retries
}

func (c *Client) userAgent() string {
	if c.UserAgent != "" {
		return c.UserAgent
	}
	return DefaultUserAgent
}

func orDefault[T int64 | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}
