package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"safetybot"
	"safetybot/export"
)

// hazardQuery is the list's filters as the URL carries them.
type hazardQuery struct {
	Domain  string
	Status  string // "", "open" (未销号) or a status
	Grade   string
	Year    int
	Overdue bool
	Q       string
	Sort    string // "" (urgency) or "number" (newest number first)
	Page    int
	// units are the unit names Q stands for as a short form (withUnits).
	units map[string]bool
	// assignees are the responsible persons whose name holds Q (withNames).
	assignees []string
}

// parseHazardQuery reads the list's filters as the page's form writes them
// and as people type them into a URL (qa4 #8: １００％ found nothing, domain=水上
// and status=乱写 read as "no such hazards", year=abc was dropped without a
// word). Every value is folded as chat folds a message (safetybot.Fold:
// full-width digits, invisible characters), the domain is read by chat's
// reader (水上 → 水上交通), 未销号 is open. A value it cannot read filters
// nothing and is named in problems, for the page to say so.
func parseHazardQuery(v url.Values, domains []safetybot.Domain) (q hazardQuery, problems []string) {
	get := func(k string) string { return strings.TrimSpace(safetybot.Fold(v.Get(k))) }
	q.Q = get("q")
	if s := get("domain"); s != "" {
		if dm, err := safetybot.ParseDomain(domains, s); err == nil {
			q.Domain = dm
		} else {
			problems = append(problems, safetybot.ErrorMessage(err))
		}
	}
	switch s := get("status"); {
	case s == "open" || s == "未销号":
		q.Status = "open" // a hand-typed URL says it in words
	case s == "" || slices.Contains(safetybot.Statuses, safetybot.Status(s)):
		q.Status = s
	default:
		names := []string{"未销号"}
		for _, st := range safetybot.Statuses {
			names = append(names, string(st))
		}
		problems = append(problems, fmt.Sprintf("状态「%s」无法识别，可选：%s。", safetybot.Truncate(s, 20), strings.Join(names, "、")))
	}
	switch s := strings.TrimSuffix(get("grade"), "隐患"); s {
	case "", string(safetybot.GradeMajor), string(safetybot.GradeGeneral):
		q.Grade = s
	default:
		problems = append(problems, fmt.Sprintf("等级「%s」无法识别，可选：重大、一般。", safetybot.Truncate(s, 20)))
	}
	if s := get("year"); s != "" {
		if y, err := strconv.Atoi(s); err == nil && y >= 2000 && y <= 2100 {
			q.Year = y
		} else {
			problems = append(problems, fmt.Sprintf("年度「%s」无法识别，应为四位年份，例如 2026。", safetybot.Truncate(s, 20)))
		}
	}
	switch s := get("overdue"); s {
	case "", "0":
	case "1":
		q.Overdue = true
	default:
		problems = append(problems, fmt.Sprintf("仅逾期「%s」无法识别：只列逾期的写 overdue=1。", safetybot.Truncate(s, 20)))
	}
	switch s := get("sort"); s {
	case "":
	case "number":
		q.Sort = s
	default:
		problems = append(problems, fmt.Sprintf("排序「%s」无法识别，已按紧急程度排列；按编号排列写 sort=number。", safetybot.Truncate(s, 20)))
	}
	q.Page, _ = strconv.Atoi(get("page"))
	q.Page = max(q.Page, 1)
	return q, problems
}

// withKeyword resolves what q's keyword stands for beyond its text (the
// units it is a short form of, the people whose name holds it), for the
// list and its download alike: the store then tests one filter for both.
func (d *Dashboard) withKeyword(ctx context.Context, q hazardQuery, today safetybot.Date) (hazardQuery, error) {
	if q.Q == "" {
		return q, nil
	}
	q, err := d.withUnits(ctx, q)
	if err != nil {
		return q, err
	}
	return d.withNames(ctx, q, q.filter(today))
}

