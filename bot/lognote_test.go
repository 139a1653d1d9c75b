package bot

import (
	"context"
	"strings"
	"testing"
)

// TestLogNote: under WithLogNote a successful command leaves its verb in
// the note and no "command" line; refusals and confidential commands log
// as without a note, and leave the note empty.
func TestLogNote(t *testing.T) {
	f := newFixture(t)
	handle := func(user, text string) (LogNote, string) {
		t.Helper()
		var n LogNote
		before := len(f.logs.String())
		if r := f.engine.Handle(WithLogNote(context.Background(), &n), Message{Source: "test", ChatType: ChatSingle, UserID: user, Text: text}); len(r) == 0 {
			t.Fatalf("%q: no reply", text)
		}
		return n, f.logs.String()[before:]
	}
	if n, logs := handle("admin", "帮助"); n.Cmd != "帮助" || logs != "" {
		t.Errorf("帮助: note %+v, logs %q", n, logs)
	}
	if n, logs := handle("lisi", "授权 lisi 管理员"); n.Cmd != "" || !strings.Contains(logs, "command refused") || !strings.Contains(logs, "cmd=授权") {
		t.Errorf("refused: note %+v, logs %q", n, logs)
	}
	f.say("admin", "授权 admin 受理人")
	if n, logs := handle("admin", "受理"); n.Cmd != "" || !strings.Contains(logs, "msg=command") || !strings.Contains(logs, "cmd=受理") {
		t.Errorf("confidential: note %+v, logs %q", n, logs)
	}
	before := len(f.logs.String())
	f.say("admin", "帮助")
	if logs := f.logs.String()[before:]; !strings.Contains(logs, "msg=command") || !strings.Contains(logs, "cmd=帮助") {
		t.Errorf("without a note: logs %q", logs)
	}
}
