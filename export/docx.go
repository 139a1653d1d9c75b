package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"

	"safetybot"
)

// ContentTypeDOCX is the MIME type of a Word document.
const ContentTypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// The layout of GB/T 9704-2012 (党政机关公文格式), in twentieths of a point
// (twips; 1 mm = 56.7 twips) and half-points for sizes.
const (
	a4Width, a4Height = 11906, 16838 // 210 × 297 mm
	marginTop         = 2098         // 37 mm (天头)
	marginBottom      = 1984         // 35 mm
	marginLeft        = 1587         // 28 mm (订口)
	marginRight       = 1474         // 26 mm
	footerDistance    = 992          // 17.5 mm: the page number sits 7 mm below the text area
	lineExact         = 560          // 28 pt fixed line spacing: 22 lines a page
	sizeTitle         = 44           // 二号, 22 pt
	sizeBody          = 32           // 三号, 16 pt
	sizeTable         = 24           // 小四, 12 pt
	sizeSmallTable    = 21           // 五号, 10.5 pt
	sizePageNumber    = 28           // 四号, 14 pt
)

// Fonts of the official style. Word substitutes the altName a computer has
// when the named font is missing (方正小标宋简体 is not on every desk).
const (
	fontTitle = "方正小标宋简体"
	fontBody  = "仿宋_GB2312"
	fontH1    = "黑体"
	fontH2    = "楷体_GB2312"
	fontPage  = "宋体"
)

var fontAlt = []struct{ name, alt string }{
	{fontTitle, "宋体"}, {fontBody, "仿宋"}, {fontH2, "楷体"}, {fontH1, "SimHei"},
}

// WriteDOCX writes d as a Word document (OOXML .docx) in the official
// style: A4 with GB/T 9704 margins, the title in 方正小标宋简体 二号 (宋体
// where missing), body text in 仿宋_GB2312 三号 with a 28 pt line, headings
// 一、 in 黑体, （一） in 楷体, 1. in bold 仿宋, figures in ruled tables with
// a repeated header row, and the page number "— N —" centred in the
// footer. Landscape blocks get landscape pages of their own, with the
// margins turned. generated is the document's creation time in its properties.
// It fails only with w's error.
func WriteDOCX(w io.Writer, d *Doc, generated time.Time) error {
	doc, err := godocx.NewDocument()
	if err != nil {
		return fmt.Errorf("docx template: %w", err)
	}
	para(doc, d.Title, fontTitle, sizeTitle, stypes.JustificationCenter, false, false)
	if d.Subtitle != "" {
		para(doc, d.Subtitle, fontH2, sizeBody, stypes.JustificationCenter, false, false)
	}
	if d.Note != "" {
		para(doc, d.Note, fontH2, sizeBody, stypes.JustificationBoth, true, false)
	}
	footer := addFooter(doc)
	landscape := false
	for _, b := range d.Blocks {
		if b.Landscape != landscape {
			// A section break: the paragraph ending a section carries its
			// page settings.
			p := doc.AddEmptyParagraph().GetCT()
			p.Property = &ctypes.ParagraphProp{SectPr: section(footer, landscape)}
			landscape = b.Landscape
		}
		switch b.Kind {
		case BlockH1:
			para(doc, b.Text, fontH1, sizeBody, stypes.JustificationLeft, true, false).keepNext()
		case BlockH2:
			para(doc, b.Text, fontH2, sizeBody, stypes.JustificationLeft, true, false).keepNext()
		case BlockH3:
			para(doc, b.Text, fontBody, sizeBody, stypes.JustificationLeft, true, true).keepNext()
		case BlockPara:
			para(doc, b.Text, fontBody, sizeBody, stypes.JustificationBoth, true, false)
		case BlockTable:
			table(doc, b.Table, b.Landscape)
		}
	}
	doc.Document.Body.SectPr = section(footer, landscape)
	layout(doc, d.Title, generated)
	return doc.Write(w)
}

type paragraph struct{ ct *ctypes.Paragraph }

func (p paragraph) keepNext() { p.ct.Property.KeepNext = ctypes.OnOffFromBool(true) }

// para adds a paragraph of one run: font (all scripts), size in
// half-points, alignment, a two-character first-line indent, bold.
func para(doc *docx.RootDoc, text, font string, size uint64, jc stypes.Justification, indent, bold bool) paragraph {
	p := doc.AddEmptyParagraph().GetCT()
	styleParagraph(p, text, font, size, jc, indent, bold, true)
	return paragraph{p}
}

