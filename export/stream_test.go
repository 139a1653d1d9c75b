package export_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"safetybot"
	"safetybot/export"
	"safetybot/internal/fixture"
)

// The streamed export (what the CLI and the dashboard write) gives the rows
// the in-memory ledger gives, for every filter.
func TestStreamedExportEqualsLedger(t *testing.T) {
	w := seeded(t)
	ctx := context.Background()
	for _, f := range []export.Filter{{}, {Hazards: safetybot.HazardFilter{Year: 2026}}, {Hazards: safetybot.HazardFilter{Year: 2026, Domain: "道路运输"}}, {Hazards: safetybot.HazardFilter{Domain: "没有的领域"}}} {
		l, err := export.LoadLedger(ctx, w.Store, f, fixture.Now)
		if err != nil {
			t.Fatal(err)
		}
		var want, got bytes.Buffer
		if err := export.WriteCSV(&want, l); err != nil {
			t.Fatal(err)
		}
		n, err := export.ExportLedger(ctx, w.Store, export.FormatCSV, f, fixture.Now, &got, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) || n.Hazards != len(l.Hazards) {
			t.Errorf("%+v: streamed CSV differs (%d hazards, ledger %d)", f, n.Hazards, len(l.Hazards))
		}
		want.Reset()
		got.Reset()
		if err := export.WriteXLSX(&want, l); err != nil {
			t.Fatal(err)
		}
		if n, err = export.ExportLedger(ctx, w.Store, export.FormatXLSX, f, fixture.Now, &got, nil); err != nil {
			t.Fatal(err)
		}
		if n.Hazards != len(l.Hazards) || n.Events != len(l.Events) {
			t.Errorf("%+v: streamed %+v, ledger %d hazards %d events", f, n, len(l.Hazards), len(l.Events))
		}
		for _, sheet := range []string{export.SheetLedger, export.SheetEvents} {
			a, b := sheetRows(t, want.Bytes(), sheet), sheetRows(t, got.Bytes(), sheet)
			if !slices.EqualFunc(a, b, slices.Equal) {
				t.Errorf("%+v: sheet %s differs: %d rows, ledger %d", f, sheet, len(b), len(a))
			}
		}
	}
	if _, err := export.ExportLedger(ctx, w.Store, "pdf", export.Filter{}, fixture.Now, &bytes.Buffer{}, nil); err == nil {
		t.Error("pdf accepted")
	}
}

func sheetRows(t *testing.T, b []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
