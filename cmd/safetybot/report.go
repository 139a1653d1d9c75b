package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"safetybot"
	"safetybot/export"
)

// report writes a summary draft: the Word document (FILE.docx) and the
// workbook of its figures (FILE.xlsx), and with --md the text as Markdown
// (FILE.md). The period is --year YYYY (default this year), --plan (the
// campaign's span from the plan's phases, with the 自查自评 table) or
// --from YYYY-MM-DD --to YYYY-MM-DD. --out 总结.docx, 总结.xlsx or 总结
// name the pair.
func report(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	year := fs.Int("year", 0, "the year to sum up (YYYY; default this year)")
	whole := fs.Bool("plan", false, "the whole campaign, from the plan's first phase to its last")
	from := fs.String("from", "", "first day of the period (YYYY-MM-DD), with --to")
	to := fs.String("to", "", "last day of the period (YYYY-MM-DD), with --from")
	out := fs.String("out", "", "files to write: FILE.docx and FILE.xlsx")
	md := fs.Bool("md", false, "also write the text as Markdown (FILE.md)")
	if err := fs.Parse(args); err != nil {
		return usagef("%v", err)
	}
	if *out == "" || fs.NArg() > 0 {
		return usagef("report needs --out FILE, e.g. safetybot report --year 2026 --out 2026年度总结.docx")
	}
	chosen := 0
	for _, set := range []bool{*year != 0, *whole, *from != "" || *to != ""} {
		if set {
			chosen++
		}
	}
	if chosen > 1 {
		return usagef("give one of --year, --plan or --from/--to")
	}
	if (*from == "") != (*to == "") {
		return usagef("--from and --to go together, e.g. --from 2024-01-01 --to 2026-12-31")
	}
	if *year != 0 && (*year < 2000 || *year > 2100) {
		return usagef("--year must be a year such as 2026")
	}
	first, last := safetybot.Date(*from), safetybot.Date(*to)
	for _, d := range []safetybot.Date{first, last} {
		if _, err := d.Time(); d != "" && err != nil {
			return usagef("--from/--to must be dates such as 2024-01-01, not %q", d)
		}
	}
	if first > last {
		return usagef("--from %s is after --to %s", first, last)
	}
	docxPath, xlsxPath, mdPath := reportPaths(*out)
	a, err := openApp(ctx, cfg, discardLog())
	if err != nil {
		return err
	}
	defer a.store.Close()
	now := time.Now()
	switch {
	case *whole:
		p, err := a.store.Plan(ctx)
		if err != nil {
			return err
		}
		var ok bool
		if first, last, ok = export.PlanPeriod(p.Phases); !ok {
			return usagef("the plan has no phases: give --from and --to")
		}
	case first == "":
		y := *year
		if y == 0 {
			y = now.In(safetybot.Shanghai).Year()
		}
		first, last = safetybot.Date(fmt.Sprintf("%04d-01-01", y)), safetybot.Date(fmt.Sprintf("%04d-12-31", y))
	}
	fig, err := export.LoadPeriod(ctx, a.store, first, last, now)
	if err != nil {
		return err
	}
	if err := writeFile(docxPath, func(w io.Writer) error { return export.WriteDOCX(w, fig.Document(), fig.Generated) }); err != nil {
		return err
	}
	if err := writeFile(xlsxPath, func(w io.Writer) error { return export.WriteAnnualXLSX(w, fig) }); err != nil {
		return err
	}
	fmt.Fprintln(stdout, docxPath)
	fmt.Fprintln(stdout, xlsxPath)
	if *md {
		if err := writeFile(mdPath, func(w io.Writer) error { return export.WriteMarkdown(w, fig.Document()) }); err != nil {
			return err
		}
		fmt.Fprintln(stdout, mdPath)
	}
	fmt.Fprintf(stderr, "%s（%s 至 %s，截至 %s）：登记隐患 %d 项，重大 %d 项，整改销号率 %s。\n",
		fig.Title(), fig.From, fig.To, fig.AsOf, fig.Total.Found, fig.Total.Major, fig.Total.ClosureRate())
	return nil
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
