package safetybot

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"上报 码头护栏缺失 领域:水上交通", "上报 码头护栏缺失 领域:水上交通"},
		{"上报 码头护栏\x1d缺失 领域:水上交通", "上报 码头护栏缺失 领域:水上交通"},
		{"a\x00b\x01c\x08d\x0be\x0cf\x1fg", "abcdefg"},
		{"keep\ttab\nline\rcr", "keep\ttab\nline\rcr"},
		{"a\uFFFEb\uFFFFc\uFFFDd", "abc\uFFFDd"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"\xed\xa0\x80surrogate", "\uFFFD\uFFFD\uFFFDsurrogate"},
		{"emoji 🚧 \U0010FFFF", "emoji 🚧 \U0010FFFF"},
		{"del\x7f kept", "del\x7f kept"},
		{"", ""},
	} {
		if got := CleanText(tc.in); got != tc.want {
			t.Errorf("CleanText(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := string(CleanXML([]byte(tc.in))); got != tc.want {
			t.Errorf("CleanXML(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCleanJSON(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"text":{"content":"上报 护栏缺失"}}`, "上报 护栏缺失"},
		{"{\"text\":{\"content\":\"上报 护栏\x1d缺失\"}}", "上报 护栏缺失"},
		{"{\"text\":{\"content\":\"两行\n文字\ttab\"}}", "两行\n文字\ttab"},
		{"{\"text\":{\"content\":\"a\\\x1db\"}}", "ab"},
		{"{\x1d\"text\":\n{\"content\":\"x\\\"\x00y\"}}", `x"y`},
		{`{"text":{"content":"escaped \u001d stays for CleanText"}}`, "escaped \x1d stays for CleanText"},
	} {
		out := CleanJSON([]byte(tc.in))
		var v struct {
			Text struct {
				Content string `json:"content"`
			} `json:"text"`
		}
		if err := json.Unmarshal(out, &v); err != nil || v.Text.Content != tc.want {
			t.Errorf("CleanJSON(%q) = %q: %q, %v; want %q", tc.in, out, v.Text.Content, err, tc.want)
		}
	}
}

// FuzzClean: whatever the input, CleanText leaves valid UTF-8 of XML
// characters only, keeps clean input as is, is idempotent, and its result
// inside CDATA parses as XML; CleanJSON keeps valid JSON's meaning and turns
// a string holding raw control characters into a valid document.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"上报 码头护栏\x1d缺失 领域:水上交通", "a\x00b", "\uFFFE", "\xed\xa0\x80", "tab\tnl\n", `q"\`, "\\\x1d", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := CleanText(s)
		if !utf8.ValidString(c) || strings.ContainsFunc(c, func(r rune) bool { return !IsXMLChar(r) }) {
			t.Fatalf("CleanText(%q) = %q keeps a forbidden character", s, c)
		}
		if CleanText(c) != c {
			t.Fatalf("not idempotent: %q → %q → %q", s, c, CleanText(c))
		}
		if isClean(s) && c != s {
			t.Fatalf("clean input changed: %q → %q", s, c)
		}
		doc := "<xml><Content><![CDATA[" + strings.ReplaceAll(c, "]]>", "]]]]><![CDATA[>") + "]]></Content></xml>"
		var m struct{ Content string }
		if err := xml.Unmarshal(CleanXML([]byte(doc)), &m); err != nil {
			t.Fatalf("cleaned CDATA of %q does not parse: %v", s, err)
		}

		if json.Valid([]byte(s)) {
			var a, b any
			json.Unmarshal([]byte(s), &a)
			if err := json.Unmarshal(CleanJSON([]byte(s)), &b); err != nil {
				t.Fatalf("CleanJSON broke valid JSON %q: %v", s, err)
			}
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			if string(ja) != string(jb) {
				t.Fatalf("CleanJSON changed valid JSON %q: %s vs %s", s, ja, jb)
			}
		}
		// s as a string literal escaped only for quotes and backslashes,
		// control characters left raw, as a careless producer writes it.
		lit := `{"content":"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(strings.ToValidUTF8(s, "")) + `"}`
		if !json.Valid(CleanJSON([]byte(lit))) {
			t.Fatalf("CleanJSON(%q) = %q is not valid JSON", lit, CleanJSON([]byte(lit)))
		}
	})
}
