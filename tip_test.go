package safetybot

import (
	"strings"
	"testing"
)

// TestTipNext: every status × every action → the status it leaves, or a
// refusal with its code and a message naming the status.
func TestTipNext(t *testing.T) {
	const refused = TipStatus("") // with code ECONFLICT
	for _, tc := range []struct {
		from TipStatus
		want map[TipAction]TipStatus
	}{
		{TipNew, map[TipAction]TipStatus{TipRead: TipNew, TipReply: TipInProgress, TipAddInfo: TipNew,
			TipVerify: TipVerified, TipDecline: TipDeclined, TipReward: refused}},
		{TipInProgress, map[TipAction]TipStatus{TipRead: TipInProgress, TipReply: TipInProgress, TipAddInfo: TipInProgress,
			TipVerify: TipVerified, TipDecline: TipDeclined, TipReward: refused}},
		{TipVerified, map[TipAction]TipStatus{TipRead: TipVerified, TipReply: TipVerified, TipAddInfo: TipVerified,
			TipVerify: refused, TipDecline: refused, TipReward: TipVerified}},
		{TipDeclined, map[TipAction]TipStatus{TipRead: TipDeclined, TipReply: TipDeclined, TipAddInfo: refused,
			TipVerify: refused, TipDecline: refused, TipReward: refused}},
		{TipClosed, map[TipAction]TipStatus{TipRead: TipClosed, TipReply: TipClosed, TipAddInfo: refused,
			TipVerify: refused, TipDecline: refused, TipReward: refused}},
	} {
		if len(tc.want) != len(TipActions) {
			t.Fatalf("%s: the table covers %d of %d actions", tc.from, len(tc.want), len(TipActions))
		}
		for _, a := range TipActions {
			tip := &Tip{ID: 1234567, Status: tc.from}
			got, err := tip.Next(a)
			want := tc.want[a]
			code := ""
			if want == refused {
				code = ECONFLICT
			}
			if got != want || ErrorCode(err) != code {
				t.Errorf("%s × %s = %q, %v; want %q, code %q", tc.from, a, got, err, want, code)
			}
			// the status is quoted, not spliced into a sentence: 「该举报已已办结」 (qa2 #12)
			if msg := ErrorMessage(err); err != nil && (!strings.Contains(msg, "「"+string(tc.from)+"」") || strings.Contains(msg, "已已")) {
				t.Errorf("%s × %s: refusal %q does not say the status as 「%s」", tc.from, a, msg, tc.from)
			}
			if tip.Status != tc.from {
				t.Errorf("%s × %s: Next changed the report", tc.from, a)
			}
		}
	}
	if _, err := (&Tip{Status: TipNew}).Next("改名"); ErrorCode(err) != EINVALID {
		t.Errorf("unknown action: %v", err)
	}
}

// TestTipNextReward: rewards are recorded on verified reports only;
// 已发放 needs 已批准 first; a settled reward closes the report.
func TestTipNextReward(t *testing.T) {
	rewards := append([]RewardStatus{RewardNone}, RewardStatuses...)
	for _, from := range TipStatuses {
		for _, had := range rewards {
			for _, rejected := range []bool{false, true} {
				for _, r := range RewardStatuses {
					tip := &Tip{ID: 1234567, Status: from, Reward: had, HazardNumber: "YH2026-0007", HazardRejected: rejected}
					got, err := tip.NextReward(r)
					var want TipStatus
					code := ""
					switch {
					case from != TipVerified:
						code = ECONFLICT
					case rejected && r != RewardRefused: // 查实后被驳回: no reward but 不予奖励
						code = ECONFLICT
					case r == RewardPaid && had != RewardApproved:
						code = ECONFLICT
					case r == RewardPaid || r == RewardRefused:
						want = TipClosed
					default:
						want = TipVerified
					}
					if got != want || ErrorCode(err) != code {
						t.Errorf("%s (reward %q, rejected %v) + %s = %q, %v; want %q, code %q", from, had, rejected, r, got, err, want, code)
					}
				}
			}
		}
	}
	// Each refusal names the report's state and the way on.
	for _, tc := range []struct {
		tip  Tip
		want []string
	}{
		{Tip{ID: 1234567, Status: TipNew}, []string{"「待受理」", "尚未查实", "「查实 1234567 <隐患描述>"}},
		{Tip{ID: 1234567, Status: TipInProgress}, []string{"「受理中」", "尚未查实", "「查实 1234567 <隐患描述>"}},
		{Tip{ID: 1234567, Status: TipVerified, HazardNumber: "YH2026-0007", HazardRejected: true},
			[]string{"「查实后被驳回」", "YH2026-0007 经复核已被驳回", "「撤销 YH2026-0007」", "「奖励 1234567 不予奖励」"}},
		{Tip{ID: 1234567, Status: TipDeclined}, []string{"「不予受理」", "只有已查实、尚未办结的举报"}},
	} {
		_, err := tc.tip.NextReward(RewardPending)
		for _, w := range tc.want {
			if !strings.Contains(ErrorMessage(err), w) {
				t.Errorf("%s (rejected %v): %v, want %q", tc.tip.Status, tc.tip.HazardRejected, err, w)
			}
		}
	}
	for _, tc := range []struct {
		had  RewardStatus
		want string
	}{{RewardNone, "（当前：未记录）"}, {RewardPending, "（当前：待审核）"}} {
		_, err := (&Tip{Status: TipVerified, Reward: tc.had}).NextReward(RewardPaid)
		if !strings.Contains(ErrorMessage(err), tc.want) {
			t.Errorf("paid before approved (had %q): %v", tc.had, err)
		}
	}
	if _, err := (&Tip{Status: TipVerified}).NextReward(RewardNone); ErrorCode(err) != EINVALID {
		t.Errorf("no reward status: %v", err)
	}
}

