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

	"safetybot/export"
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
	a, err := openApp(ctx, cfg, discardLog())
	if err != nil {
		return err
	}
	defer a.close()
	filter := export.Filter{Year: *year, Domain: strings.TrimSpace(*domain)}
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