// withUnits adds to q the units its keyword stands for as a short form,
// as 上报 matches a unit (通达危货 → 沁水县通达危险货物运输有限公司): when no
// known unit name contains the keyword, the names holding its characters
// in order, for a keyword of three characters or more. A few probes of the
// unit tables, whatever the size of the ledger; the walk of the hazards
// then tests each one's unit in the set.
func (d *Dashboard) withUnits(ctx context.Context, q hazardQuery) (hazardQuery, error) {
	if utf8.RuneCountInString(q.Q) < 3 {
		return q, nil
	}
	for _, registered := range []bool{true, false} {
		if found, err := d.store.UnitNamesLike(ctx, q.Q, registered, false); err != nil || len(found) > 0 {
			return q, err // a name holds the keyword as written: no short form
		}
	}
	for _, registered := range []bool{true, false} {
		found, err := d.store.UnitNamesLike(ctx, q.Q, registered, true)
		if err != nil {
			return q, err
		}
		for _, n := range found {
			if q.units == nil {
				q.units = map[string]bool{}
			}
			q.units[n] = true
		}
	}
	return q, nil
}

// withNames adds to q the responsible persons whose display name holds its
// keyword. Only the directory knows names: they are tested here, among the
// few people the filtered hazards are assigned to, and the store then
// finds their hazards with the rest of the keyword. Asked before the list
// is read, as the directory may itself read the store.
func (d *Dashboard) withNames(ctx context.Context, q hazardQuery, f safetybot.HazardFilter) (hazardQuery, error) {
	f.Keyword, f.KeywordUnits, f.KeywordAssignees = "", nil, nil // people of every hazard the keyword may find
	ids, err := d.store.HazardAssignees(ctx, f)
	for _, id := range ids {
		if strings.Contains(d.name(id), q.Q) {
			q.assignees = append(q.assignees, id)
		}
	}
	slices.Sort(q.assignees)
	return q, err
}

// values writes the filters back (page 0 leaves the page out).
func (q hazardQuery) values(page int) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("domain", q.Domain)
	set("status", q.Status)
	set("grade", q.Grade)
	if q.Year != 0 {
		v.Set("year", strconv.Itoa(q.Year))
	}
	if q.Overdue {
		v.Set("overdue", "1")
	}
	set("q", q.Q)
	set("sort", q.Sort)
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return v
}

// label names the filters beyond year and domain, for the download's title.
func (q hazardQuery) label() string {
	var parts []string
	switch q.Status {
	case "":
	case "open":
		parts = append(parts, "未销号")
	default:
		parts = append(parts, q.Status)
	}
	if q.Grade != "" {
		parts = append(parts, q.Grade)
	}
	if q.Overdue {
		parts = append(parts, "逾期")
	}
	if q.Q != "" {
		parts = append(parts, "含「"+q.Q+"」")
	}
	return strings.Join(parts, "·")
}

// download is the ledger download of what the list shows: its filter,
// named in the title, in the list's order.
func (q hazardQuery) download(today safetybot.Date) export.Filter {
	f := export.Filter{Hazards: q.filter(today), Label: q.label(), Order: export.OrderUrgency}
	if q.Sort == "number" {
		f.Order = export.OrderNumber
	}
	return f
}

// filter is the list's filters for the store, in the order the list
// shows; the keyword with the units and people it stands for (withUnits,
// withNames).
func (q hazardQuery) filter(today safetybot.Date) safetybot.HazardFilter {
	f := safetybot.HazardFilter{Domain: q.Domain, Year: q.Year, Grade: safetybot.Grade(q.Grade), Order: safetybot.OrderUrgency,
		Keyword: q.Q, KeywordAssignees: q.assignees}
	for u := range q.units {
		f.KeywordUnits = append(f.KeywordUnits, u)
	}
	slices.Sort(f.KeywordUnits)
	switch q.Status {
	case "":
	case "open":
		f.OpenOnly = true
	default:
		f.Status = safetybot.Status(q.Status)
	}
	if q.Overdue {
		f.Overdue, f.Today = true, today
	}
	if q.Sort == "number" {
		f.Order = safetybot.OrderNewest
	}
	return f
}
