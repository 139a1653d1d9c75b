package safetybot

import "testing"

func TestHazardNext(t *testing.T) {
	h := func(st Status, g Grade, confirmed bool) *Hazard {
		return &Hazard{Number: "YH2026-0001", Status: st, Grade: g, Confirmed: confirmed}
	}
	for _, tc := range []struct {
		name string
		h    *Hazard
		t    Transition
		want Status
		code string
	}{
		{"confirm pending", h(StatusPending, GradeMajor, false), TransConfirm, StatusRectifying, ""},
		{"confirm twice", h(StatusRectifying, GradeMajor, true), TransConfirm, "", ECONFLICT},
		{"assign keeps pending", h(StatusPending, GradeGeneral, false), TransAssign, StatusPending, ""},
		{"assign keeps rectifying", h(StatusRectifying, GradeGeneral, true), TransAssign, StatusRectifying, ""},
		{"progress keeps status", h(StatusVerifying, GradeGeneral, true), TransProgress, StatusVerifying, ""},
		{"finish rectifying", h(StatusRectifying, GradeMajor, true), TransFinish, StatusVerifying, ""},
		{"finish unconfirmed major", h(StatusPending, GradeMajor, false), TransFinish, "", ECONFLICT},
		{"finish unconfirmed general", h(StatusPending, GradeGeneral, false), TransFinish, StatusVerifying, ""},
		{"finish twice", h(StatusVerifying, GradeGeneral, true), TransFinish, "", ECONFLICT},
		{"close general at once", h(StatusPending, GradeGeneral, false), TransClose, StatusClosed, ""},
		{"close unconfirmed major", h(StatusPending, GradeMajor, false), TransClose, "", ECONFLICT},
		{"close major not finished", h(StatusRectifying, GradeMajor, true), TransClose, "", ECONFLICT},
		{"close verified major", h(StatusVerifying, GradeMajor, true), TransClose, StatusClosed, ""},
		{"close closed", h(StatusClosed, GradeGeneral, true), TransClose, "", ECONFLICT},
		{"reject pending", h(StatusPending, GradeGeneral, false), TransReject, StatusRejected, ""},
		{"reject verifying sends back", h(StatusVerifying, GradeMajor, true), TransReject, StatusRectifying, ""},
		{"reject rejected", h(StatusRejected, GradeGeneral, false), TransReject, "", ECONFLICT},
		{"assign closed", h(StatusClosed, GradeGeneral, true), TransAssign, "", ECONFLICT},
	} {
		got, err := tc.h.Next(tc.t)
		if got != tc.want || ErrorCode(err) != tc.code {
			t.Errorf("%s: Next(%s) = %q, %v; want %q, code %q", tc.name, tc.t, got, err, tc.want, tc.code)
		}
		if err != nil && ErrorMessage(err) == "" {
			t.Errorf("%s: refusal without a message", tc.name)
		}
	}
}

func TestErrorMessageHidesInternals(t *testing.T) {
	if msg := ErrorMessage(errString("disk I/O error at /var/db")); msg == "" || msg == "disk I/O error at /var/db" {
		t.Fatalf("internal error shown to user: %q", msg)
	}
	if ErrorCode(Errorf(ENOTFOUND, "x")) != ENOTFOUND || ErrorCode(nil) != "" {
		t.Fatal("ErrorCode")
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestPeriods(t *testing.T) {
	for _, tc := range []struct {
		date    Date
		month   string
		quarter string
	}{{"2026-01-01", "2026-01", "2026-Q1"}, {"2026-03-31", "2026-03", "2026-Q1"}, {"2026-04-01", "2026-04", "2026-Q2"}, {"2026-12-31", "2026-12", "2026-Q4"}} {
		tm, err := tc.date.Time()
		if err != nil {
			t.Fatal(err)
		}
		if Month(tm) != tc.month || Quarter(tm) != tc.quarter {
			t.Errorf("%s: %s %s", tc.date, Month(tm), Quarter(tm))
		}
	}
}
