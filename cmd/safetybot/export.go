package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/store"
)

// exportUsage is how to call export, in every refusal.
const exportUsage = "用法：export --out FILE [--format xlsx|csv] [--year YYYY] [--domain 领域]，例如 safetybot export --out 台账.xlsx"

// yearHint is what --year takes, for parseFlags.
var yearHint = map[string]string{"year": "四位数字的年份，例如 2026"}

// exportLedger writes the hazard ledger (隐患台账) as xlsx or csv.
func exportLedger(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	format := fs.String("format", "", "xlsx 或 csv（不写时按 --out 的扩展名 .xlsx 或 .csv）")
	out := fs.String("out", "", "写入的文件（- 为标准输出）")
	var year yearFlag
	fs.Var(&year, "year", "只导出该年编号的隐患（YYYY）")
	domain := fs.String("domain", "", "只导出该行业领域的隐患")
	if err := parseFlags(fs, args, "export", exportUsage, yearHint); err != nil {
		return err
	}
	if *out == "" {
		return usagef("export：请用 --out 写明导出到哪个文件。%s", exportUsage)
	}
	if *format != "" && *format != export.FormatXLSX && *format != export.FormatCSV {
		return usagef("export：--format 只能是 xlsx 或 csv，不是「%s」", *format)
	}
	if year != 0 && (year < 1000 || year > 9999) {
		return usagef("export：--year %d 不是有效的年份，应为四位数字的年份，例如 2026", year)
	}
	now := cfg.now()
	if err := futureYear(int(year), now); err != nil {
		return err
	}
	if err := checkOut("export", *out, "台账."+cmp.Or(*format, export.FormatXLSX)); err != nil {
		return err
	}
	f, err := ledgerFormat(*format, *out)
	if err != nil {
		return err
	}
	a, err := openExisting(ctx, cfg, "export", discardLog(), stderr)
	if err != nil {
		return err
	}
	defer a.close()
	if err := ledgerYear(ctx, a.store, int(year), now); err != nil {
		return err
	}
	dom, err := ledgerDomain(ctx, a.store, *domain)
	if err != nil {
		return err
	}
	filter := export.Filter{Hazards: safetybot.HazardFilter{Year: int(year), Domain: dom}}
	if *out == "-" {
		n, err := export.ExportLedger(ctx, a.store, f, filter, now, stdout, a.dir)
		if err == nil && n.Hazards == 0 {
			fmt.Fprintln(stderr, emptyLedgerNote(filter, ""))
		}
		return err
	}
	var n export.LedgerCounts
	if err := writeFile(*out, func(w io.Writer) (err error) {
		n, err = export.ExportLedger(ctx, a.store, f, filter, now, w, a.dir)
		return err
	}); err != nil {
		return err
	}
	if n.Hazards == 0 {
		fmt.Fprintln(stderr, emptyLedgerNote(filter, *out))
		return nil
	}
	if f == export.FormatCSV {
		// A CSV holds the ledger sheet only: its event count is 0 however
		// many records there are, so it is not reported as one.
		fmt.Fprintf(stderr, "%s：%d 项隐患已写入 %s（CSV 只含台账一张表；处置记录请导出 xlsx，在「%s」表中）\n",
			filter.Title(), n.Hazards, *out, export.SheetEvents)
		return nil
	}
	fmt.Fprintf(stderr, "%s：%d 项隐患、%d 条处置记录已写入 %s\n", filter.Title(), n.Hazards, n.Events, *out)
	return nil
}

// ledgerFormat is the format the ledger is written in: --format, or the
// extension of --out. A name whose extension is neither .xlsx nor .csv, or
// not the --format asked for, is refused with the name to write: a.txt
// was written as xlsx without a word, and the office's double click opened
// it as garbled text (qa10 #18). "-" (standard output) is xlsx unless
// --format says csv.
// format is "", xlsx or csv.
func ledgerFormat(format, out string) (string, error) {
	if out == "-" {
		return cmp.Or(format, export.FormatXLSX), nil
	}
	ext := filepath.Ext(out)
	f := strings.ToLower(strings.TrimPrefix(ext, "."))
	switch {
	case format == "" && (f == export.FormatXLSX || f == export.FormatCSV):
		return f, nil
	case format != "" && format == f:
		return f, nil
	case format != "":
		return "", usagef("export：--out %s 的扩展名与 --format %s 不符，请写 %s", out, format, strings.TrimSuffix(out, ext)+"."+format)
	}
	base := strings.TrimSuffix(out, ext)
	return "", usagef("export：--out %s 不是 .xlsx 或 .csv 文件；台账导出为 Excel（.xlsx）或 CSV（.csv），请写 %s 或 %s，未导出任何文件",
		out, base+".xlsx", base+".csv")
}

