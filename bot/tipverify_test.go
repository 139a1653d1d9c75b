package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"safetybot"
	"safetybot/internal/testkit"
)

// TestTipVerifyReadsAsReport: 查实 reads the grade and the ledger fields
// as 上报 does (qa3 items 1, 2). A text that says 重大 without 等级 was
// stored 一般 with no word to anyone; 停产, 资金 were glued into the
// description and the ledger's columns stayed empty. Input is typed as the
// tester typed it: full-width digits, colons and 「，」 between fields.
func TestTipVerifyReadsAsReport(t *testing.T) {
	f := newTipFixture(t)
	f.say("admin", "授权 h1 受理人")
	f.say("admin", "授权 leader1 领导")
	ctx := context.Background()
	for i, c := range []struct {
		name, fields string
		grade        safetybot.Grade
		desc         string
		halted       safetybot.Answer
		funds        string
		want         []string
		wantNot      []string
		notice       string // in the leaders' outbox; "" for none
	}{
		{"重大 without 等级 is flagged, not silently 一般", "塔吊存在重大事故隐患，单位：城关建筑公司，领域：工程建设",
			safetybot.GradeGeneral, "塔吊存在重大事故隐患", safetybot.AnswerNone, "",
			[]string{"（一般，", "请确认等级", "已告知领导「可能为重大」", "修改 YH2026-0001 等级:重大"}, nil, "【可能为重大隐患】"},
		{"停产 and 资金 fill the ledger columns", "塔吊基础积水，单位：城关建筑公司，领域：工程建设，停产：是，资金：５万元",
			safetybot.GradeGeneral, "塔吊基础积水", safetybot.AnswerYes, "50000元",
			[]string{"停产停业：是", "整改资金："}, []string{"请确认等级"}, ""},
		{"等级 given 重大 is major", "塔吊存在重大事故隐患，等级：重大，单位：城关建筑公司，领域：工程建设",
			safetybot.GradeMajor, "塔吊存在重大事故隐患", safetybot.AnswerNone, "",
			[]string{"（重大，", "重大隐患，已通知领导"}, []string{"请确认等级"}, "重大隐患"},
		{"a value not read is said, not stored", "脚手架连墙件缺失，领域：工程建设，停产：也许，资金：若干",
			safetybot.GradeGeneral, "脚手架连墙件缺失", safetybot.AnswerNone, "",
			[]string{"未能读取：停产「也许」", "未能读取：资金「若干」", "「修改 YH2026-0001 资金:… 停产:…」"}, nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			f.report(fmt.Sprintf("whistle_%d", i), "工地塔吊有问题，没人管")
			tips, err := f.store.Tips(ctx, safetybot.TipFilter{Status: safetybot.TipNew}, "test")
			if err != nil || len(tips) != 1 {
				t.Fatal(tips, err)
			}
			reply := f.say("h1", fmt.Sprintf("查实 ＃%d %s", tips[0].ID, c.fields))
			number := hazardNumberRE.FindString(reply)
			for _, w := range c.want {
				if !strings.Contains(reply, strings.ReplaceAll(w, "YH2026-0001", number)) {
					t.Errorf("reply lacks %q:\n%s", w, reply)
				}
			}
			for _, w := range c.wantNot {
				if strings.Contains(reply, w) {
					t.Errorf("reply has %q:\n%s", w, reply)
				}
			}
			h, _, err := f.store.Hazard(ctx, number)
			if err != nil {
				t.Fatal(reply, err)
			}
			if h.Grade != c.grade || h.Description != c.desc || h.Halted != c.halted || h.Funds != c.funds {
				t.Errorf("stored grade %q desc %q halted %q funds %q, want %q %q %q %q",
					h.Grade, h.Description, h.Halted, h.Funds, c.grade, c.desc, c.halted, c.funds)
			}
			var notice string
			testkit.RawDB(t, f.store.File()).QueryRow("SELECT body FROM outbox WHERE target = 'leader1' AND instr(body, ?) > 0", number).Scan(&notice)
			if c.notice == "" && notice != "" || !strings.Contains(notice, c.notice) || strings.Contains(notice, "上报人") {
				t.Errorf("leaders' notice %q, want %q", notice, c.notice)
			}
		})
	}
}

// TestTipVerifyLinkSaysWhatItIgnores: 查实 <编号> 隐患:YH… links an existing
// hazard and changes nothing of it, so the other fields and text it was
// given are named as not applied rather than dropped without a word.
func TestTipVerifyLinkSaysWhatItIgnores(t *testing.T) {
	f := newTipFixture(t)
	f.say("admin", "授权 h1 受理人")
	number := hazardNumberRE.FindString(f.say("admin", "上报 趸船灭火器过期 单位:县港航公司 领域:水上交通"))
	ctx := context.Background()
	for i, c := range []struct {
		name, text, want string
	}{
		{"fields", "隐患：" + number + "，停产：是，资金：５万元", "未采用：停产、资金"},
		{"text and a field", "灭火器已过期 隐患:" + number + " 单位:县港航公司", "未采用：描述、单位"},
		{"nothing else", "隐患:" + number, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			f.report(fmt.Sprintf("whistle_l%d", i), "码头灭火器过期")
			tips, err := f.store.Tips(ctx, safetybot.TipFilter{Status: safetybot.TipNew}, "test")
			if err != nil || len(tips) != 1 {
				t.Fatal(tips, err)
			}
			reply := f.say("h1", fmt.Sprintf("查实 %d %s", tips[0].ID, c.text))
			if !strings.Contains(reply, "已关联隐患 "+number) || c.want != "" && !strings.Contains(reply, c.want) || c.want == "" && strings.Contains(reply, "未采用") {
				t.Errorf("reply %q, want %q", reply, c.want)
			}
		})
	}
	if h, _, err := f.store.Hazard(ctx, number); err != nil || h.Halted != safetybot.AnswerNone || h.Funds != "" {
		t.Errorf("linked hazard changed: %+v %v", h, err)
	}
}
