package main

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"safetybot"
	"safetybot/internal/fixture"
	"safetybot/store"
)

// QA17 #8: login-link gives each user a link to what they may open, and
// its refusals never advise a role that would show an enterprise's
// principal every company's hazards and who reported them.
func TestLoginLinkByRole(t *testing.T) {
	db := seededDB(t, 5)
	ctx := context.Background()
	s, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddEnterprise(ctx, safetybot.Enterprise{Name: "顺达客运有限公司", Principal: "zhaolb"}, "envadmin"); err != nil {
		t.Fatal(err)
	}
	tip, err := s.CreateTip(ctx, []byte("receipt-hash-of-the-test-report"), "客运站安全出口上锁", nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	id := strconv.FormatInt(tip.ID, 10)
	wide := strings.Map(func(r rune) rune { return r - '0' + '０' }, id)
	link := func(next string) *regexp.Regexp {
		return regexp.MustCompile(`^https://safety\.example\.cn/login\?token=[A-Za-z0-9_-]{43}` + regexp.QuoteMeta(next) + `\n$`)
	}
	for _, tc := range []struct {
		name    string
		args    []string
		link    *regexp.Regexp // nil: refused
		want    string         // in the refusal, or in stderr
		notWant string
	}{
		{"staff: the dashboard", []string{"--user", fixture.Staff}, link(""), "一次性登录链接", ""},
		{"principal: what he can do, never 工作人员", []string{"--user", "zhaolb"}, nil, "企业负责人（顺达客运有限公司）", "工作人员」"},
		{"principal's form link", []string{"--user", "zhaolb", "--form"}, link("&next=%2Fhazards%2Fnew"), "上报表单登录链接", ""},
		{"handler: told of --tip", []string{"--user", fixture.Handler}, nil, "--tip <举报编号>", "授权"},
		{"handler: a report's photos", []string{"--user", fixture.Handler, "--tip", id}, link("&next=%2Ftips%2F" + id + "%2Fphotos"), "举报 #" + id + " 照片的登录链接", ""},
		{"handler: number as the chat writes it", []string{"--user", fixture.Handler, "--tip", "#" + id}, link("&next=%2Ftips%2F" + id + "%2Fphotos"), "举报 #" + id, ""},
		{"handler: full-width digits (QA18 #3)", []string{"--user", fixture.Handler, "--tip", "＃" + wide}, link("&next=%2Ftips%2F" + id + "%2Fphotos"), "举报 #" + id, ""},
		{"handler: no such report, no link used up (QA18 #2)", []string{"--user", fixture.Handler, "--tip", "1"}, nil, "没有编号为 #1 的举报", ""},
		{"staff who is no handler: no photos, no role advised", []string{"--user", fixture.Staff, "--tip", "12"}, nil, "不是受理人", "授权"},
		{"principal: no photos", []string{"--user", "zhaolb", "--tip", "12"}, nil, "不是受理人", "授权"},
		{"no role at all", []string{"--user", fixture.Nobody}, nil, "只需上报表单时加 --form", ""},
		{"a bad number", []string{"--user", fixture.Handler, "--tip", "十二"}, nil, "「十二」不是举报编号", ""},
		{"both --form and --tip", []string{"--user", fixture.Handler, "--tip", "12", "--form"}, nil, "只能选一个", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, err := runCLI(t, db, append([]string{"login-link"}, tc.args...)...)
			if tc.link == nil {
				if err == nil || !strings.Contains(err.Error(), tc.want) || stdout != "" {
					t.Fatalf("want refusal with %q, got %v, stdout %q", tc.want, err, stdout)
				}
				if tc.notWant != "" && strings.Contains(err.Error(), tc.notWant) {
					t.Errorf("refusal says %q: %v", tc.notWant, err)
				}
				return
			}
			if err != nil || !tc.link.MatchString(stdout) || !strings.Contains(stderr, tc.want) {
				t.Fatalf("got %v, %q / %q", err, stdout, stderr)
			}
		})
	}
}
