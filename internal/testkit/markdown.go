package testkit

import (
	_ "embed"
	"regexp"
	"strings"
)

//go:embed testdata/hostile-markdown.txt
var hostileMarkdown string

// HostileMarkdown is the corpus of text users may type to make markdown
// of what the robot shows others (testdata/hostile-markdown.txt): each
// entry with its line breaks.
func HostileMarkdown() []string {
	var out []string
	for _, l := range strings.Split(hostileMarkdown, "\n") {
		if l == "" || strings.HasPrefix(l, "//") {
			continue
		}
		out = append(out, strings.ReplaceAll(l, `\n`, "\n"))
	}
	return out
}

var markupChecks = []struct {
	name string
	re   *regexp.Regexp
}{
	{"link or image", regexp.MustCompile(`\[[^\]\n]*\]\s*[(\[]`)},
	{"task list", regexp.MustCompile(`(?m)^\s*[-+*]\s+\[[ xX]\]`)},
	{"link definition", regexp.MustCompile(`(?m)^\s*\[[^\]\n]+\]:`)},
	{"HTML, <font> or an autolink", regexp.MustCompile(`<[A-Za-z/!?]`)},
	{"entity", regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)},
	{"bold or emphasis", regexp.MustCompile(`\*|__`)},
	{"code", regexp.MustCompile("`")},
	{"strike-through", regexp.MustCompile(`~~`)},
	{"heading", regexp.MustCompile(`(?m)^[ \t]*#{1,6}([ \t]|$)`)},
	{"quote", regexp.MustCompile(`(?m)^[ \t]*>`)},
	{"rule, underline or table", regexp.MustCompile(`(?m)^[ \t|:]*[-=_][-=_ \t|:]*$`)},
}

// Markup lists the markdown constructs WeCom would render in md (links,
// images, HTML and <font>, entities, bold, code, strike-through, headings,
// quotes, rules and setext underlines, table rows): a text escaped to read
// as typed has none.
func Markup(md string) []string {
	var found []string
	for _, c := range markupChecks {
		if m := c.re.FindString(md); m != "" {
			found = append(found, c.name+" "+strings.TrimSpace(m))
		}
	}
	return found
}

// asTyped maps the full-width look-alikes safetybot.EscapeMarkdown puts in
// for markdown's marks back to them.
var asTyped = strings.NewReplacer("［", "[", "］", "]", "＜", "<", "＞", ">", "＊", "*", "｀", "`",
	"～", "~", "＆", "&", "＃", "#", "－", "-", "＝", "=", "＿", "_")

// Shown is md as a reader reads it once escaped: each look-alike the
// escaper put in read as the mark it stands for. A reply quoting a user's
// text read as typed has Shown(reply) containing that text.
func Shown(md string) string { return asTyped.Replace(md) }
