package bot

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"safetybot"
)

// dutyPrior is what a registration of a duty finds before it is stored:
// the record of the same event, if any, and the records of its period,
// which the reply counts (read once: the duplicate check and the count once
// read the same period twice).
type dutyPrior struct {
	same   *safetybot.DutyRecord // the same event registered before; nil when none
	period []safetybot.DutyRecord
}

// recordDuty stores rec, done on day, unless the same event is on record
// (priorEvent: then prior.same is set and nothing is stored). The check and
// the insert hold dutyMu: the clerk's and the leader's 议题 for one meeting,
// sent at once, each passed the check before either was stored, and the
// summary counted two topics. Two processes on one database file (serve
// and a terminal chat) are not serialised by it.
func (e *Engine) recordDuty(ctx context.Context, rec safetybot.DutyRecord, day safetybot.Date) (dutyPrior, error) {
	e.dutyMu.Lock()
	defer e.dutyMu.Unlock()
	prior, err := e.priorEvent(ctx, rec, day)
	if err != nil || prior.same != nil {
		return prior, err
	}
	return prior, e.store.RecordDuty(ctx, rec)
}

// priorEvent finds among the records of rec's duty one of the same event
// as rec, done on day: the same unit, the same day and the same subject
// (sameSubject). QA6a item 3: the clerk and the leader each sent 议题 for
// the one December meeting and the year-end summary counted two topics.
// The second registration is not stored: merging it silently would hide
// from its sender that someone had registered it already, and counting
// distinct meetings only when counting would leave the 议题 reply ("本月第
// 2 项") and the record list saying two. Two meetings on one day with one
// subject are not told apart by anything the bot is given, so they count as
// one; a second meeting's subject says what it was about.
//
// A day written in the content (told of, not taken: contentDate) is that
// record's day too, with the content without it (fix9 #4: 议题 11月24日党组会
// 研究安全生产, recorded for the day it was sent, and 议题 党组会研究安全生产
// 日期:11月24日 counted as two meetings). Such a pair may lie in two periods,
// so the content day's period, and for a backfill today's, are read too.
func (e *Engine) priorEvent(ctx context.Context, rec safetybot.DutyRecord, day safetybot.Date) (dutyPrior, error) {
	var p dutyPrior
	recs, err := e.store.DutyRecords(ctx, rec.Duty, rec.Period)
	if err != nil {
		return p, err
	}
	p.period = recs
	now := e.now()
	keys := eventKeys(rec.Note, day, now, rec.On != "")
	others := map[string]bool{rec.Period: true}
	read := func(period string) error {
		if others[period] {
			return nil
		}
		others[period] = true
		more, err := e.store.DutyRecords(ctx, rec.Duty, period)
		recs = append(recs, more...)
		return err
	}
	kind := periodKind(rec.Period)
	if len(keys) > 1 {
		if t, err := keys[1].day.Time(); err == nil {
			if err := read(safetybot.PeriodKey(kind, t)); err != nil {
				return p, err
			}
		}
	}
	if rec.On != "" {
		if err := read(safetybot.PeriodKey(kind, now)); err != nil {
			return p, err
		}
	}
	for i := range recs {
		r := &recs[i]
		if r.Unit == rec.Unit && sharesKey(keys, eventKeys(r.Note, r.Day(), r.At, r.On != "")) {
			p.same = r
			break
		}
	}
	return p, nil
}

// eventKey is one day and subject (subjectKey) a record may be of.
type eventKey struct {
	day     safetybot.Date
	subject string
}

// eventKeys are the events a record of note, done on day and recorded at
// at, may be: that day with the note; and a past day its note holds
// (pastContentDate), with the note without it, unless the record was
// backfilled to another day (its 日期 said which day the event was).
func eventKeys(note string, day safetybot.Date, at time.Time, backfilled bool) []eventKey {
	keys := []eventKey{{day, subjectKey(note)}}
	date := pastContentDate(note, at)
	if date == "" {
		return keys
	}
	d, err := parseDoneDate(date, at)
	if err != nil || backfilled && d != day {
		return keys
	}
	return append(keys, eventKey{d, subjectKey(strings.Replace(note, date, "", 1))})
}

