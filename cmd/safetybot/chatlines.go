package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// A WeCom message may have several lines (a table pasted from WPS, a
// 授权 of several people), but chat read each line of stdin as a message
// of its own: a pasted table's header line alone registered a junk hazard
// (QA12 #4). chatMessages joins lines into one message two ways:
//
//   - a block: a line 「<<<」 opens it and a line 「>>>」 closes it, in a
//     terminal or in a script (EOF closes it too); ＜＜＜/＞＞＞ and
//     《《《/》》》 count too (isMarker);
//   - a paste, in a terminal only: lines that arrive within pasteWindow of
//     the one before are one message, as a paste delivers them at once and
//     no one types a line in that time. From a pipe or a file every line
//     arrives at once, so there each line stays a message of its own.
const (
	blockOpen   = "<<<"
	blockClose  = ">>>"
	pasteWindow = 40 * time.Millisecond
)

// markerWidths reads a line typed with a Chinese input method, where < and
// > come out full-width (＜＜＜) or as book-title marks (《《《), as the
// marker it means: typed so, a block was not opened and its lines went
// one by one (qa14 #9).
var markerWidths = strings.NewReplacer("＜", "<", "＞", ">", "《", "<", "》", ">")

// isMarker reports whether line is the block marker m (blockOpen or
// blockClose), in either width.
func isMarker(line, m string) bool {
	return markerWidths.Replace(strings.TrimSpace(line)) == m
}

// chatHint is told on stderr when a person types into a terminal.
const chatHint = "每行一条消息。多行消息（如从表格复制的几行）：直接粘贴即合为一条，或单独一行 <<< 开始、单独一行 >>> 结束。Ctrl-D 退出。"

type chatLine struct {
	text string
	err  error // the read failed; the last value sent
}

// readLines sends r's lines on the channel it returns, closed at EOF
// (after an error, if any). The goroutine ends with the input, or
// blocks in a read the process's exit ends.
func readLines(ctx context.Context, r io.Reader) <-chan chatLine {
	out := make(chan chatLine)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			select {
			case out <- chatLine{text: sc.Text()}:
			case <-ctx.Done():
				return
			}
		}
		if err := sc.Err(); err != nil {
			out <- chatLine{err: fmt.Errorf("reading stdin: %w", err)}
		}
	}()
	return out
}

// chatMessages calls send with each message read from r, joining a block's
// lines and, when paste is above zero, the lines of a paste (see above).
// Blank lines around a message are dropped; a message of nothing is not
// sent.
func chatMessages(ctx context.Context, r io.Reader, paste time.Duration, send func(string)) error {
	lines := readLines(ctx, r)
	emit := func(ls []string) {
		// Blank lines around it go; a line's own tabs stay (a pasted row
		// may begin with an empty cell).
		for len(ls) > 0 && strings.TrimSpace(ls[0]) == "" {
			ls = ls[1:]
		}
		for len(ls) > 0 && strings.TrimSpace(ls[len(ls)-1]) == "" {
			ls = ls[:len(ls)-1]
		}
		if len(ls) > 0 {
			send(strings.Join(ls, "\n"))
		}
	}
	for {
		var l chatLine
		var ok bool
		select {
		case l, ok = <-lines:
		case <-ctx.Done():
			return nil
		}
		switch {
		case !ok:
			return nil
		case l.err != nil:
			return l.err
		case isMarker(l.text, blockOpen):
			var block []string
			for {
				l, ok = <-lines
				if !ok || l.err != nil || isMarker(l.text, blockClose) {
					break
				}
				block = append(block, l.text)
			}
			emit(block)
			if l.err != nil {
				return l.err
			}
			if !ok {
				return nil
			}
		case paste > 0:
			msg := []string{l.text}
			more := true
			for more {
				select {
				case l, ok = <-lines:
					if !ok || l.err != nil {
						emit(msg)
						if l.err != nil {
							return l.err
						}
						return nil
					}
					msg = append(msg, l.text)
				case <-time.After(paste):
					more = false
				}
			}
			emit(msg)
		default:
			emit([]string{l.text})
		}
	}
}

// terminal reports whether r is a terminal (a person typing or pasting),
// not a pipe or a file.
func terminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
