package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"safetybot"
	"safetybot/bot"
	"safetybot/internal/storetest"
	"safetybot/store"
)

// The tester's SAFETYBOT_ADMINS (fix9 #1): the separators an operator
// types with a Chinese input method divide the list; what is not a userid
// stops every command (exit 2) naming the entry, instead of becoming an
// administrator nobody is.
func TestAdminList(t *testing.T) {
	for _, tc := range []struct {
		v       string
		want    string // the ids, |-joined
		wantErr string // in the usage error
	}{
		{"admin", "admin", ""},
		{"admin，boss", "admin|boss", ""},
		{"admin;boss", "admin|boss", ""},
		{"admin；boss、juzhang", "admin|boss|juzhang", ""},
		{" admin  boss ", "admin|boss", ""},
		{"admin\u3000boss", "admin|boss", ""},
		{"admin, boss,,", "admin|boss", ""},
		{"admin,admin", "admin", ""},
		{"zhang.san@qs,li-si_1", "zhang.san@qs|li-si_1", ""},
		{"", "", ""},
		{"刘局长", "", "SAFETYBOT_ADMINS：「刘局长」不是企业微信 userid"},
		{"admin，刘局长", "", "「刘局长」不是企业微信 userid"},
		{"admin|boss", "", "「admin|boss」不是企业微信 userid"},
		{"_admin", "", "「_admin」不是企业微信 userid"},
		{"admin:boss", "", "「admin:boss」"},
		{strings.Repeat("a", 65), "", "不是企业微信 userid"},
		{"admin,Admin", "", "admin 和 Admin 是同一个账号"},
	} {
		got, err := adminList(tc.v)
		if tc.wantErr == "" {
			if err != nil || strings.Join(got, "|") != tc.want {
				t.Errorf("adminList(%q) = %q, %v; want %q", tc.v, got, err, tc.want)
			}
			continue
		}
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(u.msg, tc.wantErr) || strings.Contains(u.msg, "\n") {
			t.Errorf("adminList(%q): %v; want a one-line usage error with %q", tc.v, err, tc.wantErr)
		}
	}
}

// WECOM_BOT_NAME is split at the same separators; spaces stay in a name.
func TestNameList(t *testing.T) {
	for _, tc := range []struct{ v, want string }{
		{"安全助手,Safety Bot", "安全助手|Safety Bot"},
		{"安全助手，小安", "安全助手|小安"},
		{"安全助手、小安；@安监", "安全助手|小安|安监"},
		{" ,", ""},
	} {
		if got := strings.Join(nameList(tc.v), "|"); got != tc.want {
			t.Errorf("nameList(%q) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// SAFETYBOT_ADMINS is read as the accounts the ledger knows, in any case,
// as chat commands read a typed userid: Admin is the admin who has already
// reported a hazard, who then may grant roles.
func TestConfiguredAdminsIgnoreCase(t *testing.T) {
	db := storetest.File(t)
	chatEnv := func(admins, user, input string) string {
		t.Helper()
		var out bytes.Buffer
		err := run(context.Background(), []string{"chat", "--user", user}, env(map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_ADMINS": admins}),
			strings.NewReader(input), &out, &bytes.Buffer{})
		if err != nil {
			t.Fatalf("SAFETYBOT_ADMINS=%s chat --user %s: %v", admins, user, err)
		}
		return out.String()
	}
	if out := chatEnv("boss", "admin", "上报 渡口缺救生衣 领域:水上交通\n"); !strings.Contains(out, "YH") {
		t.Fatalf("report: %s", out)
	}
	for i, admins := range []string{"Admin，boss", "boss;ADMIN"} {
		if out := chatEnv(admins, "admin", fmt.Sprintf("授权 staff%d 工作人员\n", i)); !strings.Contains(out, "已授予") {
			t.Errorf("SAFETYBOT_ADMINS=%s: admin may not grant: %s", admins, out)
		}
	}
	// Two accounts differing only in case (a ledger from before accounts
	// were read in any case): which one is meant is asked.
	s, err := store.Open(context.Background(), db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Grant(context.Background(), safetybot.Grant{UserID: "ADMIN", Role: safetybot.RoleStaff}, "test"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	err = run(context.Background(), []string{"chat", "--user", "boss"}, env(map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_ADMINS": "Admin"}),
		strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	var u usageError
	if !errors.As(err, &u) || !strings.Contains(u.msg, "ADMIN、admin") {
		t.Errorf("Admin with admin and ADMIN known: %v, want a usage error listing both", err)
	}
}

// The tester's case on a fresh ledger: SAFETYBOT_ADMINS=Admin, then the
// terminal as admin. chat --user is read as a typed account is, so admin
// is the administrator Admin, and says so on stderr.
func TestChatUserIgnoresCase(t *testing.T) {
	db := storetest.File(t)
	var out, stderr bytes.Buffer
	err := run(context.Background(), []string{"chat", "--user", "admin"}, env(map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_ADMINS": "Admin"}),
		strings.NewReader("授权 staff1 工作人员\n"), &out, &stderr)
	if err != nil || !strings.Contains(out.String(), "已授予") || !strings.Contains(stderr.String(), "「admin」即 Admin") {
		t.Errorf("chat --user admin with SAFETYBOT_ADMINS=Admin: %v, %q, stderr %q", err, out.String(), stderr.String())
	}
}

// fix10 #3: SAFETYBOT_ADMINS=Admin on a fresh database, then messages as
// WeCom sends them, from admin (chat --user would read --user as a typed
// account): admin is the administrator, and so is ADMIN on the dashboard's
// role check, which reads the same lookup.
func TestConfiguredAdminSenderCase(t *testing.T) {
	ctx := context.Background()
	db := storetest.File(t)
	a, err := openApp(ctx, mustConfig(t, map[string]string{"SAFETYBOT_DB": db, "SAFETYBOT_ADMINS": "Admin"}), discardLog())
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	for i, tc := range []struct{ text, want string }{
		{"授权 staff1 工作人员", "已授予 staff1 工作人员"},
		{"授权", "Admin：管理员"},
		{"撤权 admin 管理员", "最后一位管理员，不能撤销"},
	} {
		var got []string
		for _, r := range a.engine.Handle(ctx, bot.Message{Source: "app", ChatType: bot.ChatSingle, UserID: "admin", MsgID: fmt.Sprint("m", i), Text: tc.text}) {
			got = append(got, r.Text)
		}
		if reply := strings.Join(got, "\n"); !strings.Contains(reply, tc.want) {
			t.Errorf("admin says %s: %s, want %q", tc.text, reply, tc.want)
		}
	}
	if u, err := a.store.User(ctx, "ADMIN"); err != nil || !u.Has(safetybot.RoleAdmin) {
		t.Errorf("User(ADMIN) = %+v, %v; want the admin role", u, err)
	}
}
