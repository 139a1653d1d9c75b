package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
)

// requireDB checks the database file, before anything opens it, for the
// commands that read an office's data (export, report, plan export,
// login-link). A directory is refused (exit 2). A file that does not exist
// is created, as on a fresh install, where these are among the first
// commands an administrator tries, but with a warning on stderr naming the
// path: a mistyped SAFETYBOT_DB otherwise "succeeded" in silence with an
// empty ledger (QA 6). backup refuses a missing file (store.BackupFile):
// a backup of nothing is never what was meant.
func requireDB(cmd, path string, stderr io.Writer) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(stderr, "%s：注意，数据库文件 %s 不存在，已新建一个空数据库，结果中没有任何已有数据。如果路径写错了，请检查 SAFETYBOT_DB（相对路径从当前目录算起），并删除新建的文件。\n", cmd, shownPath(path))
	case err != nil:
		return fmt.Errorf("%s：无法读取数据库文件 %s（%w）", cmd, shownPath(path), err)
	case fi.IsDir():
		return usagef("%s：SAFETYBOT_DB 指向的 %s 是一个目录，应为数据库文件，例如 %s", cmd, shownPath(path), filepath.Join(path, "safetybot.db"))
	}
	return nil
}

// shownPath is path as the administrator wrote it, with where it leads
// when it is relative (./safetybot.db depends on the current directory).
func shownPath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil || abs == path {
		return path
	}
	return path + "（即 " + abs + "）"
}

// openExisting is openApp for a command that reads an office's data
// (requireDB). A broken SAFETYBOT_PLAN is named first, with no warning
// about a database that is then not created.
func openExisting(ctx context.Context, cfg config, cmd string, log *slog.Logger, stderr io.Writer) (*app, error) {
	if _, err := loadPlanFile(cfg); err != nil {
		return nil, err
	}
	if err := requireDB(cmd, cfg.DB, stderr); err != nil {
		return nil, err
	}
	return openApp(ctx, cfg, log)
}
