package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"
)

// checkOut refuses, before any work, an --out that cannot be written: a
// blank name, a directory, a path ending in / (no file name in it), or a
// file in a directory that does not exist or that takes no new file
// (read-only, no permission, /proc). Found only at the end, they were
// reported with the temporary file's name in the system's English
// ("rename .qa.2791324972 qa: file exists"), or as a directory that does
// not exist (/proc/x.xlsx, exit 1); a blank name wrote a file called " "
// (qa10 #18). "-" is standard output.
func checkOut(cmd, path, example string) error {
	if path == "-" {
		return nil
	}
	if strings.TrimSpace(filepath.Base(path)) == "" {
		return usagef("%s：--out「%s」是空白的文件名，请写文件名，例如 %s", cmd, path, filepath.Join(filepath.Dir(path), example))
	}
	if os.IsPathSeparator(path[len(path)-1]) {
		return trailingSeparator(cmd, path, example)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() || endsInSeparator(path) {
		return usagef("%s：--out %s 是一个目录，请写文件名，例如 %s", cmd, path, filepath.Join(path, example))
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usagef("%s：--out %s 所在的目录 %s 不存在，请先建立它或换一个目录，未作任何改动", cmd, path, dir)
	case err == nil && !fi.IsDir():
		return usagef("%s：--out %s 所在的 %s 不是目录，请换一个路径", cmd, path, dir)
	}
	return writableDir(cmd, path, dir)
}

// trailingSeparator refuses a path written with a / at the end: it names
// no file. When it is a directory the file name is asked for; otherwise
// the / may be a slip (台账.xlsx/, which was answered 「是一个目录」), and the
// path without it is offered, with the directory it may have meant.
func trailingSeparator(cmd, path, example string) error {
	trimmed := strings.TrimRightFunc(path, func(r rune) bool { return r < utf8.RuneSelf && os.IsPathSeparator(byte(r)) })
	if fi, err := os.Stat(path); err == nil && fi.IsDir() || trimmed == "" {
		return usagef("%s：--out %s 以 / 结尾，是一个目录，不是文件名，请写文件名，例如 %s", cmd, path, filepath.Join(path, example))
	}
	if _, err := os.Stat(trimmed); err == nil {
		return usagef("%s：--out %s 以 / 结尾，不是文件名；要写入文件 %s 请去掉末尾的 /", cmd, path, trimmed)
	}
	return usagef("%s：--out %s 以 / 结尾，不是文件名；要写入文件 %s 请去掉末尾的 /，要写入目录 %s 请先建立它并写文件名，例如 %s",
		cmd, path, trimmed, trimmed, filepath.Join(path, example))
}

// writableDir tries a file in dir, removed at once, so that a directory
// that takes no new file is refused before any work, saying why in
// Chinese: the export itself would only find out at the end.
func writableDir(cmd, path, dir string) error {
	f, err := os.CreateTemp(dir, ".safetybot-check-*")
	if err == nil {
		name := f.Name()
		f.Close()
		return os.Remove(name)
	}
	var why error = err
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		why = pe.Err
	}
	var reason string
	switch {
	case errors.Is(why, fs.ErrPermission):
		reason = "没有写入权限"
	case errors.Is(why, syscall.EROFS):
		reason = "是只读的"
	case errors.Is(why, syscall.ENOSPC):
		reason = "所在磁盘已满"
	case errors.Is(why, fs.ErrNotExist):
		reason = "不允许建立文件" // /proc: the directory is there, its files are not
	default:
		reason = fmt.Sprintf("不允许建立文件（%v）", why)
	}
	return usagef("%s：--out %s 所在的目录 %s %s，请换一个目录，未作任何改动", cmd, path, dir, reason)
}

// endsInSeparator reports whether path is written as a directory is
// (somedir/, ., ..), whether or not it exists: there is no file name in it.
func endsInSeparator(path string) bool {
	base := filepath.Base(path)
	return os.IsPathSeparator(path[len(path)-1]) || base == "." || base == ".."
}

// fileError says in Chinese why path could not be written, naming the
// file the administrator asked for, never the temporary file written
// first; the system's own words follow (without file names). Errors that
// are not the file system's (the database's, the document's) pass as
// they are.
func fileError(path string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	var why error
	switch {
	case errors.As(err, &pe):
		why = pe.Err
	case errors.As(err, &le):
		why = le.Err
	default:
		return err
	}
	switch {
	case errors.Is(why, fs.ErrPermission):
		return fmt.Errorf("无法写入 %s：没有写入权限（%v）", path, why)
	case errors.Is(why, fs.ErrNotExist):
		return fmt.Errorf("无法写入 %s：所在目录不存在（%v）", path, why)
	case errors.Is(why, fs.ErrExist), errors.Is(why, syscall.EISDIR):
		return fmt.Errorf("无法写入 %s：已有同名的目录（%v）", path, why)
	case errors.Is(why, syscall.ENOSPC):
		return fmt.Errorf("无法写入 %s：磁盘已满（%v）", path, why)
	}
	return fmt.Errorf("无法写入 %s（%v）", path, why)
}

// writeFile writes through a temporary file in the same directory and
// renames it, so a failed export never leaves half a file behind. The file
// is readable by its owner only (0600): the hazard ledger names people and
// units, and is handed on deliberately.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fileError(path, err)
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
			return fileError(path, err)
		}
		return finishFile(tmp, path, write)
	}
	return fmt.Errorf("无法写入 %s：目录 %s 中找不到可用的临时文件名", path, dir)
}

// finishFile writes tmp, closes it and renames it to path; tmp is removed
// on failure. File-system errors name path, not tmp (fileError).
func finishFile(tmp *os.File, path string, write func(io.Writer) error) error {
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fileError(path, err)
	}
	if err := tmp.Close(); err != nil {
		return fileError(path, err)
	}
	return fileError(path, os.Rename(tmp.Name(), path))
}
