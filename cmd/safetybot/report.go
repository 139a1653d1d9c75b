package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"

	"safetybot"
	"safetybot/export"
)

const reportUsage = "用法：report --year YYYY | --plan [方案N] | --from YYYY-MM-DD --to YYYY-MM-DD，加 --out FILE [--md]，例如 safetybot report --year 2026 --out 2026年度总结.docx"

// report writes a summary draft: the Word document (FILE.docx) and the
// workbook of its figures (FILE.xlsx), and with --md the text as Markdown
// (FILE.md). The period is --year YYYY (default this year), --plan (the
// current plan's whole span from its phases, with the 自查自评 table of its
// tasks), --plan 方案N (archived plan N's) or --from YYYY-MM-DD --to
// YYYY-MM-DD. --out 总结.docx, 总结.xlsx or 总结 name the pair.
func report(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	var year yearFlag
	fs.Var(&year, "year", "总结的年份（YYYY，默认今年）")
	var whole planFlag
	fs.Var(&whole, "plan", "方案的全部期间：当前方案，或 方案N（历史方案 N）")
	from := fs.String("from", "", "期间的第一天（YYYY-MM-DD），与 --to 一起用")
	to := fs.String("to", "", "期间的最后一天（YYYY-MM-DD），与 --from 一起用")
	out := fs.String("out", "", "写入 FILE.docx 和 FILE.xlsx")
	md := fs.Bool("md", false, "另写 Markdown（FILE.md）")
	if err := parseFlags(fs, planValueArgs(args), "report", reportUsage, yearHint); err != nil {
		return err
	}
	if *out == "" {
		return usagef("report：请用 --out 写明文件名。%s", reportUsage)
	}
	chosen := 0
	for _, set := range []bool{year != 0, whole.set, *from != "" || *to != ""} {
		if set {
			chosen++
		}
	}
	if chosen > 1 {
		return usagef("report：--year、--plan、--from/--to 只能选一种。%s", reportUsage)
	}
	if (*from == "") != (*to == "") {
		return usagef("report：--from 和 --to 要一起写，例如 --from 2024-01-01 --to 2026-12-31")
	}
	// Any four-digit year is a year: one outside the plans is refused by
	// LoadPeriod with the years it may be (1999 was called 「不是有效的年份」).
	if year != 0 && (year < 1000 || year > 9999) {
		return usagef("report：--year %d 不是有效的年份，应为四位数字的年份，例如 2026", year)
	}
	first, last := safetybot.Date(*from), safetybot.Date(*to)
	for _, d := range []struct {
		flag string
		date safetybot.Date
	}{{"--from", first}, {"--to", last}} {
		if _, err := d.date.Time(); d.date != "" && err != nil {
			return usagef("report：%s「%s」不是有效日期，请写成 YYYY-MM-DD，例如 2026-01-01", d.flag, d.date)
		}
	}
	if first > last {
		return usagef("report：--from %s 晚于 --to %s，请对调或改正", first, last)
	}
	// --out names the pair: a directory is refused as it is by export,
	// before any work (it became /tmp.docx, or hidden .docx files in it,
	// with exit 0), and so is a name that is only an extension.
	if err := checkOut("report", *out, "总结.docx"); err != nil {
		return err
	}
	docxPath, xlsxPath, mdPath := reportPaths(*out)
	if filepath.Base(docxPath) == ".docx" {
		return usagef("report：--out %s 没有文件名，请写文件名，例如 %s", *out, filepath.Join(filepath.Dir(*out), "总结.docx"))
	}
	for _, p := range []string{docxPath, xlsxPath} {
		if err := checkOut("report", p, "总结.docx"); err != nil {
			return err
		}
	}
	a, err := openExisting(ctx, cfg, "report", discardLog(), stderr)
	if err != nil {
		return err
	}
	defer a.store.Close()
	now := cfg.now()
	var fig *export.Annual
	switch {
	case whole.set:
		fig, err = export.LoadPlan(ctx, a.store, whole.id, now)
		if code := safetybot.ErrorCode(err); code == safetybot.ENOTFOUND || code == safetybot.EINVALID {
			return usagef("%s：%s", strings.TrimSpace("report --plan "+whole.ref), safetybot.ErrorMessage(err))
		}
	case first == "":
		y := int(year)
		if y == 0 {
			y = now.In(safetybot.Shanghai).Year()
		}
		first, last = safetybot.Date(fmt.Sprintf("%04d-01-01", y)), safetybot.Date(fmt.Sprintf("%04d-12-31", y))
		fallthrough
	default:
		// A period with nothing to sum up (before the first plan, or not
		// begun) is refused by export, as the dashboard refuses it.
		fig, err = export.LoadPeriod(ctx, a.store, first, last, now)
		if safetybot.ErrorCode(err) == safetybot.EINVALID {
			return usagef("report：%s", safetybot.ErrorMessage(err))
		}
	}
	if err != nil {
		return err
	}
	if err := writeShared(docxPath, func(w io.Writer) error { return export.WriteDOCX(w, fig.Document(), fig.Generated) }); err != nil {
		return err
	}
	if err := writeShared(xlsxPath, func(w io.Writer) error { return export.WriteAnnualXLSX(w, fig) }); err != nil {
		return err
	}
	fmt.Fprintln(stdout, docxPath)
	fmt.Fprintln(stdout, xlsxPath)
	if *md {
		if err := writeShared(mdPath, func(w io.Writer) error { return export.WriteMarkdown(w, fig.Document()) }); err != nil {
			return err
		}
		fmt.Fprintln(stdout, mdPath)
	}
	fmt.Fprintf(stderr, "%s（%s 至 %s，截至 %s）：登记隐患 %d 项，重大 %d 项，整改销号率 %s。\n",
		fig.Title(), fig.From, fig.To, fig.AsOf, fig.Total.Found, fig.Total.Major, fig.Total.ClosureRate())
	return nil
}

// planFlag is --plan: alone, the current plan; --plan=方案N (or --plan 方案N,
// see planValueArgs) archived plan N.
type planFlag struct {
	set bool
	ref string
	id  int64
}

func (f *planFlag) String() string   { return f.ref }
func (f *planFlag) IsBoolFlag() bool { return true }

func (f *planFlag) Set(v string) error {
	if v == "true" {
		v = ""
	}
	id, ok := export.PlanRef(v)
	if !ok {
		return fmt.Errorf("--plan 不写值为当前方案，历史方案写 方案1 这样的编号")
	}
	f.set, f.ref, f.id = true, v, id
	return nil
}

// planValueArgs joins "--plan 方案1" into "--plan=方案1": a flag that may
// stand alone (boolean) takes a value only after "=" in package flag.
func planValueArgs(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if (a == "--plan" || a == "-plan") && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			out = append(out, a+"="+args[i+1])
			i++
			continue
		}
		out = append(out, a)
	}
	return out
}

// reportPaths decides the document, workbook and text files from --out.
func reportPaths(out string) (docx, xlsx, md string) {
	base := out
	switch strings.ToLower(filepath.Ext(out)) {
	case ".docx", ".xlsx", ".md":
		base = strings.TrimSuffix(out, filepath.Ext(out))
	}
	return base + ".docx", base + ".xlsx", base + ".md"
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
