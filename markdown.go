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

// mdInert gives the full-width form, which reads the same to a Chinese
// reader, of each character WeCom markdown reads as markup: links and
// images ([ ]), HTML and <font> (< >, and & for an entity a renderer might
// decode into one), bold (*, and __ but not a single _, which userids
// hold), code (`) and strike-through or a fence (~). One rune for one
// keeps a text's length and its line breaks.
var mdInert = [128]string{'[': "［", ']': "］", '<': "＜", '>': "＞", '*': "＊", '`': "｀", '~': "～", '&': "＆", '_': "＿"}

// inertMarks are the bytes writeInert looks at.
const inertMarks = "[]<>*`~&_"

// writeInert writes s to b with its marks made inert (mdInert). The marks
// are ASCII, so no byte of a multi-byte character is taken for one.
func writeInert(b *strings.Builder, s string) {
	for {
		i := strings.IndexAny(s, inertMarks)
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		switch c := s[i]; {
		case c != '_':
			b.WriteString(mdInert[c])
		case i+1 < len(s) && s[i+1] == '_':
			b.WriteString("＿＿")
			i++
		default:
			b.WriteByte('_')
		}
		s = s[i+1:]
	}
}

// MarkdownText makes text someone typed (a hazard's description, a unit,
// a name) safe to place inside a line of WeCom markdown: anyone may report a
// hazard, and the digest goes to the leaders, so 「[通知](http://…)」 in a
// description must not become a link there, nor ** or <font> change how the
// digest looks. The link, bold, code and font marks become full-width
// look-alikes; a line break is the caller's to remove (OneLine).
func MarkdownText(s string) string {
	if !strings.ContainsAny(s, inertMarks) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	writeInert(&b, s)
	return b.String()
}

// EscapeMarkdown makes a plain-text reply safe to send where WeCom renders
// markdown (the intelligent robot's streams, response_url and proactive
// pushes), so that it reads as it would as a text message: a reply quotes
// what users typed (a hazard's description, a unit, a name, a tip), and
// 「[点我](http://…)」, ** or <font> in it must not become a link or
// formatting on someone else's screen, nor the app's own 「<编号>」 vanish
// as a tag. Besides the marks MarkdownText makes inert, a line that would
// open a heading ("# ", WeCom's form: # then a space) or be a rule or a
// heading's underline (---, ===, |---|) loses the first mark. Line breaks
// and every other character stay as they are, rune for rune.
func EscapeMarkdown(s string) string {
	if !strings.ContainsAny(s, mdMarks) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for s != "" {
		end := strings.IndexAny(s, "\r\n")
		if end < 0 {
			end = len(s)
		} else {
			end++
		}
		writeEscapedLine(&b, s[:end])
		s = s[end:]
	}
	return b.String()
}

// mdMarks are the characters EscapeMarkdown may change: a text without any
// is returned as it is.
const mdMarks = inertMarks + "#-="

// writeEscapedLine writes one line (with its line break, if any) escaped
// for EscapeMarkdown.
func writeEscapedLine(b *strings.Builder, l string) {
	body := strings.TrimLeft(l, " \t")
	b.WriteString(l[:len(l)-len(body)])
	text := strings.TrimRight(body, " \t\r\n")
	switch {
	case strings.HasPrefix(text, "#") && (len(text) == 1 || strings.IndexByte(" \t#", text[1]) >= 0):
		b.WriteString("＃")
		body = body[1:]
	case strings.ContainsAny(text, "-=_") && strings.Trim(text, "-=_|: \t") == "":
		i := strings.IndexAny(body, "-=_")
		b.WriteString(body[:i]) // spaces, | and : only
		b.WriteString(mdRule[body[i]])
		body = body[i+1:]
	}
	writeInert(b, body)
}

// mdRule gives the full-width form of a rule's or an underline's mark.
var mdRule = [128]string{'-': "－", '=': "＝", '_': "＿"}
