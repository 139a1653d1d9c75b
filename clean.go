package safetybot

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// The one sanitiser of inbound WeCom payloads. Staff paste text from WPS or
// Word that carries characters XML 1.0 forbids (a group separator U+001D,
// a vertical tab, U+FFFE…). In an app callback they make the decrypted XML
// unparsable, and in the robot's JSON a raw control character makes the
// document invalid; refusing either loses the message (WeCom retries, then
// drops it). A correctly signed message is never refused for its content:
// transports clean the decrypted payload with these functions before parsing
// it, and the text after.

// IsXMLChar reports whether r may appear in an XML 1.0 document: the Char
// production of W3C XML 1.0 §2.2, #x9 | #xA | #xD | [#x20-#xD7FF] |
// [#xE000-#xFFFD] | [#x10000-#x10FFFF].
func IsXMLChar(r rune) bool {
	switch {
	case r < 0x20:
		return r == '\t' || r == '\n' || r == '\r'
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false // surrogates
	case r <= 0xFFFD:
		return true
	}
	return r >= 0x10000 && r <= utf8.MaxRune
}

// CleanText returns s with every character IsXMLChar refuses removed and
// each invalid UTF-8 sequence replaced by U+FFFD. A clean s is returned as
// is, without allocating.
func CleanText(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case IsXMLChar(r):
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// CleanXML is CleanText for a decrypted XML document (an app callback's
// message): the result parses wherever the input failed only for its
// characters. A clean b is returned as is.
func CleanXML(b []byte) []byte {
	if isClean(b) {
		return b
	}
	return []byte(CleanText(string(b)))
}

// isClean reports whether s is valid UTF-8 of XML characters only. It
// reads s in place: a decrypted message is mostly Chinese, and a string
// copy of it for the check would cost an allocation per callback.
func isClean[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return cleanFrom(s[i:])
		}
	}
	return true
}

func cleanFrom[T string | []byte](s T) bool {
	for i := 0; i < len(s); {
		// At most one rune's bytes are converted: a stack copy, not a heap one.
		r, n := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		if r == utf8.RuneError && n == 1 || !IsXMLChar(r) {
			return false
		}
		i += n
	}
	return true
}

// CleanJSON makes a decrypted JSON document (the intelligent robot's
// callback, a long-connection frame) decodable when only raw control
// characters spoil it (RFC 8259 §7 allows none inside strings): inside a
// string, a raw tab, newline or carriage return becomes its escape and any
// other control character (U+0000–U+001F) is dropped; outside strings, only
// JSON white space is kept. Everything else, including escapes such as
// \u001d, is left for CleanText on the decoded text. A b without control
// characters is returned as is.
func CleanJSON(b []byte) []byte {
	if !bytes.ContainsFunc(b, func(r rune) bool { return r < 0x20 }) {
		return b
	}
	out := make([]byte, 0, len(b)+8)
	inString, escaped := false, false
	for _, c := range b {
		switch {
		case c < 0x20:
			if !inString {
				if c == '\t' || c == '\n' || c == '\r' {
					out = append(out, c)
				}
				continue
			}
			if escaped { // a backslash before a control character: drop both
				out, escaped = out[:len(out)-1], false
			}
			switch c {
			case '\t':
				out = append(out, '\\', 't')
			case '\n':
				out = append(out, '\\', 'n')
			case '\r':
				out = append(out, '\\', 'r')
			}
			continue
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		}
		out = append(out, c)
	}
	return out
}
