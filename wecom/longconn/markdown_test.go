package longconn_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"safetybot/internal/testkit"
	"safetybot/wecom/wecomtest"
)

// TestLongConnShowsWhatOthersTypedAsTyped: over the long connection, as over
// the webhook, a hazard's description with a link, bold, a heading,
// <font>… (testdata/hostile-markdown.txt) reaches the leader who asks for
// it as typed: the stream is markdown, so the plain reply is escaped.
func TestLongConnShowsWhatOthersTypedAsTyped(t *testing.T) {
	f := newFixture(t, nil)
	f.start()
	say := func(m wecomtest.WSMessage) string {
		t.Helper()
		reqID, err := f.fake.PushMessage(m)
		if err != nil {
			t.Fatal(err)
		}
		frames := f.fake.WaitResponses(wait(t), reqID, 1)
		if len(frames) != 1 {
			t.Fatalf("no answer to %q\n%s", m.Text, f.logs)
		}
		return streamOf(t, frames[0]).Stream.Content
	}
	say(wecomtest.WSMessage{UserID: "admin", Text: "授权 boss 领导"})
	for i, in := range testkit.HostileMarkdown() {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			no := hazardNo.FindString(say(wecomtest.WSMessage{ChatType: "group", ChatID: "wrgroup01", UserID: "lisi",
				Text: "@安全助手 上报 " + in + " 领域:公路运营"}))
			if no == "" {
				t.Fatalf("上报 %q registered nothing", in)
			}
			h, _, err := f.store.Hazard(context.Background(), no)
			if err != nil {
				t.Fatal(err)
			}
			// privately: a group is shown no hazard's detail (QA16 #7)
			got := say(wecomtest.WSMessage{UserID: "boss", Text: "隐患 " + no})
			if m := testkit.Markup(got); len(m) != 0 {
				t.Errorf("隐患 %s renders markdown %v:\n%s", no, m, got)
			}
			for _, l := range strings.Split(h.Description, "\n") {
				if !strings.Contains(testkit.Shown(got), testkit.Shown(l)) {
					t.Errorf("隐患 %s does not show %q as typed:\n%s", no, l, got)
				}
			}
		})
	}
}
