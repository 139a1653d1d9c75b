package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"safetybot"
)

// TestReadAnswer: 是/否 alone or naming what it answers, and the texts that
// only start like an answer.
func TestReadAnswer(t *testing.T) {
	for _, tc := range []struct {
		in      string
		yes     bool
		ref     string
		isReply bool
	}{
		{"是", true, "", true},
		{"是的。", true, "", true},
		{"否", false, "", true},
		{"不是", false, "", true},
		{"Yes", true, "", true},
		{"是 YH2026-0035", true, "YH2026-0035", true},
		{"是，YH2026-0035", true, "YH2026-0035", true},
		{"是YH2026-0035", true, "YH2026-0035", true},
		{"YH2026-0036 否", false, "YH2026-0036", true},
		{"不是 yh2026-36", false, "yh2026-36", true},
		{"是 YH 2026-0035", true, "YH 2026-0035", true}, // QA16 #8: YH written apart
		{"yes YH2026-0035", true, "YH2026-0035", true},
		{"否 城关", false, "城关", true},
		{"是否需要 上报", false, "", false},
		{"YH2026-0001n", false, "", false},
		{"nYH2026-0001", false, "", false},
		{"好的", false, "", false},
	} {
		yes, ref, ok := readAnswer(tc.in)
		if yes != tc.yes || ref != tc.ref || ok != tc.isReply {
			t.Errorf("readAnswer(%q) = %v %q %v, want %v %q %v", tc.in, yes, ref, ok, tc.yes, tc.ref, tc.isReply)
		}
	}
}

// withUnits registers enterprises that short forms match more than one of.
func withUnits(f *fixture) *fixture {
	for _, name := range []string{"沁水县通达危险货物运输有限公司", "沁水县通达客运有限公司", "沁水县城关加油站有限公司", "城关汽车站"} {
		if err := f.store.AddEnterprise(context.Background(), safetybot.Enterprise{Name: name}, "admin"); err != nil {
			f.t.Fatal(err)
		}
	}
	return f
}

// QA item 3: two reports each leave a unit question. Both stay answerable:
// the second names the hazard in its answer form, a bare 是 with two open
// is refused with the list, and until answered neither hazard holds a
// unit, so 企业 and the coverage count no "通达" or "城关".
func TestTwoUnitQuestions(t *testing.T) {
	f := withUnits(newFixture(t))
	f.converse([]step{
		{"zhaoke", "上报 甲隐患 单位:通达 领域:道路运输", []string{"YH2026-0001", "单位：未填（「通达」待确认", "回复 是 / 否"}, nil},
		{"zhaoke", "上报 乙隐患 单位:城关 领域:道路运输", []string{"YH2026-0002", "回复「是 YH2026-0002」或「否 YH2026-0002」", "另有 1 个问题待回答（YH2026-0001）"}, nil},
		{"admin", "企业", []string{"共 4 家"}, []string{"⬜ 通达", "⬜ 城关\n"}},
		{"zhaoke", "是", []string{"您有 2 个问题待回答", "YH2026-0001：单位「通达」", "「是 YH2026-0001」", "YH2026-0002：单位「城关」"}, []string{"已将"}},
		{"zhaoke", "是 YH2026-0003", []string{"没有关于 YH2026-0003 的待回答问题", "YH2026-0001", "YH2026-0002"}, []string{"已将"}},
		{"zhaoke", "是 YH2026-0001", []string{"已将 YH2026-0001 的单位改为「沁水县通达", "还有一个问题待回答：单位「城关」", "回复 是 / 否"}, nil},
		{"zhaoke", "否", []string{"不是「", "是否指「"}, nil},
		{"zhaoke", "是", []string{"已将 YH2026-0002 的单位改为「"}, []string{"还有"}},
		{"zhaoke", "是", []string{"没有待您回答的问题"}, nil},
		{"admin", "企业", []string{"共 4 家"}, nil},
	})
	for _, num := range []string{"YH2026-0001", "YH2026-0002"} {
		h := f.hazard(num)
		if !strings.HasPrefix(h.Unit, "沁水县") && h.Unit != "城关汽车站" || strings.Contains(h.Description, "待确认") {
			t.Errorf("%s: unit %q, description %q", num, h.Unit, h.Description)
		}
	}
	if got := f.say("admin", "隐患 YH2026-0001"); !strings.Contains(got, "单位：— → 沁水县通达") || !strings.Contains(got, "上报人确认") {
		t.Errorf("history does not say who confirmed what:\n%s", got)
	}
}

