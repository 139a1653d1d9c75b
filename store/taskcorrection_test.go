package store

import (
	"context"
	"database/sql"
	"testing"

	"safetybot"
	"safetybot/internal/testkit"
)

// QA16 #2: a correction reads back as one, its reason apart from the word,
// and so do the rows the bot wrote before TaskUpdate.Correction existed,
// when the word 更正 was kept as the note; a note that merely begins with
// the characters (更正了…) is a note.
func TestTaskCorrectionReadsBack(t *testing.T) {
	s, file := openTest(t)
	ctx := context.Background()
	seededPlan(t, s)
	for _, u := range []safetybot.TaskUpdate{
		{TaskNo: 6, Actor: "lu", Note: "督导检查", Progress: 85},
		{TaskNo: 6, Actor: "lu", Progress: 95, Correction: true},
		{TaskNo: 6, Actor: "lu", Note: "刚才填错了", Progress: 90, Correction: true},
		{TaskNo: 6, Actor: "lu", Note: "更正了台账信息", Progress: -1},
	} {
		if err := s.AddTaskUpdate(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	// As the bot stored them before: the word kept as the note.
	err := testkit.WriteRaw(ctx, file, func(tx *sql.Tx) error {
		for _, note := range []string{"更正", "更正，上次填错"} {
			if _, err := tx.ExecContext(ctx, "INSERT INTO task_updates (task_no, at, actor, note, progress) VALUES (6, 0, 'old', ?, 80)", note); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, ups, err := s.Task(ctx, 6)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		note string
		fix  bool
	}{{"督导检查", false}, {"", true}, {"刚才填错了", true}, {"更正了台账信息", false}, {"", true}, {"上次填错", true}}
	if len(ups) != len(want) {
		t.Fatalf("%d updates, want %d: %+v", len(ups), len(want), ups)
	}
	for i, w := range want {
		if ups[i].Note != w.note || ups[i].Correction != w.fix {
			t.Errorf("update %d = note %q correction %v, want %q %v", i+1, ups[i].Note, ups[i].Correction, w.note, w.fix)
		}
	}
	all, err := s.TaskUpdates(ctx)
	if err != nil || len(all) != len(want) || !all[1].Correction || all[1].Note != "" {
		t.Errorf("TaskUpdates: %+v %v", all, err)
	}
}