func styleParagraph(p *ctypes.Paragraph, text, font string, size uint64, jc stypes.Justification, indent, bold, exact bool) {
	line, rule := lineExact, stypes.LineSpacingRuleExact
	if !exact {
		line, rule = 240, stypes.LineSpacingRuleAuto // single, for table cells
	}
	zero := uint64(0)
	p.Property = &ctypes.ParagraphProp{
		Spacing:       &ctypes.Spacing{Before: &zero, After: &zero, Line: &line, LineRule: &rule},
		Justification: ctypes.NewGenSingleStrVal(jc),
	}
	if size == sizeTitle {
		// The title's two lines are as tall as its size needs.
		atLeast, l := stypes.LineSpacingRuleAtLeast, 700
		p.Property.Spacing.Line, p.Property.Spacing.LineRule = &l, &atLeast
	}
	if indent {
		chars, twips := 200, 2*size*10 // two characters: size is in half-points, a twip a twentieth
		p.Property.Indent = &ctypes.Indent{FirstLineChars: &chars, FirstLine: &twips}
	}
	props := &ctypes.RunProperty{
		Fonts:  &ctypes.RunFonts{Ascii: font, HAnsi: font, EastAsia: font, CS: font, Hint: stypes.FontTypeHintEastAsia},
		Size:   ctypes.NewFontSize(size),
		SizeCs: ctypes.NewFontSizeCS(size),
	}
	if bold {
		props.Bold = ctypes.OnOffFromBool(true)
	}
	p.Children = []ctypes.ParagraphChild{{Run: &ctypes.Run{Property: props, Children: []ctypes.RunChild{{Text: ctypes.TextFromString(text)}}}}}
}

// table adds t's caption (centred, 黑体) and a ruled table the width of the
// text (of a landscape page if landscape), its header row bold and
// repeated on every page.
func table(doc *docx.RootDoc, t *Table, landscape bool) {
	if t.Caption != "" {
		para(doc, t.Caption, fontH1, sizeTable, stypes.JustificationCenter, false, false).keepNext()
	}
	size := uint64(sizeTable)
	if t.Small {
		size = sizeSmallTable
	}
	tb := doc.AddTable()
	tb.Style("TableGrid")
	tb.Width(5000, stypes.TableWidthPct)
	text := textTwips
	if landscape {
		text = landscapeTextTwips
	}
	widths := columnTwips(t, size, text)
	tb.Grid(widths...)
	add := func(cells []string, header bool) {
		row := tb.AddRow()
		rows := tb.GetCT().RowContents
		ct := rows[len(rows)-1].Row
		if ct.Property == nil {
			ct.Property = &ctypes.RowProperty{}
		}
		// No row is split across pages: a task's row of the 自查自评 table
		// reads as one on the page it starts.
		ct.Property.CantSplit = ctypes.OnOffFromBool(true)
		if header {
			ct.Property.Header = ctypes.OnOffFromBool(true)
		}
		for i, c := range cells {
			jc := stypes.JustificationCenter
			if !header && i > 0 && len([]rune(c)) > 8 {
				jc = stypes.JustificationLeft // long text reads better flush left
			}
			cell := row.AddCell()
			if i < len(widths) {
				cell.Width(int(widths[i]), stypes.TableWidthDxa)
			}
			p := cell.AddParagraph("").GetCT()
			styleParagraph(p, c, fontBody, size, jc, false, header, false)
		}
	}
	add(t.Header, true)
	for _, r := range t.Rows {
		add(r, false)
	}
	// A table must be followed by a paragraph before the next table.
	para(doc, "", fontBody, sizeBody, stypes.JustificationLeft, false, false)
}

// textTwips is the width of the text block: A4 less the side margins;
// landscapeTextTwips the same on a landscape page, whose top margin (the
// binding edge turned) and bottom are the portrait's left and right.
const (
	textTwips          = a4Width - marginLeft - marginRight
	landscapeTextTwips = a4Height - marginTop - marginBottom
)

// columnTwips shares the text width among t's columns, printed at size
// (half-points): a column whose longest cell is short (a figure, a date,
// up to 12 Latin characters or 6 CJK) gets room for it on one line; the
// long ones share what is left by their length, and wrap.
func columnTwips(t *Table, size uint64, textTwips int) []uint64 {
	const short, pad = 12, 300 // width units; twips of cell margins and borders
	unit := int(size) * 6      // twips a Latin digit takes, with room: a CJK character is 10 × size
	need := make([]int, len(t.Header))
	for i, h := range t.Header {
		need[i] = max(4, (textWidth(h)+1)/2) // a header may wrap onto two lines
	}
	for _, r := range t.Rows {
		for i, c := range r {
			if i < len(need) {
				need[i] = max(need[i], min(textWidth(c), 40))
			}
		}
	}
	out := make([]uint64, len(need))
	left, long := textTwips, 0
	for i, n := range need {
		if n <= short {
			out[i] = uint64((n+2)*unit + pad) // two more: digits are wider in some fonts
			left -= int(out[i])
		} else {
			long += n
		}
	}
	for i, n := range need {
		if n > short {
			out[i] = uint64(max(left*n/long, short*unit+pad))
		}
	}
	return out
}

// addFooter adds the footer part with the page number and returns its
// relationship id.
func addFooter(doc *docx.RootDoc) string {
	rel := fmt.Sprintf("rId%d", doc.Document.IncRelationID())
	doc.Document.DocRels.Relationships = append(doc.Document.DocRels.Relationships, &docx.Relationship{
		ID: rel, Type: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer", Target: "footer1.xml",
	})
	doc.ContentType.AddOverride("/word/footer1.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml")
	doc.FileMap.Store("word/footer1.xml", footerXML())
	return rel
}

