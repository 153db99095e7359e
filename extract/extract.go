// Package extract turns the bytes a source publishes into rows of the
// source's own shape. It knows file formats (xlsx, JSON-stat, SDMX, …), not
// plan indicators: mapping a source's series onto the plan's KPIs is the job
// of package transform.
//
// Every format is a Decoder that registers itself with Register in an init
// function, so adding a new kind of source is one new folder plus one import
// line in cmd/chitieu. Decoders are chosen by the content of a payload
// (Detect), never by its file name: an analyst's "report.xlsx" may well be an
// HTML error page.
package extract

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Origin says where a raw row came from, precisely enough for an analyst to
// open the file and find the cell.
type Origin struct {
	URI    string // file path or URL
	Sheet  string // worksheet, for workbooks
	Row    int    // 1-based row (line for text formats); 0 if not applicable
	Column string // column letter or field name
	Key    string // position inside structured payloads (series key, JSON index)
}

// String renders the origin as "file.xlsx [Số liệu] E7" or "url key 0:1:3".
func (o Origin) String() string {
	b := []byte(o.URI)
	if p := o.AppendPlace(nil); len(p) > 0 {
		b = append(append(b, ' '), p...)
	}
	return string(b)
}

// AppendPlace appends where in the file the row was, without the file:
// "[Số liệu] E7", "row 12 column Giá trị", "key 0:1:3". The warehouse
// keeps this as observations.origin (the file is in sources); the loader
// builds it for millions of rows, hence an append that does not allocate.
func (o Origin) AppendPlace(b []byte) []byte {
	start := len(b)
	sep := func() {
		if len(b) > start {
			b = append(b, ' ')
		}
	}
	if o.Sheet != "" {
		sep()
		b = append(append(append(b, '['), o.Sheet...), ']')
	}
	switch {
	case o.Column != "" && o.Row > 0 && len(o.Column) <= 3 && isLetters(o.Column):
		sep()
		b = strconv.AppendInt(append(b, o.Column...), int64(o.Row), 10)
	case o.Row > 0:
		sep()
		b = strconv.AppendInt(append(b, "row "...), int64(o.Row), 10)
		if o.Column != "" {
			b = append(append(b, " column "...), o.Column...)
		}
	case o.Column != "":
		sep()
		b = append(append(b, "column "...), o.Column...)
	}
	if o.Key != "" {
		sep()
		b = append(append(b, "key "...), o.Key...)
	}
	return b
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// RawRow is one value cell of a source, unpivoted to long form but otherwise
// untouched: numbers, periods and places are still the source's text, so that
// a rejected row can be stored exactly as it was read.
type RawRow struct {
	Origin     Origin
	Series     string            // the source's own code for the series ("NY.GDP.MKTP.CD", "E02.45")
	SeriesName string            // the source's label for the series
	Dims       map[string]string // other dimensions, by the source's own ids and codes
	Geo        string            // geography as the source writes it ("Hà Nội", "VNM", "01"); "" = the source's default
	Period     string            // period as the source writes it ("2023", "Quý II/2022", "2023-Q2")
	Value      string            // value text as read ("1.234,5", "..", "12.5")
	Unit       string            // unit as the source states it ("Tỷ đồng", "%")
	UnitMult   int               // power of ten the value is scaled by (SDMX UNIT_MULT); 0 = none
	Status     string            // the source's flag for this value ("p", "..", "Sơ bộ")
	// Citation, for a figure quoted from a published page rather than read
	// from a statistical table, says where it was published: a JSON object
	// (see the published decoder). Kept with the value (observations.citation).
	Citation string
	// Reject, when set, is why the row is not a value although the source
	// lists it (an SDMX delete instruction): transform keeps it as a
	// rejected row with this reason, so rows in = loaded + rejected holds.
	Reject string
	// GeoLabel is the place's label when the source gives a code and a
	// label ("01", "Stockholm county"): a code alone cannot say which
	// country's list it is from (transform.PlaceReader).
	GeoLabel string
}

// TaskRow is one row of an agency report's task sheet: the progress of one
// task of the plan, as typed. Like a RawRow it is untouched text, so a
// rejected row is kept exactly as it was read; transform checks it against
// the plan.
type TaskRow struct {
	Origin    Origin
	Task      string // the task's number in the plan's appendix ("18")
	Status    string // "đang triển khai", "hoàn thành", …
	DocNo     string // number of the document issued ("12/QĐ-UBND")
	DocDate   string // its date (25/11/2024 or an Excel date serial)
	Allocated string // budget allocated, billion VND
	Disbursed string // budget disbursed, billion VND
	Note      string
}

// TaskStatuses are the status words of a task's progress, as the agency
// template offers them and the warehouse stores them (task_progress.status);
// a typed status is matched folded. The last two count as done.
var TaskStatuses = []string{"chưa triển khai", "đang triển khai", "hoàn thành", "đã ban hành"}

// TaskSink is implemented by sinks that take task progress rows besides
// values; a decoder of the agency template sends its task sheet to a sink
// that has it (and skips the sheet for one that has not).
type TaskSink interface {
	Task(TaskRow) error
}

// Place schemes: the code lists a source's places are read in. A source
// declares its scheme (sources.toml geo_scheme, or the decoder for formats
// that fix one); otherwise each place is matched only on evidence. The
// reason: Statistics Sweden numbers Stockholm county 01, GSO numbers Hà Nội
// 01, and a bare 01 read as GSO's put 810 Swedish values on Hà Nội.
const (
	// SchemeDetect (no declaration) matches a place only on evidence: a
	// Vietnamese or English name of a Vietnamese place, an ISO 3166-2:VN
	// code, an ISO 3166-1 code (two or three upper-case letters), or a GSO
	// code in a table shown to be Vietnamese (transform.PlaceReader.Vietnamese). Any
	// other place is kept under the source's own scheme (transform.KeptPlace).
	SchemeDetect = ""
	// SchemeGSO: GSO's province codes and the names of Vietnamese places
	// (transform.ParseGeo), with abbreviations such as HN and TP.HCM; a place that is
	// none of these is rejected as a typing error.
	SchemeGSO = "gso"
	// SchemeISO: ISO 3166-1 alpha-2 and alpha-3 country codes and ISO
	// 3166-2:VN subdivisions (World Bank, SDMX REF_AREA). HN is Honduras.
	SchemeISO = "iso3166"
	// SchemeSource: the source's own codes; nothing is matched, every place
	// is kept (an analyst's foreign table).
	SchemeSource = "source"
)

// Info is what a decoder learns about the payload as a whole.
type Info struct {
	Title     string // the table's or report's title
	Publisher string // the reporting agency or statistics office
	// AgencyCode is the reporting agency's code in the plan's agencies
	// (the template's Mã đơn vị): only a task's lead agency reports on it.
	AgencyCode string
	Vintage    time.Time // when the source published this release; zero if the payload does not say
	// DefaultGeo is the geography of rows that name none ("01" for a Hà Nội
	// agency report).
	DefaultGeo string
	// GeoScheme is the scheme the format writes places in, when the format
	// fixes one (the Scheme constants above: "gso" for the agency
	// template); "" = detect.
	GeoScheme string
	// Sample is true when the payload itself says its values are sample
	// data, not official figures.
	Sample bool
	// KnownSeriesOnly asks transform to reject series codes that are not plan
	// indicators. Agency report templates set it: an unknown code there is a
	// typing error, not a new series.
	KnownSeriesOnly bool
	// DecimalComma says the payload writes numbers in Vietnamese notation
	// throughout: "." groups thousands and "," marks decimals, so the one
	// ambiguous form, "250.000", is 250000 and not 250.
	DecimalComma bool
}

// Sink receives what a decoder reads. Row may return an error (the run was
// cancelled, the warehouse refused); the decoder must stop and return it.
type Sink interface {
	Describe(Info)
	Row(RawRow) error
}

// Decoder reads one payload format. Decode streams: it must not hold all rows
// of a payload in memory.
type Decoder interface {
	// Name is the kind of source, as written in configuration ("xlsx", "jsonstat").
	Name() string
	// Sniff reports whether the payload looks like this format, from its
	// first bytes (at most 4 KiB, with a leading BOM removed).
	Sniff(head []byte) bool
	// Decode reads the payload and sends its rows to out. An error that is
	// about the whole payload (not a zip, an error message served as data)
	// is returned; a bad value inside a good payload is a row like any
	// other, and transform rejects it.
	Decode(ctx context.Context, p Payload, out Sink) error
}

// Pager is implemented by decoders of APIs that split an answer into pages
// (the World Bank API). After fetching the URL of page 1, the fetcher asks
// for the URLs of the remaining pages; each page is its own payload.
type Pager interface {
	// MorePages returns the URLs of pages 2..n given page 1's URL and body,
	// or none when the answer fits one page.
	MorePages(url string, firstPage []byte) ([]string, error)
}

var (
	regMu    sync.RWMutex
	registry = map[string]Decoder{}
)

// Register makes a decoder available to Detect and ByName. Decoders call it
// from init; registering the same name twice is a programming error.
func Register(d Decoder) {
	regMu.Lock()
	defer regMu.Unlock()
	if _, dup := registry[d.Name()]; dup {
		panic("extract: decoder registered twice: " + d.Name())
	}
	registry[d.Name()] = d
}

// Names lists the registered decoders, sorted.
func Names() []string {
	regMu.RLock()
	defer regMu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ByName returns the decoder registered as name.
func ByName(name string) (Decoder, error) {
	regMu.RLock()
	defer regMu.RUnlock()
	d, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("unknown source kind %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	return d, nil
}

// ErrUnknownFormat is returned by Detect when no decoder recognises a payload.
var ErrUnknownFormat = errors.New("unrecognised format")

// ErrProse is returned for a payload of prose: a README, notes, a
// Markdown or plain-text file handed over instead of the data.
var ErrProse = fmt.Errorf("this is text (Markdown or prose), not a table: %w", ErrUnknownFormat)

// Detect picks the decoder for a payload from its content. Payloads that are
// plainly not data (empty, an HTML page) are refused with a reason.
func Detect(p Payload) (Decoder, error) {
	head, err := p.Head()
	if err != nil {
		return nil, err
	}
	if len(head) == 0 {
		return nil, fmt.Errorf("%s: empty payload: %w", p.URI, ErrUnknownFormat)
	}
	if LooksLikeHTML(head) {
		return nil, fmt.Errorf("%s: this is an HTML page (an error or login page served instead of data?), not a data file: %w", p.URI, ErrUnknownFormat)
	}
	if utf8.Valid(head) && LooksLikeProse(string(head)) {
		return nil, fmt.Errorf("%s: %w", p.URI, ErrProse)
	}
	if utf8.Valid(head) && LooksLikeProse(string(head)) {
		return nil, fmt.Errorf("%s: %w", p.URI, ErrProse)
	}
	regMu.RLock()
	defer regMu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names) // deterministic when two decoders claim a payload
	for _, n := range names {
		if registry[n].Sniff(head) {
			return registry[n], nil
		}
	}
	return nil, fmt.Errorf("%s: no decoder recognises this content (starts with %q): %w", p.URI, printable(head, 24), ErrUnknownFormat)
}

// Head returns the first bytes of body used for sniffing, without a UTF-8
// BOM and leading white space.
func Head(body []byte) []byte {
	h := body
	if len(h) > headSize {
		h = h[:headSize]
	}
	h = []byte(strings.TrimPrefix(string(h), "\ufeff"))
	return []byte(strings.TrimLeft(string(h), " \t\r\n"))
}

// LooksLikeHTML reports whether a payload head is an HTML document,
// XHTML included: after an XML declaration, comments and a doctype, the
// first element is <html>; or the head holds a <head> or <body> element
// (an error page's <style> block can push <body> far down, so the whole
// head is searched, not its first lines).
func LooksLikeHTML(head []byte) bool {
	s := strings.ToLower(string(head))
	if strings.HasPrefix(s, "<!doctype html") || strings.HasPrefix(s, "<html") {
		return true
	}
	if !strings.HasPrefix(s, "<") {
		return false
	}
	for rest := s; ; {
		rest = strings.TrimLeft(rest, " \t\r\n")
		switch {
		case strings.HasPrefix(rest, "<?"):
			_, rest, _ = strings.Cut(rest, "?>")
			continue
		case strings.HasPrefix(rest, "<!--"):
			_, rest, _ = strings.Cut(rest, "-->")
			continue
		case strings.HasPrefix(rest, "<!doctype"):
			if strings.HasPrefix(rest, "<!doctype html") {
				return true
			}
			_, rest, _ = strings.Cut(rest, ">")
			continue
		case strings.HasPrefix(rest, "<html") && len(rest) > 5 && strings.ContainsRune(" >\t\r\n", rune(rest[5])):
			return true
		}
		break
	}
	return htmlElementRE.MatchString(s)
}

var htmlElementRE = regexp.MustCompile(`<(?:body|head)[\s>]`)

func printable(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return strings.Map(func(r rune) rune {
		if r < 32 || r == 0xfffd {
			return '.'
		}
		return r
	}, string(b))
}

// DecodeError is an error about one place in a payload, in the manner of
// encoding/csv's ParseError: it says where, and wraps why.
type DecodeError struct {
	Origin Origin
	Err    error
}

func (e *DecodeError) Error() string { return e.Origin.String() + ": " + e.Err.Error() }
func (e *DecodeError) Unwrap() error { return e.Err }

// markdownLineRE matches the lines Markdown is made of: headings, list
// items, quotes, fences, rules, table rows and links.
var markdownLineRE = regexp.MustCompile("^(?:#{1,6}\\s|[-*+]\\s|>\\s?|```|~~~|\\d{1,3}[.)]\\s|\\|.*\\|$|-{3,}$|={3,}$|\\[[^\\]]+\\]:\\s)|\\]\\((?:https?://|#|\\.{0,2}/)")

// LooksLikeProse reports whether text (decoded, the first lines of a
// payload) is prose, Markdown or plain text, rather than a table: most of
// its lines are Markdown structure or sentences (eight words or more,
// ending as sentences end). Such a file splits on commas into "columns"
// by chance, and reading it as CSV loads nothing while claiming success.
func LooksLikeProse(text string) bool {
	lines, prose := 0, 0
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if lines++; lines > 200 {
			break
		}
		words := strings.Fields(l)
		switch {
		case markdownLineRE.MatchString(l):
			prose++
		case len(words) >= 8 && strings.Count(l, "\t") < 2 &&
			(strings.ContainsAny(l[len(l)-1:], ".:;!?)") || strings.Contains(l, ". ")):
			prose++
		}
	}
	return lines >= 3 && prose*2 > lines
}
