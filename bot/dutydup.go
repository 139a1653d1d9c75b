package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"safetybot"
)

// sameEvent finds among the records of rec's duty and period one of the
// same event as rec, done on day: the same unit, the same day and the same
// subject (sameSubject). QA6a item 3: the clerk and the leader each sent
// 议题 for the one December meeting and the year-end summary counted two
// topics. The second registration is not stored: merging it silently would
// hide from its sender that someone had registered it already, and counting
// distinct meetings only when counting would leave the 议题 reply ("本月第
// 2 项") and the record list saying two. Two meetings on one day with one
// subject are not told apart by anything the bot is given, so they count as
// one; a second meeting's subject says what it was about.
func (e *Engine) sameEvent(ctx context.Context, rec safetybot.DutyRecord, day safetybot.Date) (*safetybot.DutyRecord, error) {
	recs, err := e.store.DutyRecords(ctx, rec.Duty, rec.Period)
	if err != nil {
		return nil, err
	}
	for i := range recs {
		if r := &recs[i]; r.Unit == rec.Unit && r.Day() == day && sameSubject(r.Note, rec.Note) {
			return r, nil
		}
	}
	return nil, nil
}

// sameSubject compares two notes as what they say: spaces and punctuation
// ("研究冬季道路运输安全。", "研究 冬季道路运输安全"), full-width letters
// and ASCII case ("G5", "Ｇ５", "g5": QA7a item 4, a road's name typed in
// lower case was counted as a second meeting) do not make another subject.
func sameSubject(a, b string) bool {
	key := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r = safetybot.FoldRune(r); r < 0 || unicode.IsSpace(r) || unicode.IsPunct(r) || isSeparator(r) {
				return -1
			}
			return unicode.ToLower(r)
		}, s)
	}
	return key(a) == key(b)
}

// duplicateReply is the answer to a registration of an event already
// registered (sameEvent): who registered it, for which day, and that
// nothing was added.
func (e *Engine) duplicateReply(ctx context.Context, what string, prior *safetybot.DutyRecord) string {
	subject := ""
	if prior.Note != "" {
		subject = "「" + safetybot.Truncate(prior.Note, 40) + "」"
	}
	return fmt.Sprintf("未重复登记：%s 已登记%s%s（%s），同一天、同一内容算同一次，年度总结只计一次。"+
		"如是另一次（另一次会议、另一次检查），请写明不同的内容。",
		e.name(ctx, prior.Actor), what, subject, prior.Day())
}
