package report_test

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const chromiumPath = "/usr/bin/chromium"

var docsImage = flag.Bool("docs", false, "write the HTML report's screenshot to docs/report-html.png")

// chromium runs headless Chromium with everything that would reach the
// network turned off: the report must render without it.
func chromium(t *testing.T, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, chromiumPath, append(base, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, errb.String())
	}
	return out.Bytes()
}

// TestHTMLInChromium renders the HTML report in a real browser and checks
// that the charts are drawn: one SVG chart per KPI in the DOM, and the
// actual-value line's colour on the screenshot.
func TestHTMLInChromium(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("%s not found: install Debian's chromium package (apt-get install -y chromium) to run the browser test", chromiumPath)
	}
	w := fixture(t)
	r := gather(t, w, "final-2025")
	page := filepath.Join(t.TempDir(), "report.html")
	var buf bytes.Buffer
	if err := r.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + page

	dom := string(chromium(t, "--dump-dom", url))
	if n := strings.Count(dom, `<svg class="chart"`); n != len(r.KPIs) {
		t.Errorf("the browser's DOM has %d charts; want one per KPI (%d)", n, len(r.KPIs))
	}
	withData := 0
	for _, k := range r.KPIs {
		if k.Year > 0 {
			withData++
		}
	}
	if n := strings.Count(dom, `<polyline class="actual"`); n < withData || withData == 0 {
		t.Errorf("%d actual-value lines for %d KPIs with data", n, withData)
	}

	shot := filepath.Join(t.TempDir(), "report.png")
	chromium(t, "--screenshot="+shot, "--window-size=1200,2000", "--hide-scrollbars", url)
	b, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 50_000 {
		t.Errorf("screenshot is %d bytes; a drawn report is far larger", len(b))
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if sz := img.Bounds().Size(); sz.X != 1200 || sz.Y != 2000 {
		t.Errorf("screenshot is %v", sz)
	}
	// The actual line is drawn in #0b5cad; the page has no other use of it
	// but the legend, so many such pixels means the charts are on screen.
	// The first two rows of charts are within the 2000-pixel window.
	if n := countColour(img, 0x0b, 0x5c, 0xad); n < 4*300 {
		t.Errorf("%d pixels of the chart line colour; the charts are not drawn", n)
	}
	if *docsImage {
		small := halve(img)
		var out bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(&out, small); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "report-html.png"), out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote docs/report-html.png (%d bytes)", out.Len())
	}
}

func countColour(img image.Image, r, g, b uint8) int {
	near := func(a uint32, c uint8) bool { d := int(a>>8) - int(c); return d > -24 && d < 24 }
	n := 0
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if near(cr, r) && near(cg, g) && near(cb, b) {
				n++
			}
		}
	}
	return n
}

// halve scales an image to half its size by averaging 2×2 blocks, so the
// picture in docs/ stays small.
func halve(img image.Image) image.Image {
	bd := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, bd.Dx()/2, bd.Dy()/2))
	for y := 0; y < bd.Dy()/2; y++ {
		for x := 0; x < bd.Dx()/2; x++ {
			var sr, sg, sb uint32
			for _, d := range [][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				r, g, b, _ := img.At(bd.Min.X+2*x+d[0], bd.Min.Y+2*y+d[1]).RGBA()
				sr, sg, sb = sr+r, sg+g, sb+b
			}
			i := out.PixOffset(x, y)
			out.Pix[i], out.Pix[i+1], out.Pix[i+2], out.Pix[i+3] = uint8(sr/4>>8), uint8(sg/4>>8), uint8(sb/4>>8), 255
		}
	}
	return out
}
