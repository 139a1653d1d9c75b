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
	"syscall"
)

// checkOut refuses, before any work, an --out that cannot be written: a
// directory, or a file in a directory that does not exist. Found only at
// the end, they were reported with the temporary file's name in the
// system's English ("rename .qa.2791324972 qa: file exists").
// "-" is standard output.
func checkOut(cmd, path, example string) error {
	if path == "-" {
		return nil
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
	return nil
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
