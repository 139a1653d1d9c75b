package main

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"safetybot/internal/storetest"
)

// TestChatMessages: chat's stdin is one message a line, but a block between
// lines <<< and >>> is one message (QA12 #4: a pasted table's header line
// alone registered a junk hazard, and a 授权 of several lines could not be
// tried); blank lines around a message go, a row's leading tab stays.
func TestChatMessages(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"a line each", "上报 护栏缺失\n\n隐患\n", []string{"上报 护栏缺失", "隐患"}},
		{"a block", "<<<\n授权 wang 工作人员\nzhao 领导\n>>>\n隐患\n", []string{"授权 wang 工作人员\nzhao 领导", "隐患"}},
		{"a block's blank edges and tabs", "<<<\n\n上报\t隐患名称\t领域\n\t护栏缺失\t公路运营\n\n>>>\n", []string{"上报\t隐患名称\t领域\n\t护栏缺失\t公路运营"}},
		{"a block EOF closes", "隐患\n <<< \n授权 wang 工作人员\nzhao 领导", []string{"隐患", "授权 wang 工作人员\nzhao 领导"}},
		{"an empty block", "<<<\n>>>\n帮助\n", []string{"帮助"}},
		// Typed with a Chinese input method (qa14 #9: not markers).
		{"a full-width block", "＜＜＜\n授权 wang 工作人员\nzhao 领导\n＞＞＞\n隐患\n", []string{"授权 wang 工作人员\nzhao 领导", "隐患"}},
		{"a 《《《 block", "《《《\n授权 wang 工作人员\nzhao 领导\n》》》\n隐患\n", []string{"授权 wang 工作人员\nzhao 领导", "隐患"}},
		{"a full-width open, half-width close", " ＜＜＜ \n授权 wang 工作人员\nzhao 领导\n>>>\n", []string{"授权 wang 工作人员\nzhao 领导"}},
		{"marks inside a line are text", "上报 《《《护栏》》》\n", []string{"上报 《《《护栏》》》"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			if err := chatMessages(context.Background(), strings.NewReader(tc.in), 0, func(s string) { got = append(got, s) }); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("messages %q, want %q", got, tc.want)
			}
		})
	}
}

// TestChatPasteIsOneMessage: in a terminal, lines that arrive together (a
// paste) are one message; a line typed later is the next one.
func TestChatPasteIsOneMessage(t *testing.T) {
	r, w := io.Pipe()
	go func() {
		io.WriteString(w, "授权 wang 工作人员\nzhao 领导\n")
		time.Sleep(600 * time.Millisecond) // a person typing the next line
		io.WriteString(w, "隐患\n")
		w.Close()
	}()
	var got []string
	if err := chatMessages(context.Background(), r, 150*time.Millisecond, func(s string) { got = append(got, s) }); err != nil {
		t.Fatal(err)
	}
	if want := []string{"授权 wang 工作人员\nzhao 领导", "隐患"}; !slices.Equal(got, want) {
		t.Errorf("messages %q, want %q", got, want)
	}
}

// TestChatBlockGrantsSeveral: the README's 一次授权多人 tried in a terminal.
func TestChatBlockGrantsSeveral(t *testing.T) {
	db := storetest.File(t)
	out := chatAs(t, db, "admin", "<<<\n授权 wang 工作人员\nzhao 领导\n>>>\n")
	if !strings.Contains(out, "wang") || !strings.Contains(out, "zhao") || strings.Contains(out, "未识别") {
		t.Errorf("block 授权:\n%s", out)
	}
	if out := chatAs(t, db, "admin", "授权\n"); !strings.Contains(out, "zhao") || !strings.Contains(out, "领导") {
		t.Errorf("grants after the block:\n%s", out)
	}
}