// An unanswered question leaves the unit empty and what was typed in the
// description, marked unconfirmed; a unit set meanwhile by 修改 is not
// overwritten by a late answer.
func TestUnitQuestionUnanswered(t *testing.T) {
	f := withUnits(newFixture(t))
	f.converse([]step{
		{"zhaoke", "上报 丙隐患 单位:通达", []string{"是否指「"}, nil},
		{"zhaoke", "上报 丁隐患 单位:城关", []string{"是否指「"}, nil},
		{"admin", "修改 YH2026-0002 单位:城关汽车站", []string{"单位"}, nil},
	})
	f.clock.Add(31 * time.Minute)
	f.converse([]step{{"zhaoke", "是", []string{"没有待您回答的问题"}, nil}})
	h := f.hazard("YH2026-0001")
	if h.Unit != "" || h.Description != "丙隐患（单位写作「通达」，待确认）" {
		t.Errorf("unanswered: unit %q, description %q", h.Unit, h.Description)
	}
	f.converse([]step{
		{"zhaoke", "上报 戊隐患 单位:城关", []string{"YH2026-0003", "是否指「"}, nil},
		{"admin", "修改 YH2026-0003 单位:沁水县城关加油站有限公司", nil, nil},
		{"zhaoke", "是", []string{"单位已改为「沁水县城关加油站有限公司」，未按这次回答更改"}, nil},
	})
	if h := f.hazard("YH2026-0003"); h.Unit != "沁水县城关加油站有限公司" || strings.Contains(h.Description, "待确认") {
		t.Errorf("late answer: unit %q, description %q", h.Unit, h.Description)
	}
}

// QA item 2: 查实 matches the unit as 上报 does, says what it read, and
// asks when unsure; the handler's 是 is recorded as the handler's.
func TestVerifyMatchesUnit(t *testing.T) {
	f := newTipFixture(t)
	withUnits(f.fixture)
	f.say("admin", "授权 h1 受理人")
	f.report("whistle_1", "通达的车司机连续开了六个小时")
	f.report("whistle_2", "城关那边的加油站灭火器过期")
	tips, err := f.store.Tips(context.Background(), safetybot.TipFilter{}, "test")
	if err != nil || len(tips) != 2 {
		t.Fatal(tips, err)
	}
	f.converse([]step{
		{"h1", fmt.Sprintf("查实 %d 客运车辆驾驶员超时驾驶 单位:通达危货 领域:道路运输", tips[0].ID),
			[]string{"已登记隐患 YH2026-0001", "单位：沁水县通达危险货物运输有限公司（按「通达危货」匹配已登记单位）", "领域：道路运输"}, []string{"是否指"}},
		{"h1", fmt.Sprintf("查实 %d 加油站灭火器过期 单位:城关 领域:道路运输", tips[1].ID),
			[]string{"已登记隐患 YH2026-0002", "单位：未填（「城关」待确认", "是否指「", "回复 是 / 否"}, nil},
		{"admin", "企业", []string{"共 4 家"}, []string{"通达危货", "⬜ 城关\n"}},
		{"h1", "是", []string{"已将 YH2026-0002 的单位改为「"}, nil},
	})
	if h := f.hazard("YH2026-0001"); h.Unit != "沁水县通达危险货物运输有限公司" {
		t.Errorf("YH2026-0001 unit %q", h.Unit)
	}
	if got := f.say("admin", "隐患 YH2026-0002"); !strings.Contains(got, "h1 修改：单位：— → ") || !strings.Contains(got, "受理人确认") {
		t.Errorf("history:\n%s", got)
	}
}

// 修改 to a unit that matches several asks as 上报 does instead of storing
// the short form (QA items 2 and 3); other fields change at once.
func TestEditUnitAsks(t *testing.T) {
	f := withUnits(newFixture(t))
	f.converse([]step{
		{"zhaoke", "上报 客运站安检仪故障 单位:县公路段", []string{"YH2026-0001"}, nil},
		{"zhaoke", "修改 YH2026-0001 单位:通达", []string{"单位尚未修改", "是否指「沁水县通达"}, []string{"已修改"}},
		{"zhaoke", "修改 YH2026-0001 单位:城关 地点:城关客运站", []string{"地点：— → 城关客运站", "单位尚未修改", "回复 是 / 否"}, []string{"另有"}}, // replaces the question about YH2026-0001
		{"zhaoke", "是", []string{"已将 YH2026-0001 的单位改为「城关汽车站」"}, nil},
		{"admin", "企业", []string{"共 4 家"}, []string{"⬜ 通达", "⬜ 城关\n"}},
		{"admin", "隐患 YH2026-0001", []string{"单位：县公路段 → 城关汽车站（修改人确认）"}, nil},
	})
}

