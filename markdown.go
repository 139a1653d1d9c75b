package safetybot

import (
	"regexp"
	"strings"
)

var (
	mdLink = regexp.MustCompile(`\[([^\]\n]*)\]\(([^)\s]+)\)`)
	mdFont = regexp.MustCompile(`</?font[^>]*>`)
)

// PlainText turns WeCom markdown (the subset of developer doc 90236:
// headings, **bold**, [text](url), `code`, > quotes, <font color>) into
// plain text for readers who cannot see markdown: the WeChat plugin
// (微信插件) shows a markdown message as nothing, and a text message keeps
// the marks literally. Headings and bold lose their marks, a link becomes
// "text（url）", a quoted line becomes a "· " item. Text without markdown
// comes back unchanged.
func PlainText(md string) string {
	lines := strings.Split(md, "\n")
	for i, l := range lines {
		if t := strings.TrimLeft(l, "#"); len(t) < len(l) && len(l)-len(t) <= 6 && strings.HasPrefix(t, " ") {
			l = strings.TrimPrefix(t, " ")
		}
		if rest, ok := strings.CutPrefix(l, ">"); ok {
			l = "· " + strings.TrimPrefix(rest, " ")
		}
		l = strings.ReplaceAll(l, "**", "")
		l = mdFont.ReplaceAllString(l, "")
		l = mdLink.ReplaceAllString(l, "$1（$2）")
		l = strings.ReplaceAll(l, "`", "")
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// mdInert replaces the characters WeCom markdown reads as markup with their
// full-width forms, which read the same to a Chinese reader.
var mdInert = strings.NewReplacer(
	"[", "［", "]", "］", "<", "＜", ">", "＞", "*", "＊", "`", "｀",
)

// MarkdownText makes text someone typed (a hazard's description, a unit,
// a name) safe to place inside a line of WeCom markdown: anyone may report a
// hazard, and the digest goes to the leaders, so 「[通知](http://…)」 in a
// description must not become a link there, nor ** or <font> change how the
// digest looks. The link, bold, code and font marks become full-width
// look-alikes; a line break is the caller's to remove (OneLine).
func MarkdownText(s string) string { return mdInert.Replace(s) }