// ledgerYear refuses --year of a year the ledger does not cover: before
// both its first hazard's year and the first year of the plan. 1999 was
// answered 「不是有效的年份，应为四位数字」 (qa10 #18), which it is; the
// years it may be are said instead. A year from there on with no hazard
// is written, empty, as futureYear's comment says. 0 is every year.
func ledgerYear(ctx context.Context, s *store.Store, year int, now time.Time) error {
	this := now.In(safetybot.Shanghai).Year()
	if year == 0 || year >= this {
		return nil
	}
	first := this
	p, err := s.Plan(ctx)
	if err != nil {
		return err
	}
	for _, ph := range p.Phases {
		if t, err := ph.Start.Time(); err == nil && t.Year() < first {
			first = t.Year()
		}
	}
	tally, err := s.HazardTally(ctx)
	if err != nil {
		return err
	}
	for _, t := range tally {
		if t.Year > 0 && t.Year < first {
			first = t.Year
		}
	}
	if year >= first {
		return nil
	}
	return usagef("export：台账涵盖 %d 年至 %d 年（方案开始之年或最早的隐患编号年份起，至今年），--year %d 不在其中，未导出任何文件。请选择 %d 至 %d 年之间的年份，或不写 --year 导出全部隐患",
		first, this, year, first, this)
}

// futureYear refuses --year of a year not begun (in Beijing time), as
// report refuses it: no hazard can be numbered in it yet, and an empty
// ledger written with exit 0 read as "nothing found" for a year nobody has
// inspected. A past year with no hazards is exported, as an office files
// a ledger for every year, with emptyLedgerNote.
func futureYear(year int, now time.Time) error {
	today := safetybot.DateOf(now)
	if this := now.In(safetybot.Shanghai).Year(); year > this {
		return usagef("export：%d 年尚未开始（今天是 %s），台账中不会有该年编号的隐患，未导出任何文件。请选择 %d 及以前的年份，或不写 --year 导出全部隐患", year, today, this)
	}
	return nil
}

// emptyLedgerNote is what export says after writing a ledger with no
// hazard: the file is only the sheets' headers, which is a record an office
// may want (no hazards in a year), but is not to be mistaken for a ledger
// that lost its rows to a mistyped filter.
// out is the file, or "" for standard output.
func emptyLedgerNote(filter export.Filter, out string) string {
	where := "已将只有表头的空台账写入 " + out
	if out == "" {
		where = "输出的是只有表头的空台账"
	}
	if filter.Hazards.Year == 0 && filter.Hazards.Domain == "" {
		return fmt.Sprintf("%s：0 项隐患（台账中还没有登记任何隐患），%s", filter.Title(), where)
	}
	return fmt.Sprintf("%s：0 项隐患（没有符合条件的隐患），%s；不写 --year、--domain 可导出全部隐患", filter.Title(), where)
}

// ledgerDomain reads --domain as chat reads 领域: (水上 → 水上交通, 危货 →
// 道路运输), so the ledger filters by a domain hazards are stored under; a
// name the plan no longer has but the ledger holds (a domain dropped by a
// plan import) is taken as written. Anything else is refused with the
// domains to choose from: matching the text as typed gave an empty
// ledger and exit 0 (QA 6). "" is every domain.
func ledgerDomain(ctx context.Context, s *store.Store, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	p, err := s.Plan(ctx)
	if err != nil {
		return "", err
	}
	d, perr := safetybot.ParseDomain(p.Domains, v)
	if perr == nil {
		return d, nil
	}
	tally, err := s.HazardTally(ctx)
	if err != nil {
		return "", err
	}
	for _, t := range tally {
		if t.Domain != "" && t.Domain == v {
			return v, nil
		}
	}
	return "", usagef("export：--domain：%s未导出任何文件。", safetybot.ErrorMessage(perr))
}
