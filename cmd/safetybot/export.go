package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"safetybot"
	"safetybot/export"
	"safetybot/store"
)

// exportLedger writes the hazard ledger (隐患台账) as xlsx or csv.
func exportLedger(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "", "xlsx or csv (default: from --out's extension, else xlsx)")
	out := fs.String("out", "", "file to write (- for standard output)")
	year := fs.Int("year", 0, "only hazards of this year (YYYY)")
	domain := fs.String("domain", "", "only hazards of this field (行业领域)")
	if err := fs.Parse(args); err != nil {
		return usagef("%v", err)
	}
	if *out == "" || fs.NArg() > 0 {
		return usagef("export needs --out FILE, e.g. safetybot export --format xlsx --out 台账.xlsx")
	}
	f := *format
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
		if f != export.FormatCSV {
			f = export.FormatXLSX
		}
	}
	if f != export.FormatXLSX && f != export.FormatCSV {
		return usagef("--format must be xlsx or csv, not %q", *format)
	}
	if *year != 0 && (*year < 2000 || *year > 2100) {
		return usagef("--year must be a year such as 2026")
	}
	a, err := openExisting(ctx, cfg, "export", discardLog())
	if err != nil {
		return err
	}
	defer a.close()
	dom, err := ledgerDomain(ctx, a.store, *domain)
	if err != nil {
		return err
	}
	filter := export.Filter{Year: *year, Domain: dom}
	if *out == "-" {
		_, err := export.ExportLedger(ctx, a.store, f, filter, time.Now(), stdout, a.dir)
		return err
	}
	var n export.LedgerCounts
	if err := writeFile(*out, func(w io.Writer) (err error) {
		n, err = export.ExportLedger(ctx, a.store, f, filter, time.Now(), w, a.dir)
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%s：%d 项隐患、%d 条处置记录已写入 %s\n", filter.Title(), n.Hazards, n.Events, *out)
	return nil
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

// writeFile writes through a temporary file in the same directory and
// renames it, so a failed export never leaves half a file behind. The file
// is readable by its owner only (0600): the hazard ledger names people and
// units, and is handed on deliberately.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	return finishFile(tmp, path, write)
}

// writeShared is writeFile for a document the office shares (the summary's
// docx, xlsx and md): created 0644, less the process's umask, so another
// office user can open it.
func writeShared(path string, write func(io.Writer) error) error {
	dir, base := filepath.Dir(path), filepath.Base(path)
	for range 100 {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64(), 36))
		tmp, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return err
		}
		return finishFile(tmp, path, write)
	}
	return fmt.Errorf("%s: no free temporary name", path)
}

// finishFile writes tmp, closes it and renames it to path; tmp is removed
// on failure.
func finishFile(tmp *os.File, path string, write func(io.Writer) error) error {
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
