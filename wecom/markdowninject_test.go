package wecom_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/internal/testkit"
)

// readsAsTyped fails unless md, a reply as the robot sent it (markdown),
// renders no markdown and shows each line of typed as it was typed.
func readsAsTyped(t *testing.T, what, md, typed string) {
	t.Helper()
	if m := testkit.Markup(md); len(m) != 0 {
		t.Errorf("%s renders markdown %v:\n%s", what, m, md)
	}
	for _, l := range strings.Split(typed, "\n") {
		if !strings.Contains(testkit.Shown(md), testkit.Shown(l)) {
			t.Errorf("%s does not show %q as typed:\n%s", what, l, md)
		}
	}
}

// TestRobotShowsWhatOthersTypedAsTyped: a hazard reported through the
// intelligent robot with a link, bold, a heading, <font>, a quote… in its
// description (testdata/hostile-markdown.txt) reaches a leader who asks
// the robot for it privately (a group is shown no hazard's detail, QA16
// #7) as the text typed, not as a link or formatting: the robot sends every reply as markdown (a stream),
// so a plain reply is escaped (safetybot.EscapeMarkdown). The leader's
// list (隐患) renders nothing either; the 摘要, written as markdown, keeps
// its own marks and still renders nothing the reporters typed.
func TestRobotShowsWhatOthersTypedAsTyped(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	must(t)(e.aibot.SendSingleText("admin", "mi-admin", "授权 boss 领导", ""))
	for i, in := range testkit.HostileMarkdown() {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			r := must(t)(e.aibot.SendGroupText("wrkgrp01", "lisi", fmt.Sprintf("mi-r%d", i), "@安全助手 上报 "+in+" 领域:公路运营", ""))
			number := hazardNumber.FindString(r.Content)
			if number == "" {
				t.Fatalf("上报 %q registered nothing: %s", in, r.Content)
			}
			h, _, err := e.store.Hazard(ctx, number)
			if err != nil {
				t.Fatal(err)
			}
			d := must(t)(e.aibot.SendSingleText("boss", fmt.Sprintf("mi-d%d", i), "隐患 "+number, ""))
			if d.MsgType != "stream" {
				t.Fatalf("隐患 %s: %+v", number, d)
			}
			readsAsTyped(t, "隐患 "+number, d.Content, h.Description)
		})
	}
	list := must(t)(e.aibot.SendSingleText("boss", "mi-list", "隐患", ""))
	if m := testkit.Markup(list.Content); len(m) != 0 || !hazardNumber.MatchString(list.Content) {
		t.Errorf("隐患 list renders markdown %v:\n%s", m, list.Content)
	}
	digest := must(t)(e.aibot.SendSingleText("boss", "mi-digest", "摘要", ""))
	if !strings.Contains(digest.Content, "**安全生产每日摘要**") {
		t.Fatalf("摘要 lost its markdown:\n%s", digest.Content)
	}
	for _, m := range testkit.Markup(digest.Content) {
		if !strings.HasPrefix(m, "bold") && !strings.HasPrefix(m, "quote") { // the digest's own
			t.Errorf("摘要 renders what a reporter typed: %s\n%s", m, digest.Content)
		}
	}
	if strings.Contains(digest.Content, "](") || strings.Contains(digest.Content, "<font") {
		t.Errorf("摘要 carries a reporter's link or <font>:\n%s", digest.Content)
	}
}

// TestRobotSlowReplyReadsAsTyped: a reply too slow for the stream goes to
// response_url as markdown, escaped the same; a tip's text reaches its
// handler the same way.
func TestRobotSlowReplyReadsAsTyped(t *testing.T) {
	e := newEnv(t, 50*time.Millisecond)
	in := testkit.HostileMarkdown()[0]
	must(t)(e.aibot.SendGroupText("wrkgrp01", "lisi", "ms-r", "@安全助手 上报 "+in+" 领域:公路运营", ""))
	hs, err := e.store.Hazards(context.Background(), safetybot.HazardFilter{})
	if err != nil || len(hs) != 1 {
		t.Fatal(hs, err)
	}
	e.engine.delay.Store(int64(300 * time.Millisecond))
	if r := must(t)(e.aibot.SendSingleText("admin", "ms-d", "隐患 "+hs[0].Number, e.api.ResponseURL())); !r.Empty {
		t.Fatalf("slow reply answered at once: %+v", r)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got := e.api.WaitDelivered(ctx, 1)
	if len(got) != 1 || got[0].MsgType != "markdown" {
		t.Fatalf("response_url deliveries = %+v", got)
	}
	readsAsTyped(t, "response_url", got[0].Content, hs[0].Description)
}

// TestRobotShowsTipsAsTyped: an anonymous report's text, which only its
// handler reads (受理 <编号>), reaches them through the robot as typed too.
func TestRobotShowsTipsAsTyped(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	must(t)(e.aibot.SendSingleText("admin", "mt-admin", "授权 h1 受理人", ""))
	seen := map[int64]bool{}
	for i, in := range testkit.HostileMarkdown() {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if r := must(t)(e.aibot.SendSingleText(fmt.Sprintf("whistle%d", i), fmt.Sprintf("mt-r%d", i), "举报 "+in, "")); !strings.Contains(r.Content, "回执码") {
				t.Fatalf("举报 %q: %s", in, r.Content)
			}
			tips, err := e.store.Tips(ctx, safetybot.TipFilter{}, "test")
			if err != nil || len(tips) != i+1 {
				t.Fatal(len(tips), err)
			}
			var tip *safetybot.Tip
			for _, tp := range tips {
				if !seen[tp.ID] {
					tip, seen[tp.ID] = tp, true
				}
			}
			d := must(t)(e.aibot.SendSingleText("h1", fmt.Sprintf("mt-d%d", i), fmt.Sprintf("受理 %d", tip.ID), ""))
			readsAsTyped(t, "受理", d.Content, tip.Body)
		})
	}
}
