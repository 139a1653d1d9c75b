package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// english catches the words of package flag's and the file system's
// English messages; tempName the temporary file a write goes through.
var (
	english  = regexp.MustCompile(`(?i)\b(must|unknown|usage|needs|flag|invalid|provided|rename|open|no such|exists)\b`)
	tempName = regexp.MustCompile(`/\.[^/]+\.[0-9a-z]{6,}`)
)

// QA 11: every refusal of the CLI is one Chinese line on stderr (exit 2),
// saying what to write instead, without package flag's English or its
// dump of every flag, and without the temporary file a write goes through.
func TestCLIRefusalsAreChinese(t *testing.T) {
	dir := t.TempDir()
	db := newDB(t, filepath.Join(dir, "cli.db"))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"bogus"}, "没有「bogus」这个命令"},
		{[]string{"login-link"}, "login-link：请用 --user 写明为谁生成登录链接"},
		{[]string{"login-link", "--user", "envadmin", "--ttl", "3天"}, "--ttl 的值「3天」无效，应为时长，例如 15m"},
		{[]string{"login-link", "--user", "envadmin", "--ttl", "48h"}, "应在 1s 到 24h 之间"},
		{[]string{"chat"}, "chat：请用 --user 写明以谁的身份对话"},
		{[]string{"chat", "--usr", "zhangsan"}, "chat：没有 --usr 这个选项"},
		{[]string{"plan"}, "plan：请写 export（导出当前方案）或 import（导入方案文件）"},
		{[]string{"plan", "导出"}, "plan：没有「导出」这个子命令"},
		{[]string{"plan", "export"}, "plan export：请用 --out 写明导出到哪个文件"},
		{[]string{"plan", "import"}, "plan import：请写一个方案文件"},
		{[]string{"plan", "export", "--out", dir}, "plan export：--out " + dir + " 是一个目录"},
		{[]string{"export"}, "export：请用 --out 写明导出到哪个文件"},
		{[]string{"export", "--format", "pdf", "--out", "a.pdf"}, "export：--format 只能是 xlsx 或 csv，不是「pdf」"},
		{[]string{"export", "--year", "2O26", "--out", "a.csv"}, "export：--year 的值「2O26」无效，应为四位数字的年份，例如 2026"},
		{[]string{"export", "--year", "26", "--out", "a.csv"}, "export：--year 26 不是有效的年份"},
		{[]string{"export", "--year"}, "export：--year 后面要写四位数字的年份"},
		{[]string{"export", "--domian", "水上", "--out", "a.csv"}, "export：没有 --domian 这个选项"},
		{[]string{"export", "--out", filepath.Join(dir, "无此目录", "a.xlsx")}, "所在的目录 " + filepath.Join(dir, "无此目录") + " 不存在"},
		{[]string{"export", "--out", dir}, "export：--out " + dir + " 是一个目录，请写文件名，例如 " + filepath.Join(dir, "台账.xlsx")},
		{[]string{"report", "--year", "2026", "--out", filepath.Join(dir, "无此目录", "总结")}, "report：--out " + filepath.Join(dir, "无此目录", "总结") + " 所在的目录"},
		// fix9-6 #2: a directory is refused as export refuses it, not
		// written as dir.docx or as hidden .docx files inside it.
		{[]string{"report", "--year", "2026", "--out", dir}, "report：--out " + dir + " 是一个目录，请写文件名，例如 " + filepath.Join(dir, "总结.docx")},
		{[]string{"report", "--year", "2026", "--out", dir + "/"}, "report：--out " + dir + "/ 以 / 结尾，是一个目录，不是文件名，请写文件名，例如 " + filepath.Join(dir, "总结.docx")},
		{[]string{"report", "--year", "2026", "--out", filepath.Join(dir, "新目录") + "/"}, "以 / 结尾，不是文件名；要写入文件 " + filepath.Join(dir, "新目录") + " 请去掉末尾的 /，要写入目录 " + filepath.Join(dir, "新目录") + " 请先建立它并写文件名"},
		{[]string{"report", "--year", "2026", "--out", "."}, "report：--out . 是一个目录"},
		{[]string{"report", "--year", "2026", "--out", filepath.Join(dir, ".docx")}, "没有文件名，请写文件名"},
		{[]string{"export", "--out", filepath.Join(dir, "新目录") + "/"}, "export：--out " + filepath.Join(dir, "新目录") + "/ 以 / 结尾，不是文件名"},
		// qa10 #18: a blank name, a / after a file's name, a name that is
		// not .xlsx or .csv.
		{[]string{"export", "--out", " "}, "export：--out「 」是空白的文件名，请写文件名，例如 台账.xlsx"},
		{[]string{"report", "--year", "2026", "--out", filepath.Join(dir, " ")}, "report：--out「" + filepath.Join(dir, " ") + "」是空白的文件名"},
		{[]string{"plan", "export", "--out", "  "}, "plan export：--out「  」是空白的文件名"},
		{[]string{"export", "--out", filepath.Join(dir, "cli.db") + "/"}, "export：--out " + filepath.Join(dir, "cli.db") + "/ 以 / 结尾，不是文件名；要写入文件 " + filepath.Join(dir, "cli.db") + " 请去掉末尾的 /"},
		{[]string{"export", "--out", "a.txt"}, "export：--out a.txt 不是 .xlsx 或 .csv 文件；台账导出为 Excel（.xlsx）或 CSV（.csv），请写 a.xlsx 或 a.csv"},
		{[]string{"export", "--out", "台账"}, "请写 台账.xlsx 或 台账.csv"},
		{[]string{"export", "--format", "xlsx", "--out", "台账.csv"}, "export：--out 台账.csv 的扩展名与 --format xlsx 不符，请写 台账.xlsx"},
		{[]string{"report", "--from", "2026-12-01", "--to", "2026-11-01", "--out", "x"}, "report：--from 2026-12-01 晚于 --to 2026-11-01"},
		{[]string{"report", "--from", "2026-02-30", "--to", "2026-03-01", "--out", "x"}, "report：--from「2026-02-30」不是有效日期"},
		{[]string{"report", "--year", "2026", "--plan", "--out", "x"}, "只能选一种"},
		// A four-digit year before the plans is a year, and is told which
		// years have a summary (it was 「不是有效的年份」, as export's was).
		{[]string{"report", "--year", "1999", "--out", "x"}, "report：统计期间 1999-01-01 至 1999-12-31 早于第一期方案开始（2024-01-01），没有可总结的内容，未生成文件。请选择 2024 及以后的年份或日期。"},
		{[]string{"report", "--year", "123", "--out", "x"}, "report：--year 123 不是有效的年份"},
		{[]string{"report", "--from", "2026-01-01", "--out", "x"}, "--from 和 --to 要一起写"},
		{[]string{"report", "-h"}, "report：用法如下。用法：report --year YYYY"},
		{[]string{"serve", "--port", "8080"}, "serve：没有 --port 这个选项"},
		{[]string{"calendar", "--from"}, "calendar：--from 后面要写一个值"},
	} {
		_, stderr, err := runCLI(t, db, tc.args...)
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(u.msg, tc.want) {
			t.Errorf("%v: %v, want a usage error with %q", tc.args, err, tc.want)
			continue
		}
		if bad := english.FindString(u.msg); bad != "" || strings.Contains(u.msg, "\n") || stderr != "" {
			t.Errorf("%v: %q (English %q), stderr %q; want one Chinese line and nothing else", tc.args, u.msg, bad, stderr)
		}
	}
	for _, p := range []string{dir + ".docx", dir + ".xlsx", filepath.Join(dir, ".docx"), filepath.Join(dir, ".xlsx")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("a refused report left %s", p)
		}
	}
}

