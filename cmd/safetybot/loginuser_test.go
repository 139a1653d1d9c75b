package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"safetybot/internal/storetest"
	"safetybot/store"
)

// fix9-6 #4: login-link --user reads a display name or a userid in another
// case as chat commands do, instead of taking 刘局长 for an account and
// asking the admin to send 「授权 刘局长 工作人员」.
func TestLoginLinkUserByName(t *testing.T) {
	db := storetest.File(t)
	out := chatAs(t, db, "admin", strings.Join([]string{
		"授权 juzhang 领导", "姓名 juzhang 刘局长", "授权 wang 工作人员", "姓名 wang 王强", "授权 wangq 工作人员", "姓名 wangq 王强",
		"授权 sunzong 领导", "姓名 sunzong 孙总（局长）", "授权 tom2 工作人员", "姓名 tom2 Tom",
	}, "\n")+"\n")
	if strings.Count(out, "已授予") != 5 {
		t.Fatalf("setup: %s", out)
	}
	for _, tc := range []struct {
		user      string
		want      string // the account signed in; "" for a refusal
		said      string // on stderr, or in the refusal
		usageExit bool
	}{
		{"刘局长", "juzhang", "「刘局长」按姓名识别为 刘局长（juzhang）", false},
		{"JuZhang", "juzhang", "企业微信账号不区分大小写，「JuZhang」即 刘局长（juzhang）", false},
		{"juzhang", "juzhang", "", false},
		{"王强", "", "login-link：有 2 人叫「王强」：王强（wang）、王强（wangq）；请用 --user 写明 userid，例如 --user wang", true},
		{"李局长", "", "login-link：「李局长」不是企业微信 userid", true},
		// qa10 #12: 名字（userid）, as the refusal above lists people, is
		// read as 授权 reads it.
		{"王强（wangq）", "wangq", "", false},
		{"王强(wang)", "wang", "", false},
		{"王强（WangQ）", "wangq", "「WangQ」即 王强（wangq）", false},
		{"孙总（局长，sunzong）", "sunzong", "", false},
		{"孙总（局长）", "sunzong", "「孙总（局长）」按姓名识别为 孙总（局长，sunzong）", false},
		{"刘局长（wang）", "", "login-link：「刘局长（wang）」：账号 wang 显示为「王强」，与所写的姓名「刘局长」不符，未生成链接", true},
		{"王强（nobody）", "", "账号 nobody 显示为（没有设置姓名），与所写的姓名「王强」不符", true},
		// One resolver with 授权 (fix10 #2): a person in quotes, and an
		// unknown userid that is someone's name (qa10 #18).
		{"“刘局长”", "juzhang", "「刘局长」按姓名识别为 刘局长（juzhang）", false},
		{"Tom", "", "login-link：「Tom」是 Tom（tom2）的姓名，系统中没有账号 Tom", true},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"login-link", "--user", tc.user}, env(map[string]string{"SAFETYBOT_DB": db}),
			strings.NewReader(""), &stdout, &stderr)
		if tc.want == "" {
			var u usageError
			if !errors.As(err, &u) || !strings.Contains(u.msg, tc.said) || strings.Contains(u.msg, "授权 "+tc.user) || stdout.Len() > 0 {
				t.Errorf("--user %s: %v, stdout %q; want a usage error with %q", tc.user, err, stdout.String(), tc.said)
			}
			continue
		}
		if err != nil || !strings.Contains(stderr.String(), tc.said) {
			t.Errorf("--user %s: %v, stderr %q; want %q", tc.user, err, stderr.String(), tc.said)
			continue
		}
		tok := strings.TrimSpace(stdout.String()[strings.Index(stdout.String(), "token=")+len("token="):])
		s, err := store.Open(context.Background(), db, nil)
		if err != nil {
			t.Fatal(err)
		}
		if u, err := s.RedeemLoginToken(context.Background(), tok); err != nil || u != tc.want {
			t.Errorf("--user %s signed in as %q (%v), want %s", tc.user, u, err, tc.want)
		}
		s.Close()
	}
}