// section is a section's page: A4 portrait with the GB/T 9704 margins, or
// landscape (for a wide table, as GB/T 9704 §10.2 allows) with the margins
// turned, the footer with the page number in both.
func section(footer string, landscape bool) *ctypes.SectionProp {
	w, h := uint64(a4Width), uint64(a4Height)
	top, bottom, left, right, foot, header, gutter := marginTop, marginBottom, marginLeft, marginRight, footerDistance, 851, 0
	orient := stypes.PageOrientPortrait
	if landscape {
		w, h = h, w
		top, bottom, left, right = marginLeft, marginRight, marginTop, marginBottom
		orient = stypes.PageOrientLandscape
	}
	return &ctypes.SectionProp{
		FooterReference: &ctypes.FooterReference{Type: stypes.HdrFtrDefault, ID: footer},
		PageSize:        &ctypes.PageSize{Width: &w, Height: &h, Orient: orient},
		PageMargin:      &ctypes.PageMargin{Top: &top, Bottom: &bottom, Left: &left, Right: &right, Header: &header, Footer: &foot, Gutter: &gutter},
	}
}

// layout sets the fonts' fall-backs and the document's properties, and
// clears the library template's leftovers (cleanPackage).
func layout(doc *docx.RootDoc, title string, generated time.Time) {
	cleanPackage(doc)
	if v, ok := doc.FileMap.Load("word/fontTable.xml"); ok {
		doc.FileMap.Store("word/fontTable.xml", withFontAlternates(v.([]byte)))
	}
	doc.FileMap.Store("docProps/core.xml", coreXML(title, generated))
	doc.FileMap.Store("docProps/app.xml", appXML())
}

// footerXML is the footer: "— PAGE —" in 宋体 四号, centred.
func footerXML() []byte {
	run := func(inner string) string {
		return `<w:r><w:rPr><w:rFonts w:ascii="` + fontPage + `" w:hAnsi="` + fontPage + `" w:eastAsia="` + fontPage + `"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>` + inner + `</w:r>`
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>`)
	b.WriteString(run(`<w:t xml:space="preserve">— </w:t>`))
	b.WriteString(run(`<w:fldChar w:fldCharType="begin"/>`))
	b.WriteString(run(`<w:instrText xml:space="preserve"> PAGE </w:instrText>`))
	b.WriteString(run(`<w:fldChar w:fldCharType="separate"/>`))
	b.WriteString(run(`<w:t>1</w:t>`))
	b.WriteString(run(`<w:fldChar w:fldCharType="end"/>`))
	b.WriteString(run(`<w:t xml:space="preserve"> —</w:t>`))
	b.WriteString(`</w:p></w:ftr>`)
	_ = sizePageNumber // the footer's w:sz above
	return []byte(b.String())
}

// withFontAlternates declares the official fonts in the font table with
// the common font Word should use where they are not installed.
func withFontAlternates(table []byte) []byte {
	var add strings.Builder
	for _, f := range fontAlt {
		if bytes.Contains(table, []byte(`w:name="`+f.name+`"`)) {
			continue
		}
		fmt.Fprintf(&add, `<w:font w:name="%s"><w:altName w:val="%s"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`, f.name, f.alt)
	}
	return bytes.Replace(table, []byte("</w:fonts>"), []byte(add.String()+"</w:fonts>"), 1)
}

// coreXML is the document's properties: its title, safetybot as author.
func coreXML(title string, generated time.Time) []byte {
	var esc bytes.Buffer
	xml.EscapeText(&esc, []byte(title))
	ts := generated.UTC().Format("2006-01-02T15:04:05Z")
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc.String() + `</dc:title><dc:creator>safetybot</dc:creator><cp:lastModifiedBy>safetybot</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:modified></cp:coreProperties>`)
}

// PlanPeriod is the campaign's span: the first phase's start to the last
// phase's end (2024-01-01 … 2026-12-31 for the built-in plan). ok is false
// for a plan without phases.
func PlanPeriod(phases []safetybot.Phase) (from, to safetybot.Date, ok bool) {
	for _, ph := range phases {
		if ph.Start != "" && (from == "" || ph.Start < from) {
			from = ph.Start
		}
		if ph.End != "" && ph.End > to {
			to = ph.End
		}
	}
	return from, to, from != "" && to != ""
}

// WriteReport writes a as a Word document (FormatDOCX) or a workbook
// (FormatXLSX). It fails on another format and with w's error.
func WriteReport(w io.Writer, format string, a *Annual) error {
	switch format {
	case FormatDOCX:
		return WriteDOCX(w, a.Document(), a.Generated)
	case FormatXLSX:
		return WriteAnnualXLSX(w, a)
	}
	return fmt.Errorf("unknown report format %q: use docx or xlsx", format)
}
