package sender

import (
	"strings"
	"unicode/utf8"
)

// Split cuts text into parts of at most limit bytes each, for WeCom's byte
// limits (text 2048, markdown 2048 for the app, 4096 for a group robot; a
// Chinese character is 3 bytes in UTF-8). It cuts between lines where it
// can, and inside an over-long line only between runes, never inside one.
// Joining the parts with "\n" gives back the text, except that the newline
// at each cut between lines is dropped and trailing newlines are trimmed.
func Split(text string, limit int) []string {
	text = strings.TrimRight(text, "\n")
	if limit < utf8.UTFMax {
		limit = utf8.UTFMax
	}
	if len(text) <= limit {
		return []string{text}
	}
	var parts []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			parts = append(parts, cur.String())
			cur.Reset()
		}
	}
	for line := range strings.SplitSeq(text, "\n") {
		need := len(line)
		if cur.Len() > 0 {
			need++ // the newline joining it to cur
		}
		if cur.Len()+need <= limit {
			if cur.Len() > 0 {
				cur.WriteByte('\n')
			}
			cur.WriteString(line)
			continue
		}
		flush()
		for len(line) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			parts = append(parts, line[:cut])
			line = line[cut:]
		}
		cur.WriteString(line)
	}
	flush()
	if len(parts) == 0 {
		parts = []string{""}
	}
	return parts
}
