package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"safetybot"
)

// TestOpenQuestions: a user's open questions under their prefix, oldest
// first, without another user's whose id only starts the same, nor the
// expired ones.
func TestOpenQuestions(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	now := time.Date(2026, 11, 28, 10, 0, 0, 0, safetybot.Shanghai)
	ask := func(key, body string, expires time.Time) {
		t.Helper()
		if err := s.AskQuestion(ctx, key, body, expires); err != nil {
			t.Fatal(err)
		}
	}
	const zhao = "chat\x00\x00zhao"
	ask(zhao+"\x00YH2026-0036", "second", now.Add(20*time.Minute))
	ask(zhao+"\x00YH2026-0035", "first", now.Add(10*time.Minute))
	ask(zhao+"ke\x00YH2026-0001", "another user", now.Add(5*time.Minute))
	ask(zhao+"\x00YH2026-0001", "expired", now.Add(-time.Minute))
	ask("chat\x00\x00\xff\xff", "0xff ids", now.Add(time.Minute))
	for _, tc := range []struct {
		prefix string
		want   []string
	}{
		{zhao + "\x00", []string{"first", "second"}},
		{zhao + "ke\x00", []string{"another user"}},
		{"chat\x00\x00\xff", []string{"0xff ids"}},
		{"nobody\x00", nil},
	} {
		qs, err := s.OpenQuestions(ctx, tc.prefix)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, q := range qs {
			got = append(got, q.Body)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("OpenQuestions(%q) = %q, want %q", tc.prefix, got, tc.want)
		}
	}
	if body, ok, err := s.TakeQuestion(ctx, zhao+"\x00YH2026-0035"); err != nil || !ok || body != "first" {
		t.Fatalf("take: %q %v %v", body, ok, err)
	}
	if qs, _ := s.OpenQuestions(ctx, zhao+"\x00"); len(qs) != 1 || qs[0].Body != "second" {
		t.Fatalf("after taking the first: %v", qs)
	}
}
