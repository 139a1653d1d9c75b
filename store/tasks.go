package store

import (
	"context"
	"database/sql"
	"errors"

	"safetybot"
)

// Tasks lists the plan's tasks with their deadlines and latest progress.
func (s *Store) Tasks(ctx context.Context) ([]*safetybot.Task, error) {
	var tasks []*safetybot.Task
	byNo := map[int]*safetybot.Task{}
	err := s.each(ctx, `SELECT t.no, t.action_no, t.title, t.text, t.owner,
		(SELECT count(*) FROM task_updates u WHERE u.task_no = t.no),
		COALESCE((SELECT progress FROM task_updates u WHERE u.task_no = t.no AND progress >= 0 ORDER BY id DESC LIMIT 1), 0)
		FROM plan_tasks t ORDER BY t.no`, func(r scanner) error {
		var t safetybot.Task
		if err := r.Scan(&t.No, &t.Action, &t.Title, &t.Text, &t.Owner, &t.Updates, &t.Progress); err != nil {
			return err
		}
		tasks = append(tasks, &t)
		byNo[t.No] = &t
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.each(ctx, "SELECT task_no, due, what FROM plan_task_deadlines ORDER BY task_no, due", func(r scanner) error {
		var no int
		var d safetybot.Deadline
		if err := r.Scan(&no, &d.Due, &d.What); err != nil {
			return err
		}
		if t := byNo[no]; t != nil {
			t.Deadlines = append(t.Deadlines, d)
		}
		return nil
	})
	return tasks, err
}

// Task returns one task with its updates, oldest first.
func (s *Store) Task(ctx context.Context, no int) (*safetybot.Task, []safetybot.TaskUpdate, error) {
	tasks, err := s.Tasks(ctx)
	if err != nil {
		return nil, nil, err
	}
	var task *safetybot.Task
	for _, t := range tasks {
		if t.No == no {
			task = t
		}
	}
	if task == nil {
		return nil, nil, safetybot.Errorf(safetybot.ENOTFOUND, "没有第 %d 项任务（方案共 %d 项）。发送「任务」查看清单。", no, len(tasks))
	}
	ups, err := list(ctx, s.q, "SELECT task_no, at, actor, note, progress FROM task_updates WHERE task_no = ? ORDER BY id",
		scanTaskUpdate, no)
	return task, ups, err
}

// AddTaskUpdate records a progress report (progress -1: none given).
func (s *Store) AddTaskUpdate(ctx context.Context, u safetybot.TaskUpdate) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var title string
		err := tx.QueryRowContext(ctx, "SELECT title FROM plan_tasks WHERE no = ?", u.TaskNo).Scan(&title)
		if errors.Is(err, sql.ErrNoRows) {
			return safetybot.Errorf(safetybot.ENOTFOUND, "没有第 %d 项任务。发送「任务」查看清单。", u.TaskNo)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO task_updates (task_no, at, actor, note, progress) VALUES (?, ?, ?, ?, ?)",
			u.TaskNo, ms(s.now()), u.Actor, noteColumn(u), u.Progress)
		return err
	})
}

// TaskUpdates lists every task update, oldest first.
func (s *Store) TaskUpdates(ctx context.Context) ([]safetybot.TaskUpdate, error) {
	return list(ctx, s.q, "SELECT task_no, at, actor, note, progress FROM task_updates ORDER BY id", scanTaskUpdate)
}

// scanTaskUpdate reads task_no, at, actor, note, progress: a row of
// task_updates or plan_archive_updates.
func scanTaskUpdate(r scanner) (u safetybot.TaskUpdate, err error) {
	err = r.Scan(&u.TaskNo, (*msTime)(&u.At), &u.Actor, &u.Note, &u.Progress)
	u.Note, u.Correction = safetybot.CutCorrection(u.Note)
	return u, err
}

// noteColumn is the note column of u: a correction's note is led by the
// word 更正 (safetybot.CutCorrection reads it back). The column holds what
// the bot stored before TaskUpdate.Correction existed, when a correction
// kept the word as its note, so those rows read as corrections too, with
// no migration; and archiving a plan copies the column as it is.
func noteColumn(u safetybot.TaskUpdate) string {
	if !u.Correction {
		return u.Note
	}
	return safetybot.JoinNonEmpty(" ", safetybot.CorrectionWord, u.Note)
}
