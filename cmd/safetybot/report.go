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

const reportUsage = "usage: report --year YYYY | --plan [方案N] | --from YYYY-MM-DD --to YYYY-MM-DD, and --out FILE (e.g. safetybot report --year 2026 --out 2026年度总结.docx)"

// report writes a summary draft: the Word document (FILE.docx) and the
// workbook of its figures (FILE.xlsx), and with --md the text as Markdown
// (FILE.md). The period is --year YYYY (default this year), --plan (the
// current plan's whole span from its phases, with the 自查自评 table of its
// tasks), --plan 方案N (archived plan N's) or --from YYYY-MM-DD --to
// YYYY-MM-DD. --out 总结.docx, 总结.xlsx or 总结 name the pair.
func report(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	year := fs.Int("year", 0, "the year to sum up (YYYY; default this year)")
	var whole planFlag
	fs.Var(&whole, "plan", "a plan's whole span: the current plan, or 方案N for archived plan N")
	from := fs.String("from", "", "first day of the period (YYYY-MM-DD), with --to")
	to := fs.String("to", "", "last day of the period (YYYY-MM-DD), with --from")
	out := fs.String("out", "", "files to write: FILE.docx and FILE.xlsx")
	md := fs.Bool("md", false, "also write the text as Markdown (FILE.md)")
	if err := fs.Parse(planValueArgs(args)); err != nil {
		return usagef("report: %v; %s", err, reportUsage)
	}
	if fs.NArg() > 0 {
		return usagef("report: unexpected %q; %s", fs.Arg(0), reportUsage)
	}
	if *out == "" {
		return usagef("report needs --out FILE; %s", reportUsage)
	}
	chosen := 0
	for _, set := range []bool{*year != 0, whole.set, *from != "" || *to != ""} {
		if set {
			chosen++
		}
	}
	if chosen > 1 {
		return usagef("give one of --year, --plan or --from/--to; %s", reportUsage)
	}
	if (*from == "") != (*to == "") {
		return usagef("--from and --to go together, e.g. --from 2024-01-01 --to 2026-12-31")
	}
	if *year != 0 && (*year < 2000 || *year > 2100) {
		return usagef("--year must be a year such as 2026")
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
	docxPath, xlsxPath, mdPath := reportPaths(*out)
	a, err := openExisting(ctx, cfg, "report", discardLog())
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
			return usagef("report --plan %s: %s", whole.ref, safetybot.ErrorMessage(err))
		}
	case first == "":
		y := *year
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
		return fmt.Errorf("--plan takes nothing (the current plan) or an archived plan such as 方案1, not %q", v)
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
