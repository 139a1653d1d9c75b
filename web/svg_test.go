package web

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Labels come from what users typed (a hazard's 领域, a task title): the
// charts must escape them like the templates do.
func TestChartsEscapeLabels(t *testing.T) {
	evil := `<script>alert(1)</script>"&`
	for name, svg := range map[string]string{
		"bars":     string(groupedBars(wide, evil, []string{evil}, []barSeries{{Name: evil, Class: "s1", Data: []int{3}}})),
		"stacked":  string(stackedRows(narrow, evil, []string{evil}, []barSeries{{Name: evil, Class: "s1", Data: []int{3}}})),
		"progress": string(progressRows(narrow, evil, []string{evil}, []int{50}, []string{evil})),
		"grid":     string(grid(wide, evil, []string{evil}, []gridRow{{Name: evil, Cells: []gridCell{{Text: evil, Class: "ok", Title: evil}}}})),
	} {
		if strings.Contains(svg, "<script") || strings.Contains(svg, `)"&`) || !strings.Contains(svg, "&lt;script&gt;") {
			t.Errorf("%s chart lets markup through: %s", name, svg)
		}
		if !strings.HasPrefix(svg, "<svg") || !strings.HasSuffix(svg, "</svg>") {
			t.Errorf("%s chart is not one svg element", name)
		}
	}
}

func TestChartScale(t *testing.T) {
	for n, want := range map[int]int{0: 4, 1: 4, 4: 4, 5: 8, 18: 20, 21: 40, 399: 400, 5000: 8000} {
		if got := niceCeil(n); got != want {
			t.Errorf("niceCeil(%d) = %d, want %d", n, got, want)
		}
	}
	// The tallest bar fills the plot (184 units) only when it is the scale.
	svg := string(groupedBars(wide, "t", []string{"a", "b"}, []barSeries{{Name: "x", Class: "s1", Data: []int{0, 8}}}))
	for _, m := range regexp.MustCompile(`<rect class="s1" x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height="([0-9.]+)"`).FindAllStringSubmatch(svg, -1) {
		if h, _ := strconv.ParseFloat(m[1], 64); h > 184 {
			t.Errorf("bar of height %v overflows the plot", h)
		}
	}
	if !strings.Contains(svg, `height="184.0"`) {
		t.Errorf("8 on a scale of 8 should fill the plot: %s", svg)
	}
}
