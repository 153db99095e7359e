package report

import (
	"fmt"
	"math"
	"strings"
)

// Chart is an SVG line chart of a KPI, computed here so the HTML template
// only places elements: actual values against the target path on a
// 2020–2025 axis. For a rank, 1 is at the top.
type Chart struct {
	W, H                  float64 // viewBox
	Left, Right, Top, Bot float64 // plot area
	XTicks, YTicks        []Tick
	ActualLines           []string // polyline points, one per unbroken run
	ActualDots            []Dot
	TargetLine            string
	TargetDot             Dot // the target in 2025
	Label                 string
	NoData                bool
}

// Tick is an axis label at a position.
type Tick struct {
	Pos   float64
	Label string
}

// Dot is a marked value.
type Dot struct {
	X, Y  float64
	Label string
}

// NewChart lays out k's chart over years.
func NewChart(k *KPI, years []int) Chart {
	c := Chart{W: 640, H: 300, Left: 56, Right: 620, Top: 20, Bot: 260,
		Label: fmt.Sprintf("KPI %s: %s", k.Label, k.NameEN)}
	lo, hi := math.Inf(1), math.Inf(-1)
	see := func(n Num) {
		if n.OK {
			lo, hi = math.Min(lo, n.V), math.Max(hi, n.V)
		}
	}
	for i := range years {
		see(k.Actual[i])
		see(k.TargetPath[i])
	}
	see(k.TargetLow)
	see(k.TargetHigh)
	if math.IsInf(lo, 1) {
		lo, hi = 0, 1
	}
	if k.Comparator == "rank_le" {
		lo = math.Min(lo, 1)
	}
	step := niceStep((hi - lo) / 4)
	lo = math.Floor(lo/step) * step
	hi = math.Ceil(hi/step) * step
	if hi == lo {
		hi = lo + step
	}
	if k.Comparator != "rank_le" && lo > 0 && lo-step < 0 {
		lo = 0 // shares read best from zero when it is near
	}
	invert := k.Comparator == "rank_le"
	y := func(v float64) float64 {
		f := (v - lo) / (hi - lo)
		if invert {
			f = 1 - f
		}
		return round1(c.Bot - f*(c.Bot-c.Top))
	}
	x := func(i int) float64 {
		if len(years) == 1 {
			return c.Left
		}
		return round1(c.Left + 20 + float64(i)*(c.Right-c.Left-40)/float64(len(years)-1))
	}
	for v := lo; v <= hi+step/2; v += step {
		c.YTicks = append(c.YTicks, Tick{y(v), VN(v)})
	}
	for i, yr := range years {
		c.XTicks = append(c.XTicks, Tick{x(i), fmt.Sprint(yr)})
	}
	var run []string
	flush := func() {
		if len(run) > 0 {
			c.ActualLines = append(c.ActualLines, strings.Join(run, " "))
		}
		run = nil
	}
	c.NoData = true
	for i := range years {
		a := k.Actual[i]
		if !a.OK {
			flush()
			continue
		}
		c.NoData = false
		px, py := x(i), y(a.V)
		run = append(run, fmt.Sprintf("%g,%g", px, py))
		c.ActualDots = append(c.ActualDots, Dot{px, py, VN(a.V)})
	}
	flush()
	var tl []string
	for i := range years {
		if t := k.TargetPath[i]; t.OK {
			tl = append(tl, fmt.Sprintf("%g,%g", x(i), y(t.V)))
		}
	}
	c.TargetLine = strings.Join(tl, " ")
	if last := len(years) - 1; last >= 0 && k.TargetPath[last].OK {
		c.TargetDot = Dot{x(last), y(k.TargetPath[last].V), VN(k.TargetPath[last].V)}
	}
	return c
}

func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }
