// Command safetybot runs the bureau's work-safety campaign bot: the HTTP
// server with scheduler and outbox (serve, the default), a terminal chat, and
// the administrator's tools. main only wires packages together.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"safetybot/workday"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Environ(), os.Stdin, os.Stdout, os.Stderr); err != nil {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintln(os.Stderr, "safetybot:", u.msg)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "safetybot:", err)
		os.Exit(1)
	}
}

// usageError is bad usage: exit status 2 with a one-line reason.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

const usage = `用法 / usage: safetybot [command]
  serve                                 HTTP 服务、定时提醒和消息投递（默认）
  chat --user ID [--group CHATID]       在终端以该用户身份与机器人对话
  calendar --from YYYY-MM-DD --to YYYY-MM-DD
                                        列出窗口内每一次定时提醒（北京时间）
  backup FILE                           在线备份数据库
  export --format xlsx|csv --out FILE [--year YYYY] [--domain 领域]
                                        导出隐患台账（Excel 或 CSV）
  report --year YYYY | --plan [方案N] --out FILE
                                        生成总结草稿（FILE.docx 和 FILE.xlsx）
  plan export --out FILE                导出当前方案及其定期职责（plan import 可读的 JSON）
  plan import [--dry-run] [--now] FILE  校验方案文件、显示变化，归档当前方案并启用新方案
  login-link --user ID [--form | --tip N]
                                        打印一次性登录链接：驾驶舱、上报表单或举报照片（15 分钟内有效）
环境变量见 README。`

// run is the whole program, with its dependencies passed in so tests can
// drive it like a user does. It is the one place the environment is read
// (loadConfig): a bad variable stops every command with exit status 2.
func run(ctx context.Context, args []string, environ []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(environ)
	if err != nil {
		return err
	}
	return runConfig(ctx, cfg, args, stdin, stdout, stderr)
}

// runConfig is run with the configuration read (tests add their hooks).
func runConfig(ctx context.Context, cfg config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	// The working-day calendar is the process's, like its zone: official
	// days from lunar-go, with the administrator's file laid over them. A
	// bad file stops every command (exit 2) with the line that is wrong.
	cal, err := workday.Load(cfg.Holidays)
	if err != nil {
		return usagef("SAFETYBOT_HOLIDAYS: %v", err)
	}
	workday.SetDefault(cal)
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, cfg, args, stdout, stderr)
	case "chat":
		return chat(ctx, cfg, args, stdin, stdout, stderr)
	case "calendar":
		return calendar(ctx, cfg, args, stdout, stderr)
	case "export":
		return exportLedger(ctx, cfg, args, stdout, stderr)
	case "report":
		return report(ctx, cfg, args, stdout, stderr)
	case "plan":
		return planCmd(ctx, cfg, args, stdout, stderr)
	case "login-link":
		return loginLink(ctx, cfg, args, stdout, stderr)
	case "backup":
		return backup(ctx, cfg, args, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return usagef("没有「%s」这个命令。可用的命令：serve、chat、calendar、export、report、plan、login-link、backup；运行 safetybot help 查看用法", cmd)
}