// QA2 item 3: a 是 or 否 that arrives after the hazard was 驳回 or 销号
// changes nothing and says why; the unit stays as it was (none), and 否 asks
// about no further candidate.
func TestLateAnswerOnFinishedHazard(t *testing.T) {
	for _, tc := range []struct {
		finish, answer, want string
	}{
		{"驳回 YH2026-0001 重复上报", "是", "隐患 YH2026-0001 已驳回，不能再更改单位，这次回答未生效"},
		{"驳回 YH2026-0001 不属于隐患", "否", "隐患 YH2026-0001 已驳回，不能再更改单位"},
		{"驳回 YH2026-0001 重复上报", "是 YH2026-0001", "误驳回可由本领域工作人员「撤销 YH2026-0001」"},
		{"销号 YH2026-0001 已当场更换灭火器", "是", "隐患 YH2026-0001 已销号，不能再更改单位"},
	} {
		t.Run(tc.finish+"/"+tc.answer, func(t *testing.T) {
			f := withUnits(newFixture(t))
			if got := f.say("zhaoke", "上报 候车厅灭火器过期 单位:通达 领域:道路运输"); !strings.Contains(got, "回复 是 / 否") {
				t.Fatalf("no question asked: %s", got)
			}
			f.say("admin", tc.finish)
			got := f.say("zhaoke", tc.answer)
			if !strings.Contains(got, tc.want) || strings.Contains(got, "已将") || strings.Contains(got, "是否指") {
				t.Errorf("%s → %s", tc.answer, got)
			}
			if h := f.hazard("YH2026-0001"); h.Unit != "" {
				t.Errorf("unit of a finished hazard changed to %q", h.Unit)
			}
			if got := f.say("zhaoke", "是"); !strings.Contains(got, "没有待您回答的问题") {
				t.Errorf("question still open: %s", got)
			}
		})
	}
}

// QA2 item 9: a question asked in one chat is not lost in another. A bare
// 是 elsewhere says where it waits (naming it only in a private chat); an
// answer that names the hazard is taken wherever it is sent, on any channel.
func TestAnswerFromAnotherChat(t *testing.T) {
	group := func(text string) Message {
		return Message{Source: "aibot", ChatType: ChatGroup, ChatID: "wrG3", UserID: "zhangsan", Text: text}
	}
	private := func(text string) Message {
		return Message{Source: "app", ChatType: ChatSingle, UserID: "zhangsan", Text: text}
	}
	for _, tc := range []struct {
		name  string
		ask   Message
		steps []Message
		want  []string // in the last reply
		not   []string
		unit  string // YH2026-0001's unit afterwards
	}{
		{"bare 是 in private points to the group", group("上报 候车厅灭火器过期 单位:通达 领域:道路运输"),
			[]Message{private("是")},
			[]string{"这里没有待您回答的问题", "1 个问题在群聊（10:00 提出）中待回答", "YH2026-0001：单位「通达」是否指", "「是 YH2026-0001」"},
			[]string{"已将"}, ""},
		{"named 是 in private is taken", group("上报 候车厅灭火器过期 单位:通达 领域:道路运输"),
			[]Message{private("是 YH2026-0001")},
			[]string{"已将 YH2026-0001 的单位改为「沁水县通达"}, nil, "沁水县通达"},
		{"named 否 asks the next candidate here", group("上报 候车厅灭火器过期 单位:通达 领域:道路运输"),
			[]Message{private("否 YH2026-0001"), private("是")},
			[]string{"已将 YH2026-0001 的单位改为「沁水县通达"}, nil, "沁水县通达"},
		{"bare 是 in a group names nothing asked privately", private("上报 候车厅灭火器过期 单位:通达 领域:道路运输"),
			[]Message{group("是")},
			[]string{"1 个问题在与机器人的单聊（10:00 提出）中待回答", "请到那里回复"},
			[]string{"YH2026-0001", "通达", "已将"}, ""},
		{"bare 是 in another group says which and when", group("上报 候车厅灭火器过期 单位:通达 领域:道路运输"),
			[]Message{{Source: "aibot", ChatType: ChatGroup, ChatID: "wrG4", UserID: "zhangsan", Text: "是"}},
			[]string{"1 个问题在另一个群聊（10:00 提出）中待回答", "请到那里回复", "在与机器人的单聊中发送「是」查看"},
			[]string{"YH2026-0001", "通达", "已将"}, ""},
		{"another user's question is not theirs", Message{Source: "aibot", ChatType: ChatGroup, ChatID: "wrG3", UserID: "lisi",
			Text: "上报 候车厅灭火器过期 单位:通达 领域:道路运输"},
			[]Message{private("是"), private("是 YH2026-0001")},
			[]string{"没有待您回答的问题"}, []string{"已将"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := withUnits(newFixture(t))
			if got := f.send(tc.ask); !strings.Contains(got, "是否指") {
				t.Fatalf("no question asked: %s", got)
			}
			var got string
			for _, m := range tc.steps {
				got = f.send(m)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("reply lacks %q: %s", w, got)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("reply has %q: %s", w, got)
				}
			}
			if h := f.hazard("YH2026-0001"); !strings.HasPrefix(h.Unit, tc.unit) || (tc.unit == "") != (h.Unit == "") {
				t.Errorf("unit = %q, want %q…", h.Unit, tc.unit)
			}
		})
	}
}

