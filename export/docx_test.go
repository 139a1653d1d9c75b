package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"regexp"
	"strings"
	"testing"
	"time"

	"safetybot/export"
)

// readDOCX opens b as an OOXML package, checks the parts a Word document
// needs and the official layout, and returns the document's text: one
// line per paragraph, the cells of a table row joined by "|".
func readDOCX(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip package: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	for _, p := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml", "word/footer1.xml"} {
		if parts[p] == nil {
			t.Fatalf("package lacks %s", p)
		}
	}
	ct := string(parts["[Content_Types].xml"])
	for _, want := range []string{"wordprocessingml.document.main+xml", `PartName="/word/footer1.xml"`} {
		if !strings.Contains(ct, want) {
			t.Errorf("[Content_Types].xml lacks %s", want)
		}
	}
	// Every XML part is well formed.
	for name, data := range parts {
		if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") {
			continue
		}
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
	doc := string(parts["word/document.xml"])
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"`, `w:top="2098"`, `w:bottom="1984"`, `w:left="1587"`, `w:right="1474"`,
		`w:eastAsia="方正小标宋简体"`, `w:eastAsia="仿宋_GB2312"`, `<w:sz w:val="32">`, `<w:tblHeader`, `w:footerReference`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(string(parts["word/footer1.xml"]), "PAGE") {
		t.Error("footer has no page number field")
	}
	if !strings.Contains(string(parts["word/fontTable.xml"]), `<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>`) {
		t.Error("the title font has no 宋体 fall-back")
	}
	// Nothing of the library's template is left (QA 11 §9): no preview
	// picture, no bibliography store, no Japanese fonts, no Word for Mac.
	for name := range parts {
		if strings.HasPrefix(name, "customXml/") || strings.HasSuffix(name, ".jpeg") {
			t.Errorf("package holds the template's %s", name)
		}
	}
	app := string(parts["docProps/app.xml"])
	if !strings.Contains(app, "<Application>safetybot</Application>") || strings.Contains(app, "Microsoft") || strings.Contains(app, "<Pages>") {
		t.Errorf("docProps/app.xml is not ours: %s", app)
	}
	for _, part := range []string{"word/fontTable.xml", "word/settings.xml", "[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"} {
		for _, bad := range []string{"ＭＳ", "ja-JP", "thumbnail", "customXml", "savePreviewPicture"} {
			if strings.Contains(string(parts[part]), bad) {
				t.Errorf("%s still names %s", part, bad)
			}
		}
	}
	// Every relationship points at a part of the package.
	for _, rels := range []struct{ name, dir string }{{"_rels/.rels", ""}, {"word/_rels/document.xml.rels", "word/"}} {
		for _, m := range regexp.MustCompile(`Target="([^"]+)"`).FindAllStringSubmatch(string(parts[rels.name]), -1) {
			if target := path.Clean(rels.dir + m[1]); parts[target] == nil {
				t.Errorf("%s points at %s, which is not in the package", rels.name, target)
			}
		}
	}
	// No table row splits across pages.
	if rows, kept := strings.Count(doc, "<w:tr>")+strings.Count(doc, "<w:tr "), strings.Count(doc, "<w:cantSplit"); rows == 0 && strings.Contains(doc, "<w:tbl>") || kept < rows {
		t.Errorf("%d table rows, %d of them kept on one page", rows, kept)
	}
	return docxText(t, parts["word/document.xml"])
}

// docxPart is one part of a package.
func docxPart(t *testing.T, b []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, _ := io.ReadAll(rc)
	return string(data)
}

// docxText walks document.xml: w:t text, paragraphs ended by newlines,
// table cells joined by "|".
func docxText(t *testing.T, data []byte) string {
	var b, row strings.Builder
	var cells []string
	inCell := false
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "tc":
				inCell = true
				row.Reset()
			case "t":
				var s string
				if err := d.DecodeElement(&s, &e); err != nil {
					t.Fatal(err)
				}
				if inCell {
					row.WriteString(s)
				} else {
					b.WriteString(s)
				}
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "tc":
				inCell = false
				cells = append(cells, row.String())
			case "tr":
				b.WriteString(strings.Join(cells, "|") + "\n")
				cells = nil
			case "p":
				if !inCell {
					b.WriteString("\n")
				}
			}
		}
	}
	return b.String()
}

func TestDOCXNumbersHeadingsAndKeepsText(t *testing.T) {
	d := &export.Doc{Title: "标题 <&>", Subtitle: "（草稿）", Note: "说明"}
	d.H1("第一部分")
	d.H2("第一节")
	d.H3("第一点")
	d.H3("第二点")
	d.H2("第二节")
	d.P("正文%d项", 12)
	d.T(&export.Table{Caption: "表1　数字", Header: []string{"指标", "数值"}, Rows: [][]string{{"登记", "12"}, {"=1+1", "3"}}})
	d.Landscape(true)
	d.T(&export.Table{Caption: "表2　宽表", Header: []string{"甲", "乙"}, Rows: [][]string{{"横排", "1"}}})
	d.Landscape(false)
	d.P("表后正文")
	for i := 0; i < 10; i++ {
		d.H1("又一部分")
	}
	var b bytes.Buffer
	if err := export.WriteDOCX(&b, d, time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	text := readDOCX(t, b.Bytes())
	// The wide table sits in a landscape section; the text after it is
	// back on portrait pages (the body's own section).
	doc := docxPart(t, b.Bytes(), "word/document.xml")
	land := strings.Index(doc, `w:orient="landscape"`)
	if land < 0 || land < strings.Index(doc, "横排") || land > strings.Index(doc, "表后正文") ||
		!strings.Contains(doc[strings.LastIndex(doc, "<w:sectPr"):], `w:orient="portrait"`) || strings.Count(doc, "<w:sectPr") != 3 {
		t.Errorf("sections around the landscape table are wrong")
	}
	for _, want := range []string{"标题 <&>\n", "一、第一部分\n", "（一）第一节\n", "1.第一点\n", "2.第二点\n", "（二）第二节\n",
		"正文12项\n", "表1　数字\n", "指标|数值\n", "登记|12\n", "=1+1|3\n", "十一、又一部分\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}
