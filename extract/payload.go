package extract

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"time"
)

// Payload is one unit of input exactly as it was fetched, with the provenance
// every number loaded from it carries into the warehouse.
//
// Its bytes are either held in Body (what an HTTP fetch returns, capped in
// size) or left in the local file Path (FilePayload): a million-row workbook
// is 24 MB that need not sit in memory while it is decoded, and decoders of
// large formats read it through Open. Decoders that parse a payload whole
// (JSON, PX, SDMX) call Bytes.
type Payload struct {
	Source    string    // name of the configured source ("skhcn-report")
	URI       string    // file path or URL it was read from
	Body      []byte    // the bytes, unchanged; nil when they stay in Path
	Path      string    // a local file holding the bytes, when Body is nil
	SHA256    string    // hex digest of the bytes
	Size      int64     // number of bytes, kept after Body is dropped
	FetchedAt time.Time // when chitieu read it
	Sample    bool      // true for demonstration data that is not official
	// Evidence is the kind of evidence the source's definition declares
	// ("official", "published", "sample"; "" when it declares none) and
	// Precedence its rank among sources of the same value (lower wins; 0 =
	// not declared). Both are kept in the warehouse's sources table.
	Evidence   string
	Precedence int
	HTTP       map[string]string // response metadata (ETag, Last-Modified, status) for HTTP sources
}

// Precedence of payloads whose source declares none: a real source's values
// win over sample data whatever the order of the sources file.
const (
	DefaultPrecedence = 100
	SamplePrecedence  = 1000
)

// NewPayload fills in the digest and fetch time of a payload held in memory.
func NewPayload(source, uri string, body []byte, fetchedAt time.Time) Payload {
	sum := sha256.Sum256(body)
	return Payload{Source: source, URI: uri, Body: body, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(body)), FetchedAt: fetchedAt.UTC()}
}

// FilePayload describes a local file as a payload without reading it into
// memory: the digest is computed in one streaming pass, and decoders read
// the file itself. Files larger than maxSize bytes are refused.
func FilePayload(source, path string, fetchedAt time.Time, maxSize int64) (Payload, error) {
	f, err := os.Open(path)
	if err != nil {
		return Payload{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Payload{}, err
	}
	if fi.IsDir() {
		return Payload{}, fmt.Errorf("%s is a directory", path)
	}
	if fi.Size() > maxSize {
		return Payload{}, fmt.Errorf("%s is %d bytes, over the %d-byte limit", path, fi.Size(), maxSize)
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return Payload{}, fmt.Errorf("read %s: %w", path, err)
	}
	return Payload{Source: source, URI: path, Path: path, SHA256: hex.EncodeToString(h.Sum(nil)), Size: n, FetchedAt: fetchedAt.UTC()}, nil
}

// Len is the number of bytes of the payload, whether held in Body or in a
// file.
func (p Payload) Len() int64 {
	if p.Body != nil || p.Path == "" {
		return int64(len(p.Body))
	}
	return p.Size
}

// Reader reads a payload's bytes from the start or at any offset (a zip
// archive is read from its end).
type Reader interface {
	io.Reader
	io.ReaderAt
	io.Seeker
	io.Closer
}

type bytesReader struct{ *bytes.Reader }

func (bytesReader) Close() error { return nil }

// Open returns a reader over the payload's bytes. For a file payload it
// checks that the file still has the size it had when it was hashed: a file
// rewritten in between would load numbers the recorded digest does not
// describe.
func (p Payload) Open() (Reader, error) {
	if p.Body != nil || p.Path == "" {
		return bytesReader{bytes.NewReader(p.Body)}, nil
	}
	f, err := os.Open(p.Path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.URI, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", p.URI, err)
	}
	if fi.Size() != p.Size {
		f.Close()
		return nil, fmt.Errorf("%s: the file changed while it was being loaded (%d bytes when hashed, %d now)", p.URI, p.Size, fi.Size())
	}
	return f, nil
}

// Bytes returns the payload's bytes whole, reading a file payload into
// memory. Decoders of formats that are parsed whole use it.
func (p Payload) Bytes() ([]byte, error) {
	if p.Body != nil || p.Path == "" {
		return p.Body, nil
	}
	r, err := p.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b := make([]byte, p.Size)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("%s: %w", p.URI, err)
	}
	return b, nil
}

// headSize is how much of a payload Sniff sees.
const headSize = 4096

// Head returns the payload's first bytes for sniffing (see the package
// function Head).
func (p Payload) Head() ([]byte, error) {
	if p.Body != nil || p.Path == "" {
		return Head(p.Body), nil
	}
	r, err := p.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b := make([]byte, headSize)
	n, err := io.ReadFull(r, b)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, fmt.Errorf("%s: %w", p.URI, err)
	}
	return Head(b[:n]), nil
}