// sharesKey reports whether two records may be of one event.
func sharesKey(a, b []eventKey) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// periodKind is the kind of period a DutyRecord's Period names
// (safetybot.PeriodKey's inverse).
func periodKind(period string) string {
	switch {
	case strings.Contains(period, "-Q"):
		return safetybot.PeriodQuarter
	case strings.Contains(period, "-H"):
		return safetybot.PeriodHalf
	case len(period) == len("2026-11"):
		return safetybot.PeriodMonth
	case len(period) == len("2026"):
		return safetybot.PeriodYear
	}
	return safetybot.PeriodOnce
}

// sameSubject compares two notes as what they say (subjectKey).
func sameSubject(a, b string) bool { return subjectKey(a) == subjectKey(b) }

// subjectKey is what a note says: spaces and punctuation ("研究冬季道路运输
// 安全。", "研究 冬季道路运输安全"), full-width letters and ASCII case ("G5",
// "Ｇ５", "g5": QA7a item 4, a road's name typed in lower case was counted as
// a second meeting) do not make another subject.
func subjectKey(s string) string {
	return strings.Map(func(r rune) rune {
		if r = safetybot.FoldRune(r); r < 0 || unicode.IsSpace(r) || unicode.IsPunct(r) || isSeparator(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// duplicateReply is the answer to a registration of an event already
// registered (dutyPrior.same): who registered it, for which day, and that
// nothing was added. what names the earlier record by its own period (a
// November 补记 is not of 2026年12月, QA10 #6). Nothing was stored, so the
// sender is not told how to take anything back. When that record was kept
// for the day it was sent with a day in its content (fix9 #4), the reply
// names the duty instead, and says how to move the record to its day: by
// 完成 撤销 only when that is the record it would withdraw (its
// registrant's newest of the current period); otherwise a different,
// correct record would go, so the reply says not to and to ask an
// administrator.
func (e *Engine) duplicateReply(ctx context.Context, what string, prior *safetybot.DutyRecord) (string, error) {
	subject := ""
	if prior.Note != "" {
		subject = "「" + safetybot.Truncate(prior.Note, 40) + "」"
	}
	const another = "如是另一次（另一次会议、另一次检查），请写明不同的内容。"
	if date := pastContentDate(prior.Note, prior.At); date != "" && !prior.Backfilled() && parsesAsDay(date, prior.At) {
		name := e.dutyName(ctx, prior.Duty)
		unit := ""
		if prior.Unit != "" {
			unit = "（" + prior.Unit + "）"
		}
		undoable, err := e.undoneBy(ctx, prior)
		if err != nil {
			return "", err
		}
		move := "如需更正那条的日期请联系管理员；「完成 撤销」只撤回登记人本期最近登记的一条，现已不是那条，发送它会撤掉另一条"
		if undoable {
			move = fmt.Sprintf("请登记人（或管理员）发送「完成 撤销 %s」撤回那条，再写明「日期:%s」补记", name, date)
		}
		return fmt.Sprintf("未重复登记：%s 已于 %s 登记「%s」%s%s，内容中的「%s」与本条是同一天，去掉日期后内容相同，算同一次，年度总结只计一次。"+
			"那条按登记当天（%s）计；如「%s」才是实际日期，%s。"+another,
			e.name(ctx, prior.Actor), prior.Day(), name, unit, subject, date, prior.Day(), date, move), nil
	}
	return fmt.Sprintf("未重复登记：%s 已登记%s%s（%s），同一天、同一内容算同一次，年度总结只计一次。"+another,
		e.name(ctx, prior.Actor), what, subject, prior.Day()), nil
}

// undoneBy reports whether 完成 撤销, sent by rec's registrant, withdraws
// rec: the newest record of its duty that they made in the current period.
func (e *Engine) undoneBy(ctx context.Context, rec *safetybot.DutyRecord) (bool, error) {
	if rec.Period != safetybot.PeriodKey(periodKind(rec.Period), e.now()) {
		return false, nil
	}
	recs, err := e.store.DutyRecords(ctx, rec.Duty, rec.Period)
	if err != nil {
		return false, err
	}
	for i := len(recs) - 1; i >= 0; i-- {
		if r := recs[i]; r.Actor == rec.Actor {
			return r.Unit == rec.Unit && r.Note == rec.Note && r.On == rec.On && r.At.Equal(rec.At), nil
		}
	}
	return false, nil
}

// dutyName is the name 完成 knows a duty by, or its key.
func (e *Engine) dutyName(ctx context.Context, key string) string {
	duties, err := e.store.Duties(ctx)
	if err != nil {
		return key
	}
	for _, d := range duties {
		if d.Key == key {
			return d.Name
		}
	}
	return key
}