// TestParseYuan: amounts as staff write them, and the ones that only look
// like amounts (QA item 17: 1,2345元 was read as 12345, 1e9 as 10亿).
func TestParseYuan(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64  // when err is ""
		err  string // part of the refusal
	}{
		{in: "5000", want: 5000},
		{in: "5000元", want: 5000},
		{in: "¥5,000", want: 5000},
		{in: "1,250,000元", want: 1250000},
		{in: "1.5万", want: 15000},
		{in: "3.6 万元", want: 36000},
		{in: "1.1万", want: 11000},
		{in: "1.2345万元", want: 12345},
		{in: "约2万元", want: 20000},
		{in: "30万元", want: 300000},
		{in: "5千元", want: 5000}, // qa6b #8: ５千元 from a phone, folded
		{in: "5千", want: 5000},
		{in: "1.5千元", want: 1500},
		{in: "约3千元", want: 3000},
		{in: "1.2345千元", err: "整数元"},
		{in: "千元", err: "只有单位，没有数目"},
		{in: "5千万元", want: 50000000}, // as 五千万元
		// fix10-3 #5: 百 after digits as 千 is; a unit alone is no amount.
		{in: "5百元", want: 500},
		{in: "5百", want: 500},
		{in: "1.5百元", want: 150},
		{in: "3千元", want: 3000},
		{in: "百元", err: "只有单位，没有数目"},
		{in: "佰元", err: "只有单位，没有数目"},
		{in: "万元", err: "只有单位，没有数目"},
		{in: "元", err: "无法识别"},
		{in: "0", want: 0},
		{in: "12.00元", want: 12},
		{in: "1,2345元", err: "逗号只能每三位一个"},
		{in: "12,34", err: "逗号只能每三位一个"},
		{in: ",123", err: "逗号只能每三位一个"},
		{in: "1e9", err: "无法识别"},
		{in: "1E3元", err: "无法识别"},
		{in: "0x10", err: "无法识别"},
		{in: "Inf", err: "无法识别"},
		{in: "1_000", err: "无法识别"},
		{in: "-5", err: "无法识别"},
		{in: "3.", err: "无法识别"},
		{in: ".5万", err: "无法识别"},
		{in: "若干", err: "无法识别"},
		{in: "12.5元", err: "整数元"},
		{in: "1.23456万", err: "整数元"},
		{in: "10000000000000", err: "无法识别"},
		// QA7b #5: as receipts and phones write amounts.
		{in: "5000元整", want: 5000},
		{in: "20000元整", want: 20000},
		{in: "伍仟元", want: 5000},
		{in: "五千元", want: 5000},
		{in: "两万元", want: 20000},
		{in: "2万5千元", want: 25000},
		{in: "一万零五百元", want: 10500},
		{in: "十五万元", want: 150000},
		{in: "壹万贰仟元整", want: 12000},
		{in: "0.5万元左右", want: 5000},
		// fix10-3 #1: the spoken short forms of money, one digit in the
		// unit below the last (两千五 is 2500; 2005 is 两千零五).
		{in: "一万五", want: 15000},
		{in: "两千五", want: 2500},
		{in: "两千五元", want: 2500},
		{in: "一万二", want: 12000},
		{in: "三万五", want: 35000},
		{in: "一千二百五元", want: 1250},
		{in: "十万零五千元", want: 105000},
		{in: "两千零五元", want: 2005},
		{in: "2万5", want: 25000},
		{in: "3千5元", want: 3500},
		{in: "1万5000", err: "无法识别"},
		{in: "三四万元", err: "是约数"},
		{in: "两千五六元", err: "是约数"},
		{in: "一万二三", err: "是约数"},
		{in: "两千五万元", err: "写法有歧义"},
		{in: "3-5万元", err: "无法识别"},
		{in: "五千万亿", err: "无法识别"},
		// One reader of numerals (ParseNumeral): these were read as 6, 3,
		// 105万 (spoken 150万), 1万 and 3.2万 yuan.
		{in: "二〇二六元", err: "无法识别"},
		{in: "三三元", err: "无法识别"},
		{in: "一百五万元", err: "写法有歧义：「一百五」是口语省略"},
		{in: "五千五千元", err: "无法识别"},
		{in: "2万12千元", err: "无法识别"},
		{in: "一百零五万元", want: 1050000},
		{in: "一万零500元", want: 10500},
		{in: "零元", err: "无法识别"},
		// QA10 #9: 十 leading a number (no numeral digit before it), and 整.
		{in: "十万元", want: 100000},
		{in: "十元", want: 10},
		{in: "拾万元", want: 100000},
		{in: "十万元整", want: 100000},
		{in: "一十万元", want: 100000},
		{in: "拾元整", want: 10},
		{in: "十万零五百元", want: 100500},
		{in: "十二万五千元", want: 125000},
		{in: "十", want: 10}, // bare: 资金 asks (parseFunds), 罚款 is in 元
		{in: "十十元", err: "无法识别"},
		{in: "十五万五元", want: 155000}, // spoken 十五万五千 (150005 is 十五万零五)
	} {
		got, err := ParseYuan(tc.in)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(ErrorMessage(err), tc.err)):
			t.Errorf("ParseYuan(%q) = %d, %v; want a refusal with %q", tc.in, got, err, tc.err)
		}
	}
}
