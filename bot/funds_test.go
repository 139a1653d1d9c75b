package bot

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"safetybot"
)

// noticeRE takes apart the note fundsInText adds: where, range or not, the
// amount quoted, and the command suggested.
var noticeRE = regexp.MustCompile(`注意：(.+?)中有金额(范围)?「(.+?)」.*?发送「(.+?)」`)

// TestFundsInTextQuotesAndSuggests: an amount in running text is quoted
// whole as written, a range is named as one and asks for the figure, and
// the command suggested is one its user may run and that reads the value
// it gives (QA10 #8: 2万5千元 was quoted 2万, 3-5万元 as 5万元, 资金:十万元
// was suggested and refused, and an assignee who is not staff was told to
// 修改, which refused him). Each suggestion with a value is sent back, by
// the same user, and must store that amount.
func TestFundsInTextQuotesAndSuggests(t *testing.T) {
	for _, tc := range []struct {
		user, msg string
		quote     string // the amount quoted
		isRange   bool
		cmd       string // the suggestion, up to the value
		yuan      int64  // what the suggestion stores; 0: it gives no value (资金:…)
	}{
		{"admin", "整改 YH2026-0001 已更换护栏，又花费2万5千元", "2万5千元", false, "修改 YH2026-0001 资金:", 25000},
		{"admin", "整改 YH2026-0001 已更换护栏，又花费1万2千元", "1万2千元", false, "修改 YH2026-0001 资金:", 12000},
		{"admin", "整改 YH2026-0001 预计需要3-5万元", "3-5万元", true, "修改 YH2026-0001 资金:…", 0},
		{"admin", "整改 YH2026-0001 预计需要3万至5万元", "3万至5万元", true, "修改 YH2026-0001 资金:…", 0},
		{"admin", "整改 YH2026-0001 预计需要三到五万元", "三到五万元", true, "修改 YH2026-0001 资金:…", 0},
		{"admin", "整改 YH2026-0001 已投入十万元", "十万元", false, "修改 YH2026-0001 资金:", 100000},
		{"admin", "整改 YH2026-0001 已投入 3 万元", "3 万元", false, "修改 YH2026-0001 资金:", 30000},
		{"admin", "整改 YH2026-0001 已投入5000元", "5000元", false, "修改 YH2026-0001 资金:", 5000},
		{"admin", "整改 YH2026-0001 已投入2.35万元", "2.35万元", false, "修改 YH2026-0001 资金:", 23500},
		{"admin", "整改 YH2026-0001 已投入一百五万元", "一百五万元", false, "修改 YH2026-0001 资金:…", 0},
		{"admin", "整改 YH2026-0001 已投入1.23456万元", "1.23456万元", false, "修改 YH2026-0001 资金:…", 0},
		// the assignee, not staff: 修改 would refuse him; 整改 reads 资金
		{"worker1", "整改 YH2026-0001 已更换护栏，又花费4万元", "4万元", false, "整改 YH2026-0001 资金:", 40000},
		{"worker1", "整改 YH2026-0001 又花费2万5千元", "2万5千元", false, "整改 YH2026-0001 资金:", 25000},
		{"worker1", "整改 YH2026-0001 预计3-5万元", "3-5万元", true, "整改 YH2026-0001 资金:…", 0},
		// the reporter, within 30 minutes
		{"worker2", "上报 桥梁伸缩缝破损，已投入资金1万2千元 领域：公路运营", "1万2千元", false, "修改 YH2026-0002 资金:", 12000},
	} {
		t.Run(tc.user+" "+tc.msg, func(t *testing.T) {
			f := newFixture(t)
			f.converse([]step{
				{"admin", "授权 wang 工作人员 水上交通", nil, nil},
				{"admin", "上报 桥梁护栏破损 领域：公路运营", []string{"YH2026-0001"}, nil},
				{"admin", "确认 YH2026-0001", nil, nil},
				{"admin", "指派 YH2026-0001 worker1", []string{"指派给 worker1"}, nil},
			})
			got := noticeRE.FindStringSubmatch(f.say(tc.user, tc.msg))
			if got == nil {
				t.Fatalf("no notice of the amount")
			}
			if got[3] != tc.quote || (got[2] != "") != tc.isRange {
				t.Errorf("quoted 「%s」 (range %v); want 「%s」 (range %v)", got[3], got[2] != "", tc.quote, tc.isRange)
			}
			if !strings.HasPrefix(got[4], tc.cmd) {
				t.Fatalf("suggested 「%s」; want it to start 「%s」", got[4], tc.cmd)
			}
			if tc.yuan == 0 {
				if !strings.HasSuffix(got[4], "资金:…") {
					t.Errorf("suggested 「%s」, a value the command does not read; want 资金:…", got[4])
				}
				return
			}
			reply := f.say(tc.user, got[4])
			number := strings.Fields(got[4])[1]
			h, _, err := f.store.Hazard(context.Background(), number)
			if err != nil {
				t.Fatal(err)
			}
			if want := itoa(tc.yuan) + "元"; h.Funds != want {
				t.Errorf("「%s」 stored %q; want %q\nreply: %s", got[4], h.Funds, want, reply)
			}
		})
	}
}

