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

// report writes the annual summary draft: a workbook of the year's figures
// and the statistics section of the 年度工作总结 as Markdown beside it.
// --out 总结.xlsx writes 总结.xlsx and 总结.md; --out 总结.md the same pair;
// --out 总结 (no extension) writes 总结.xlsx and 总结.md.
func report(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	year := fs.Int("year", time.Now().In(safetybot.Shanghai).Year(), "the year to sum up (YYYY)")
	out := fs.String("out", "", "file to write: FILE.xlsx and FILE.md")
	if err := fs.Parse(args); err != nil {
		return usagef("%v", err)
	}
	if *out == "" || fs.NArg() > 0 {
		return usagef("report needs --out FILE, e.g. safetybot report --year 2026 --out 2026年度总结.xlsx")
	}
	if *year < 2000 || *year > 2100 {
		return usagef("--year must be a year such as 2026")
	}
	xlsxPath, mdPath := reportPaths(*out)
	a, err := openApp(ctx, cfg, discardLog())
	if err != nil {
		return err
	}
	defer a.store.Close()
	fig, err := export.LoadAnnual(ctx, a.store, *year, time.Now())
	if err != nil {
		return err
	}
	if err := writeFile(xlsxPath, func(w io.Writer) error { return export.WriteAnnualXLSX(w, fig) }); err != nil {
		return err
	}
	if err := writeFile(mdPath, func(w io.Writer) error { return export.WriteAnnualMarkdown(w, fig) }); err != nil {
		return err
	}
	fmt.Fprintln(stdout, xlsxPath)
	fmt.Fprintln(stdout, mdPath)
	fmt.Fprintf(stderr, "%d年度统计（截至 %s）：登记隐患 %d 项，重大 %d 项，整改销号率 %s。\n",
		fig.Year, fig.AsOf, fig.Total.Found, fig.Total.Major, fig.Total.ClosureRate())
	return nil
}

// reportPaths decides the workbook and text files from --out.
func reportPaths(out string) (xlsx, md string) {
	base := out
	switch strings.ToLower(filepath.Ext(out)) {
	case ".xlsx", ".md":
		base = strings.TrimSuffix(out, filepath.Ext(out))
	}
	return base + ".xlsx", base + ".md"
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
