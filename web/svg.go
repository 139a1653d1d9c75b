package web

import (
	"fmt"
	"html/template"
	"strings"

	"safetybot"
)

// Charts are inline SVG drawn on the server: no script, no CDN, readable on
// a phone and printable. Each chart comes in two drawings: a wide one (640
// units, for a desktop) and a narrow one (320 units, for a phone, where
// the stylesheet shows it instead), so that text drawn at 12 units stays
// at least 12 px on a 390 px screen rather than shrinking with the chart. Colours come from
// presentation attributes and the stylesheet's classes, which the page's
// Content-Security-Policy allows (inline style attributes it would not).

// chartSize is which drawing of a chart to make.
type chartSize bool

const (
	wide   chartSize = false // 640 units wide, for a desktop
	narrow chartSize = true  // 320 units wide, for a phone
)

func (z chartSize) width() float64 {
	if z == narrow {
		return 320
	}
	return 640
}

func (z chartSize) class() string {
	if z == narrow {
		return "narrow"
	}
	return "wide"
}

// both is a chart's wide and narrow drawings; the stylesheet shows one.
func both(draw func(chartSize) template.HTML) template.HTML {
	return draw(wide) + draw(narrow)
}

func openSVG(b *strings.Builder, z chartSize, extra string, w, h float64, title string) {
	fmt.Fprintf(b, `<svg class="chart %s%s" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		z.class(), extra, w, h, esc(title))
	fmt.Fprintf(b, `<title>%s</title>`, esc(title))
}

// barSeries is one named series of a grouped bar chart.
type barSeries struct {
	Name  string
	Class string // CSS class: s1, s2…
	Data  []int
}

// groupedBars draws vertical bars for each label, one per series, with the
// value above each bar and a legend.
func groupedBars(z chartSize, title string, labels []string, series []barSeries) template.HTML {
	const h, left, top, bottom = 240.0, 32.0, 28.0, 28.0
	w := z.width()
	peak := 1
	for _, s := range series {
		for _, v := range s.Data {
			peak = max(peak, v)
		}
	}
	scale := niceCeil(peak)
	plotH := h - top - bottom
	slot := (w - left - 8) / float64(max(len(labels), 1))
	barW := slot * 0.8 / float64(max(len(series), 1))
	var b strings.Builder
	openSVG(&b, z, "", w, h, title)
	for i := 0; i <= 4; i++ {
		y := top + plotH*float64(i)/4
		fmt.Fprintf(&b, `<line class="grid" x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f"/>`, left, y, w-4, y)
		fmt.Fprintf(&b, `<text class="axis" x="%.0f" y="%.1f" text-anchor="end">%d</text>`, left-4, y+4, scale*(4-i)/4)
	}
	for i, l := range labels {
		x0 := left + slot*float64(i) + slot*0.1
		for j, s := range series {
			v := 0
			if i < len(s.Data) {
				v = s.Data[i]
			}
			bh := plotH * float64(v) / float64(scale)
			x := x0 + barW*float64(j)
			fmt.Fprintf(&b, `<rect class="%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s %s：%d</title></rect>`,
				s.Class, x, top+plotH-bh, barW-1, bh, esc(l), esc(s.Name), v)
			if v > 0 && z == wide { // too narrow on a phone: the table below has the numbers
				fmt.Fprintf(&b, `<text class="val" x="%.1f" y="%.1f" text-anchor="middle">%d</text>`, x+barW/2, top+plotH-bh-3, v)
			}
		}
		if z == wide || (len(labels)-1-i)%2 == 0 { // a phone labels every other slot, the last one always
			fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.0f" text-anchor="middle">%s</text>`, x0+slot*0.4, h-bottom+16, esc(l))
		}
	}
	legend(&b, series, left, 14)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// stackedRows draws one horizontal stacked bar per label (e.g. open hazards
// by field, split by grade), with the total at the end.
func stackedRows(z chartSize, title string, labels []string, series []barSeries) template.HTML {
	const rowH, top = 26.0, 26.0
	w, labelW, cut := z.width(), 150.0, 12
	if z == narrow {
		labelW, cut = 96, 7
	}
	h := top + rowH*float64(len(labels)) + 8
	peak := 1
	totals := make([]int, len(labels))
	for i := range labels {
		for _, s := range series {
			if i < len(s.Data) {
				totals[i] += s.Data[i]
			}
		}
		peak = max(peak, totals[i])
	}
	plotW := w - labelW - 48
	var b strings.Builder
	openSVG(&b, z, "", w, h, title)
	for i, l := range labels {
		y := top + rowH*float64(i)
		fmt.Fprintf(&b, `<text class="label" x="%.0f" y="%.1f" text-anchor="end">%s</text>`, labelW-6, y+rowH/2+4, esc(safetybot.Truncate(l, cut)))
		x := labelW
		for _, s := range series {
			v := 0
			if i < len(s.Data) {
				v = s.Data[i]
			}
			bw := plotW * float64(v) / float64(peak)
			fmt.Fprintf(&b, `<rect class="%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s %s：%d</title></rect>`,
				s.Class, x, y+4, bw, rowH-8, esc(l), esc(s.Name), v)
			x += bw
		}
		fmt.Fprintf(&b, `<text class="val" x="%.1f" y="%.1f">%d</text>`, x+4, y+rowH/2+4, totals[i])
	}
	legend(&b, series, labelW, 14)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// progressRows draws a 0–100 % bar per label with its percentage and note:
// on a desktop the label left of the bar and the note right of it; on a
// phone the label and note on a line above the bar.
func progressRows(z chartSize, title string, labels []string, pct []int, notes []string) template.HTML {
	w := z.width()
	labelW, rowH, barY, barH, textY := 250.0, 24.0, 5.0, 14.0, 16.0
	if z == narrow {
		labelW, rowH, barY, barH, textY = 0, 38, 20, 12, 14
	}
	plotW := w - labelW - 150
	if z == narrow {
		plotW = w
	}
	h := rowH*float64(len(labels)) + 4
	var b strings.Builder
	openSVG(&b, z, "", w, h, title)
	for i, l := range labels {
		y := rowH * float64(i)
		p := min(max(pct[i], 0), 100)
		if z == narrow {
			fmt.Fprintf(&b, `<text class="label" x="0" y="%.1f">%s</text>`, y+textY, esc(safetybot.Truncate(l, 12)))
			fmt.Fprintf(&b, `<text class="val" x="%.0f" y="%.1f" text-anchor="end">%d%% %s</text>`, w, y+textY, p, esc(notes[i]))
		} else {
			fmt.Fprintf(&b, `<text class="label" x="%.0f" y="%.1f" text-anchor="end">%s</text>`, labelW-6, y+textY, esc(safetybot.Truncate(l, 15)))
			fmt.Fprintf(&b, `<text class="val" x="%.0f" y="%.1f">%d%% %s</text>`, labelW+plotW+6, y+textY, p, esc(notes[i]))
		}
		fmt.Fprintf(&b, `<rect class="track" x="%.0f" y="%.1f" width="%.0f" height="%.0f"/>`, labelW, y+barY, plotW, barH)
		fmt.Fprintf(&b, `<rect class="%s" x="%.0f" y="%.1f" width="%.1f" height="%.0f"><title>%s：%d%%</title></rect>`,
			progressClass(p), labelW, y+barY, plotW*float64(p)/100, barH, esc(l), p)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// gridRow is one row of a compliance grid: a cell per column, each done
// (count > 0 against want) or not.
type gridRow struct {
	Name  string
	Cells []gridCell
}

type gridCell struct {
	Text  string // shown in the cell
	Class string // ok, part, miss, na
	Title string
}

// grid draws a compliance grid: rows of coloured cells under column labels.
func grid(z chartSize, title string, cols []string, rows []gridRow) template.HTML {
	const rowH, top = 26.0, 20.0
	labelW, cellW := 110.0, 42.0
	if z == narrow {
		labelW = 56
		cellW = (z.width() - labelW - 4) / float64(max(len(cols), 1))
	}
	w := labelW + cellW*float64(len(cols)) + 4
	h := top + rowH*float64(len(rows)) + 4
	var b strings.Builder
	openSVG(&b, z, " grid", w, h, title)
	for i, c := range cols {
		if z == wide || (len(cols)-1-i)%2 == 0 {
			fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="14" text-anchor="middle">%s</text>`, labelW+cellW*float64(i)+cellW/2, esc(c))
		}
	}
	for r, row := range rows {
		y := top + rowH*float64(r)
		fmt.Fprintf(&b, `<text class="label" x="%.0f" y="%.1f" text-anchor="end">%s</text>`, labelW-6, y+rowH/2+4, esc(row.Name))
		for i, c := range row.Cells {
			x := labelW + cellW*float64(i)
			fmt.Fprintf(&b, `<rect class="cell %s" x="%.1f" y="%.1f" width="%.0f" height="%.0f" rx="3"><title>%s</title></rect>`,
				c.Class, x+2, y+2, cellW-4, rowH-4, esc(c.Title))
			fmt.Fprintf(&b, `<text class="celltext" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x+cellW/2, y+rowH/2+4, esc(c.Text))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func legend(b *strings.Builder, series []barSeries, x, y float64) {
	for _, s := range series {
		fmt.Fprintf(b, `<rect class="%s" x="%.0f" y="%.0f" width="10" height="10"/>`, s.Class, x, y-9)
		fmt.Fprintf(b, `<text class="axis" x="%.0f" y="%.0f">%s</text>`, x+14, y, esc(s.Name))
		x += 20 + float64(len([]rune(s.Name)))*13
	}
}

func progressClass(p int) string {
	switch {
	case p >= 100:
		return "done"
	case p >= 50:
		return "mid"
	}
	return "low"
}

// niceCeil rounds n up to a scale whose quarters are whole numbers.
func niceCeil(n int) int {
	for _, step := range []int{4, 8, 20, 40, 80, 100, 200, 400, 800, 1000, 2000, 4000} {
		if n <= step {
			return step
		}
	}
	return (n + 3999) / 4000 * 4000
}

func esc(s string) string { return template.HTMLEscapeString(s) }
