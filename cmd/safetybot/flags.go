package main

import (
	"errors"
	"flag"
	"io"
	"regexp"
	"strconv"
	"strings"

	"safetybot"
)

// parseFlags parses a subcommand's flags, refusing any argument after
// them, and on a mistake returns a
// one-line usage error in Chinese: package flag's own messages are English
// and, with its output on, came with an English dump of every flag. hints
// say what a flag's value should look like ("year": "四位数字的年份，例如
// 2026").
func parseFlags(fs *flag.FlagSet, args []string, cmd, usage string, hints map[string]string) error {
	if err := parseFlagsAndArgs(fs, args, cmd, usage, hints); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("%s：多余的参数「%s」。%s", cmd, fs.Arg(0), usage)
	}
	return nil
}

// parseFlagsAndArgs is parseFlags for a command that takes arguments after
// its flags (plan import FILE): what follows the flags is left to it.
func parseFlagsAndArgs(fs *flag.FlagSet, args []string, cmd, usage string, hints map[string]string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if err == nil {
		return nil
	}
	return usagef("%s：%s。%s", cmd, flagReason(err, hints), usage)
}

var (
	flagUndefined = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	flagNoValue   = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
	flagBadValue  = regexp.MustCompile(`^invalid value "(.*)" for flag -+([^:]*): (.*)$`)
	flagBadBool   = regexp.MustCompile(`^invalid boolean value "(.*)" for -+([^:]*): (.*)$`)
	flagBadSyntax = regexp.MustCompile(`^bad flag syntax: (.*)$`)
)

// flagReason is package flag's error in Chinese, flags written with "--"
// as the README writes them.
func flagReason(err error, hints map[string]string) string {
	if errors.Is(err, flag.ErrHelp) {
		return "用法如下"
	}
	msg := err.Error()
	if m := flagUndefined.FindStringSubmatch(msg); m != nil {
		return "没有 --" + m[1] + " 这个选项"
	}
	if m := flagNoValue.FindStringSubmatch(msg); m != nil {
		return "--" + m[1] + " 后面要写" + orText(hints[m[1]], "一个值")
	}
	if m := flagBadValue.FindStringSubmatch(msg); m != nil {
		r := "--" + m[2] + " 的值「" + m[1] + "」无效"
		switch why := m[3]; {
		case hints[m[2]] != "":
			r += "，应为" + hints[m[2]]
		case why != "parse error" && why != "value out of range" && !safetybot.IsASCII(why):
			r += "：" + why // the flag's own reason, in Chinese (planFlag)
		}
		return r
	}
	if m := flagBadBool.FindStringSubmatch(msg); m != nil {
		if !safetybot.IsASCII(m[3]) { // the flag's own reason (planFlag takes 方案N)
			return "--" + m[2] + " 的值「" + m[1] + "」无效：" + m[3]
		}
		return "--" + m[2] + " 不带值（或写 --" + m[2] + "=true），不是「" + m[1] + "」"
	}
	if m := flagBadSyntax.FindStringSubmatch(msg); m != nil {
		return "「" + m[1] + "」不是选项的写法，选项写作 --名称 值"
	}
	return msg
}

// orText is s, or alt when s is empty.
func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// Usage lines of the subcommands whose own files have none.
const (
	serveUsage = "用法：serve（不带参数；地址、数据库等用环境变量设置，见 README）"
	chatUsage  = "用法：chat --user ID [--group CHATID]，例如 safetybot chat --user zhangsan"
)

// yearFlag is --year of export and report, read as the dashboard reads its
// year= filter: folded first (safetybot.Fold), so ２０２６ typed with a
// Chinese input method is 2026 on both (qa6b #9: the CLI exited 2 on it).
// The range is checked by the command, which names the flag in its message.
type yearFlag int

func (y *yearFlag) String() string {
	if y == nil || *y == 0 {
		return ""
	}
	return strconv.Itoa(int(*y))
}

func (y *yearFlag) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(safetybot.Fold(s)))
	if err != nil {
		return errors.New("parse error") // flagReason then shows the hint
	}
	*y = yearFlag(n)
	return nil
}