// TestFundsAddedOnTopSuggestsTotal: 资金 is the hazard's total, so an
// amount spent on top (又花费, 另投入, 再花, 追加, 新增) is suggested as the
// new total; sent back, the suggestion stores that total (fix10-3 #2: 又花费
// 4万元 suggested 资金:4万元, which replaced the 3万元 recorded).
func TestFundsAddedOnTopSuggestsTotal(t *testing.T) {
	for _, tc := range []struct {
		user     string
		recorded string // 资金 of the report; "" none
		msg      string
		cmd      string // the suggestion, whole
		want     int64  // stored after sending it
	}{
		{"admin", "3万元", "整改 YH2026-0001 已完成，又花费4万元", "修改 YH2026-0001 资金:7万元", 70000},
		{"admin", "1.5万元", "整改 YH2026-0001 更换警示牌，另投入5000元", "修改 YH2026-0001 资金:2万元", 20000},
		{"admin", "8000元", "整改 YH2026-0001 再花费2万5千元", "修改 YH2026-0001 资金:3.3万元", 33000},
		{"admin", "3万元", "整改 YH2026-0001 追加投入两万元", "修改 YH2026-0001 资金:5万元", 50000},
		{"admin", "3万元", "整改 YH2026-0001 新增护栏支出1234元", "修改 YH2026-0001 资金:3.1234万元", 31234},
		// the assignee may not 修改: 整改 carries the total as well
		{"worker1", "3万元", "整改 YH2026-0001 已更换护栏，又花费4万元", "整改 YH2026-0001 资金:7万元", 70000},
		// nothing recorded: the amount, with a word that 资金 is the total
		{"admin", "", "整改 YH2026-0001 已完成，又花费4万元", "修改 YH2026-0001 资金:4万元", 40000},
		// not on top: as before, the amount
		{"admin", "3万元", "整改 YH2026-0001 已投入资金4万元", "修改 YH2026-0001 资金:4万元", 40000},
	} {
		t.Run(tc.msg+" on "+tc.recorded, func(t *testing.T) {
			f := newFixture(t)
			report := "上报 桥梁护栏破损 领域：公路运营"
			if tc.recorded != "" {
				report += " 资金：" + tc.recorded
			}
			f.converse([]step{
				{"admin", report, []string{"YH2026-0001"}, nil},
				{"admin", "确认 YH2026-0001", nil, nil},
				{"admin", "指派 YH2026-0001 worker1", []string{"指派给 worker1"}, nil},
			})
			reply := f.say(tc.user, tc.msg)
			got := noticeRE.FindStringSubmatch(reply)
			if got == nil {
				t.Fatalf("no notice of the amount: %s", reply)
			}
			if got[4] != tc.cmd {
				t.Fatalf("suggested 「%s」; want 「%s」\nreply: %s", got[4], tc.cmd, reply)
			}
			if tc.recorded != "" && strings.Contains(tc.msg, "又") && !strings.Contains(reply, "累计总额，已登记 "+tc.recorded) {
				t.Errorf("the reply does not say 资金 is the total with %s recorded: %s", tc.recorded, reply)
			}
			f.say(tc.user, got[4])
			h, _, err := f.store.Hazard(context.Background(), "YH2026-0001")
			if err != nil {
				t.Fatal(err)
			}
			if want := itoa(tc.want) + "元"; h.Funds != want {
				t.Errorf("「%s」 stored %q; want %q", got[4], h.Funds, want)
			}
		})
	}
}

// TestFundsUnitQuestionOffersWhatIsRead: a bare amount is asked about
// with only the answers 资金 then reads (fix10-3 #4: 资金:0.35 offered
// 0.35元, which is no whole yuan and was refused), and each one offered
// is read.
func TestFundsUnitQuestionOffersWhatIsRead(t *testing.T) {
	offered := regexp.MustCompile(`「(资金:[^」]+)」`)
	for _, tc := range []struct {
		in   string
		want []string // the answers offered
	}{
		{"3", []string{"资金:3万元", "资金:3元"}},
		{"三", []string{"资金:三万元", "资金:三元"}},
		{"一千五百", []string{"资金:一千五百万元", "资金:一千五百元"}},
		{"两千五", []string{"资金:2500万元", "资金:2500元"}}, // 两千五万元 is not read
		{"一百五", []string{"资金:150万元", "资金:150元"}},
		{"0.35", []string{"资金:0.35万元"}}, // 0.35元 is no whole yuan
		{"1.5", []string{"资金:1.5万元"}},
		{"约3", []string{"资金:3万元", "资金:3元"}},
		{"0.12345", nil}, // neither: the actual amount is asked for
	} {
		_, how, err := parseFunds(tc.in)
		if err == nil || !strings.Contains(how, "没写单位") {
			t.Errorf("parseFunds(%q): how %q, err %v; want the unit asked about", tc.in, how, err)
			continue
		}
		var got []string
		for _, m := range offered.FindAllStringSubmatch(safetybot.ErrorMessage(err), -1) {
			got = append(got, m[1])
			if _, _, err := parseFunds(strings.TrimPrefix(m[1], "资金:")); err != nil {
				t.Errorf("parseFunds(%q) offers 「%s」, which is refused: %v", tc.in, m[1], err)
			}
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("parseFunds(%q) offers %q; want %q", tc.in, got, tc.want)
		}
	}
}

// TestAddedFundsRecordedNoAmount: a 整改资金 recorded before amounts were
// read (free text) has no sum to add to: the note asks for the total.
func TestAddedFundsRecordedNoAmount(t *testing.T) {
	for _, recorded := range []string{"已申请专项资金", "3.5万元", "-3.5"} {
		got := addedFunds("说明", "4万元", "4万元", 40000, "修改 YH2026-0001", recorded)
		if !strings.Contains(got, "已登记「"+recorded+"」；如是整改资金，请写合计金额，发送「修改 YH2026-0001 资金:…」") {
			t.Errorf("recorded %q: %s", recorded, got)
		}
	}
}
