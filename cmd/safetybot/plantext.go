package main

import (
	"bytes"
	"io"
	"os"
	"unicode/utf8"
)

// plainTextLine reports the line where a plan file that is not JSON at all
// begins its text: valid UTF-8 whose first character, after a byte-order
// mark and white space, opens no JSON object. Such a file is a plan's
// wording (the bureau's 方案 as a .txt or pasted from Word), and 「JSON 格式
// 错误：此处应为一个值」 does not tell its sender what to do; 0 when the
// file looks like JSON or cannot be read (the parser's reason stands).
func plainTextLine(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf"))
	line := 1
	for i := 0; i < len(head); {
		r, size := utf8.DecodeRune(head[i:])
		switch {
		case r == '\n':
			line++
		case r == ' ' || r == '\t' || r == '\r' || r == '\u3000':
		case r == '{' || r == '[':
			return 0
		case r == utf8.RuneError && size <= 1:
			return 0 // not UTF-8: the parser names the encoding
		default:
			return line
		}
		i += size
	}
	return 0
}
