package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
)

// requireDB refuses a database file that does not exist, before anything
// opens it, for the commands that read an office's data (export, report,
// plan export, login-link). Opening would create an empty database there,
// and a mistyped SAFETYBOT_DB then "succeeded" with an empty ledger or a
// link to a dashboard no serve uses, leaving a stray file. serve and chat
// still create the database on first run, as documented; backup refuses
// the same way (store.BackupFile).
func requireDB(cmd, path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usagef("%s：数据库文件 %s 不存在，未作任何改动。请检查 SAFETYBOT_DB（当前目录下的相对路径也算）；数据库在首次运行 serve 或 chat 时建立", cmd, shownPath(path))
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

// openExisting is openApp for a command that reads an existing database
// (requireDB). A broken SAFETYBOT_PLAN is still named first: it is what
// every command would trip over next.
func openExisting(ctx context.Context, cfg config, cmd string, log *slog.Logger) (*app, error) {
	if err := requireDB(cmd, cfg.DB); err != nil {
		if _, perr := loadPlanFile(cfg); perr != nil {
			return nil, perr
		}
		return nil, err
	}
	return openApp(ctx, cfg, log)
}