// QA 11: a write that fails names the file asked for, in Chinese, never
// the temporary file it went through; other errors pass unchanged.
func TestFileErrorNamesTheFileAskedFor(t *testing.T) {
	out := "/srv/台账/a.xlsx"
	tmp := "/srv/台账/.a.xlsx.2029306836"
	other := errors.New("store: database is locked")
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "open", Path: tmp, Err: syscall.ENOENT}, "无法写入 /srv/台账/a.xlsx：所在目录不存在"},
		{&fs.PathError{Op: "open", Path: tmp, Err: syscall.EACCES}, "无法写入 /srv/台账/a.xlsx：没有写入权限"},
		{&fs.PathError{Op: "write", Path: tmp, Err: syscall.ENOSPC}, "无法写入 /srv/台账/a.xlsx：磁盘已满"},
		{&os.LinkError{Op: "rename", Old: tmp, New: out, Err: syscall.EEXIST}, "无法写入 /srv/台账/a.xlsx：已有同名的目录"},
		{&fs.PathError{Op: "write", Path: tmp, Err: syscall.EIO}, "无法写入 /srv/台账/a.xlsx（"},
	} {
		got := fileError(out, tc.err).Error()
		if !strings.HasPrefix(got, tc.want) || strings.Contains(got, tmp) || tempName.MatchString(got) {
			t.Errorf("fileError(%v) = %q, want %q… without %s", tc.err, got, tc.want, tmp)
		}
	}
	if got := fileError(out, other); got != other {
		t.Errorf("a non-file error became %v", got)
	}
	if fileError(out, nil) != nil {
		t.Error("no error became one")
	}
}
