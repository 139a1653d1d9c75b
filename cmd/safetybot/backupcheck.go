package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"safetybot"
)

// checkBackup checks, before anything is opened, the database a backup
// reads and the file it writes. The copy must be a new file: an existing
// one, a directory or a folder that does not exist is refused (exit 2) in
// one Chinese line with what to write instead, as export's --out is; the
// store's English ("open …: file exists") reached the administrator with
// exit 1. A SAFETYBOT_DB that cannot be read is named in Chinese too.
func checkBackup(cfg config, dst string) error {
	switch fi, err := os.Stat(cfg.DB); {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("backup：数据库文件 %s 不存在，没有可备份的内容（请检查 SAFETYBOT_DB）", shownPath(cfg.DB))
	case err != nil:
		return fmt.Errorf("backup：无法读取数据库文件 %s（%v）", shownPath(cfg.DB), errors.Unwrap(err))
	case fi.IsDir():
		return usagef("backup：SAFETYBOT_DB 指向的 %s 是一个目录，应为数据库文件", shownPath(cfg.DB))
	}
	example := "safetybot-" + strings.ReplaceAll(string(safetybot.DateOf(cfg.now())), "-", "") + ".db"
	fi, err := os.Stat(dst)
	switch {
	case err == nil && fi.IsDir(), err != nil && endsInSeparator(dst):
		return usagef("backup：%s 是一个目录，请写备份文件名，例如 safetybot backup %s", dst, filepath.Join(dst, example))
	case err == nil:
		return usagef("backup：%s 已存在，备份不会覆盖已有的文件，请换一个文件名，例如 safetybot backup %s", dst, filepath.Join(filepath.Dir(dst), example))
	}
	dir := filepath.Dir(dst)
	switch fi, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return usagef("backup：%s 所在的文件夹 %s 不存在，请先建立它或换一个文件夹，未作任何改动", dst, dir)
	case err == nil && !fi.IsDir():
		return usagef("backup：%s 所在的 %s 不是文件夹，请换一个路径", dst, dir)
	}
	return nil
}