// QA16 #9c: a person's questions in several chats. One asked while another
// of his waits in any chat names its hazard in the answer it expects, and
// a bare 是 answers only his one open question: with questions here and
// in another chat it is asked which, never taken for the one here.
func TestQuestionsAcrossChats(t *testing.T) {
	type say struct{ chat, text string } // chat "" is boss1's private chat
	for _, tc := range []struct {
		name   string
		says   []say
		want   []string // in the last reply
		not    []string
		status [2]string // of YH2026-0001 and YH2026-0002 afterwards
	}{
		{name: "the second question names its hazard",
			says:   []say{{"", "整改 YH2026-0001 已全部整改完毕"}, {"wrG1", "整改 YH2026-0002 已整改到位，请验收"}},
			want:   []string{"YH2026-0002 是否已整改完成？回复 「是 YH2026-0002」", "您另有 1 个问题待回答（其他聊天中 1 个）"},
			status: [2]string{"整改中", "整改中"}},
		{name: "in private the other is named",
			says:   []say{{"wrG1", "整改 YH2026-0002 已整改到位，请验收"}, {"", "整改 YH2026-0001 已全部整改完毕"}},
			want:   []string{"「是 YH2026-0001」", "您另有 1 个问题待回答（YH2026-0002）"},
			status: [2]string{"整改中", "整改中"}},
		{name: "bare 是 in private asks which",
			says: []say{{"", "整改 YH2026-0001 已全部整改完毕"}, {"wrG1", "整改 YH2026-0002 已整改到位，请验收"}, {"", "是"}},
			want: []string{"您有 2 个问题待回答，请在 是 / 否 后写明回答的是哪一个", "「是 YH2026-0001」", "在群聊（10:00 提出）中待回答的：",
				"「是 YH2026-0002」"},
			not:    []string{"待验收"},
			status: [2]string{"整改中", "整改中"}},
		{name: "bare 是 in the group asks which, naming none of the private chat's",
			says: []say{{"", "整改 YH2026-0001 已全部整改完毕"}, {"wrG1", "整改 YH2026-0002 已整改到位，请验收"}, {"wrG1", "是"}},
			want: []string{"您有 2 个问题待回答", "「是 YH2026-0002」", "另有 1 个在与机器人的单聊（10:00 提出）中待回答，请到那里回复。"},
			not:  []string{"YH2026-0001"}, status: [2]string{"整改中", "整改中"}},
		{name: "a named answer in private takes the group's",
			says:   []say{{"", "整改 YH2026-0001 已全部整改完毕"}, {"wrG1", "整改 YH2026-0002 已整改到位，请验收"}, {"", "是 YH 2026-0002"}},
			want:   []string{"已记录 YH2026-0002 整改完成，状态：待验收"},
			status: [2]string{"整改中", "待验收"}},
		{name: "one question: a bare 是 answers it",
			says:   []say{{"wrG1", "整改 YH2026-0002 已整改到位，请验收"}, {"wrG1", "是"}},
			want:   []string{"已记录 YH2026-0002 整改完成，状态：待验收"},
			status: [2]string{"整改中", "待验收"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.converse([]step{
				{"admin", "上报 码头护栏缺损 领域:水上交通", []string{"YH2026-0001"}, nil},
				{"admin", "上报 候车厅护栏破损 领域:道路运输", []string{"YH2026-0002"}, nil},
				{"admin", "确认 YH2026-0001", nil, nil}, {"admin", "指派 YH2026-0001 boss1", nil, nil},
				{"admin", "确认 YH2026-0002", nil, nil}, {"admin", "指派 YH2026-0002 boss1", nil, nil},
			})
			var got string
			for _, s := range tc.says {
				if s.chat == "" {
					got = f.say("boss1", s.text)
				} else {
					got = f.sayInGroup("boss1", s.chat, s.text)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("reply %q\nwant it to contain %q", got, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("reply %q\nwant it NOT to contain %q", got, w)
				}
			}
			for i, n := range []string{"YH2026-0001", "YH2026-0002"} {
				if st := string(f.hazard(n).Status); st != tc.status[i] {
					t.Errorf("%s is %s, want %s", n, st, tc.status[i])
				}
			}
		})
	}
}
