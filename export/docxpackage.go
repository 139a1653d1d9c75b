package export

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/gomutex/godocx/docx"
)

// The parts of godocx's template (templates/default.docx, made with Word
// for Mac in Japanese) that are not ours to hand in: a preview picture of
// an empty page, a bibliography data store, and the Japanese fonts.
var templateLeftovers = []string{
	"docProps/thumbnail.jpeg",
	"customXml/item1.xml", "customXml/itemProps1.xml", "customXml/_rels/item1.xml.rels",
}

// japaneseFont is a font entry of the template's font table (ＭＳ 明朝,
// ＭＳ ゴシック).
var japaneseFont = regexp.MustCompile(`(?s)\s*<w:font w:name="ＭＳ [^"]*">.*?</w:font>`)

// cleanPackage removes the template's leftovers from doc: the thumbnail
// and the customXml parts with their relationships and content types, the
// Japanese fonts from the font table, and from the settings the request to
// save a preview and the Japanese theme language (East Asian theme fonts
// follow zh-CN, i.e. the theme's Hans fonts).
func cleanPackage(doc *docx.RootDoc) {
	for _, p := range templateLeftovers {
		doc.FileMap.Delete(p)
	}
	keep := doc.RootRels.Relationships[:0]
	for _, r := range doc.RootRels.Relationships {
		if !strings.HasSuffix(r.Type, "/thumbnail") {
			keep = append(keep, r)
		}
	}
	doc.RootRels.Relationships = keep
	keep = doc.Document.DocRels.Relationships[:0]
	for _, r := range doc.Document.DocRels.Relationships {
		if !strings.HasSuffix(r.Type, "/customXml") {
			keep = append(keep, r)
		}
	}
	doc.Document.DocRels.Relationships = keep
	over := doc.ContentType.Override[:0]
	for _, o := range doc.ContentType.Override {
		if !strings.HasPrefix(o.PartName, "/customXml/") {
			over = append(over, o)
		}
	}
	doc.ContentType.Override = over
	def := doc.ContentType.Default[:0]
	for _, d := range doc.ContentType.Default {
		if d.Extension != "jpeg" {
			def = append(def, d)
		}
	}
	doc.ContentType.Default = def
	if v, ok := doc.FileMap.Load("word/fontTable.xml"); ok {
		doc.FileMap.Store("word/fontTable.xml", japaneseFont.ReplaceAll(v.([]byte), nil))
	}
	if v, ok := doc.FileMap.Load("word/settings.xml"); ok {
		b := bytes.Replace(v.([]byte), []byte(`w:eastAsia="ja-JP"`), []byte(`w:eastAsia="zh-CN"`), 1)
		b = bytes.Replace(b, []byte("<w:savePreviewPicture/>"), nil, 1)
		doc.FileMap.Store("word/settings.xml", b)
	}
}

// appXML is the document's extended properties, ours and minimal: the
// application that wrote it, nothing Word would show as stale (pages,
// words, a template).
func appXML() []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
		`<Application>safetybot</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>` +
		`<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>`)
}
