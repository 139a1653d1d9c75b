package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"safetybot"
	"safetybot/bot"
	"safetybot/directory"
	"safetybot/outbox"
	"safetybot/plan"
	"safetybot/scheduler"
	"safetybot/server"
	"safetybot/store"
	"safetybot/wecom/sender"
	"safetybot/wecom/wecomapi"
)

// app is what every subcommand shares: the store with the plan loaded, the
// directory of people's names, and the engine.
type app struct {
	store  *store.Store
	dir    *directory.Directory
	engine *bot.Engine
	api    *wecomapi.Client // the app's WeCom API client; nil without its credentials
	log    *slog.Logger
	admins []string // SAFETYBOT_ADMINS as the ledger's accounts (resolveAdmins)
}

// close waits for name look-ups under way, then closes the store.
func (a *app) close() {
	a.dir.Wait()
	a.store.Close()
}

// loadPlanFile reads SAFETYBOT_PLAN (the built-in plan when unset): a
// broken one is bad usage (exit 2) with the reason.
func loadPlanFile(cfg config) (*safetybot.PlanFile, error) {
	f, err := plan.LoadFile(cfg.PlanFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, usagef("SAFETYBOT_PLAN：方案文件 %s 不存在", cfg.PlanFile)
	case safetybot.ErrorCode(err) == safetybot.EINVALID:
		if line := plainTextLine(cfg.PlanFile); line > 0 {
			return nil, usagef("SAFETYBOT_PLAN：方案文件 %s 不是 JSON 格式（第 %d 行起是普通文字）。程序内置沁水县三年行动方案，用它时不设置 SAFETYBOT_PLAN；"+
				"自己的方案须写成 JSON，可用 safetybot plan export --out 方案.json 导出内置方案作为模板", cfg.PlanFile, line)
		}
		return nil, usagef("SAFETYBOT_PLAN：方案文件 %s 有误：%s", cfg.PlanFile, safetybot.ErrorMessage(err))
	case err != nil:
		return nil, fmt.Errorf("SAFETYBOT_PLAN: %w", err)
	}
	return f, nil
}

func openApp(ctx context.Context, cfg config, log *slog.Logger) (*app, error) {
	// The plan file first: a broken one leaves no database file behind.
	f, err := loadPlanFile(cfg)
	if err != nil {
		return nil, err
	}
	s, err := store.Open(ctx, cfg.DB, nil)
	if err != nil {
		return nil, err
	}
	p := &f.Plan
	if seeded, err := s.SeedPlan(ctx, p); err != nil {
		s.Close()
		return nil, err
	} else if seeded {
		log.Info("plan loaded into the store", "tasks", len(p.Tasks), "title", p.Title)
	}
	if err := seedDuties(ctx, s, f, log); err != nil {
		s.Close()
		return nil, err
	}
	admins, err := resolveAdmins(ctx, s, cfg.Admins, log)
	if err != nil {
		s.Close()
		return nil, err
	}
	api, err := wecomAPI(cfg.WeComOut)
	if err != nil {
		s.Close()
		return nil, err
	}
	dir, err := newDirectory(cfg.WeComOut, api, s, log)
	if err != nil {
		s.Close()
		return nil, err
	}
	formURL := ""
	if cfg.PublicURL != "" {
		formURL = cfg.PublicURL + "/hazards/new"
	}
	e, err := bot.NewEngine(ctx, s, bot.Config{Admins: admins, Logger: log, Tips: tipConfig(cfg), BotNames: cfg.BotNames, Directory: dir, FormURL: formURL,
		DashboardURL: cfg.PublicURL, Webhooks: cfg.WeComOut.webhookNames()})
	if err != nil {
		s.Close()
		return nil, err
	}
	return &app{store: s, dir: dir, engine: e, api: api, log: log, admins: admins}, nil
}

// defaultGCPercent is serve's GOGC when the operator has not set one: the
// heap may grow to 1.5× what is live after a collection instead of 2×.
// The live heap of a busy serve is a few MB (the database's pages are
// SQLite's, outside it), so the default's headroom and the memory it keeps
// after freeing were a third of the process. Measured after the shared load
// (issue 12, each binary on a fresh database, alternated twice): RSS 50.7
// and 50.6 MB before this and the smaller caches; 38.7/38.2 MB with a
// 17 MiB soft memory limit instead; 37.2/36.3 MB with GOGC=50, CPU per
// callback within the machine's noise of both. A memory limit was not
// kept: a larger live heap (an export of a province's ledger) would make
// the GC run near continuously under it, while GOGC's headroom grows with
// the heap.
const defaultGCPercent = 50

// serve runs the HTTP server, the outbox worker, the scheduler and the
// daily jobs until ctx ends. Every goroutine it starts belongs to one group
// and serve returns only after all have stopped (then the store closes),
// also when it fails half-way through starting.
func serve(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) (err error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	if err := parseFlags(fs, args, "serve", serveUsage, nil); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if cfg.PProf == "" {
		// Nobody can read a heap profile: the runtime's sampling of
		// allocations would hold its tables (up to 1.5 MB) for nothing.
		runtime.MemProfileRate = 0
	}
	if !cfg.GCPercentSet {
		defer debug.SetGCPercent(debug.SetGCPercent(defaultGCPercent))
	}
	// Listen first: a serve that cannot (the port is taken, often by another
	// serve) stops before it migrates the database, takes the scheduler's
	// lease or catches up missed reminders. Connections wait in the
	// listener's backlog until the server below serves them.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return listenError("SAFETYBOT_ADDR", cfg.Addr, err)
	}
	defer ln.Close()
	var pln net.Listener
	if cfg.PProf != "" {
		if pln, err = net.Listen("tcp", cfg.PProf); err != nil {
			return listenError("SAFETYBOT_PPROF", cfg.PProf, err)
		}
		defer pln.Close()
	}
	a, err := openApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.close()
	cfg.Admins = a.admins

	ctx, cancel := context.WithCancel(ctx)
	g := &group{track: cfg.hooks.track}
	defer func() { // before a.close: nothing may outlive the store
		cancel()
		g.Wait()
	}()
	out, err := wecomOutbound(ctx, cfg.WeComOut, a, a.admins, outbox.LogSender{W: stdout}, log)
	if err != nil {
		return err
	}
	if _, wecomOn := out.sender.(*sender.Sender); wecomOn { // on the console every message is printed
		if err := warnUnconfiguredRobots(ctx, a.store, cfg.WeComOut.webhookNames(), cfg.now(), log); err != nil {
			return err
		}
	}
	worker := &outbox.Worker{Store: a.store, Sender: out.sender, Log: log}
	g.Go("outbox", func() { worker.Run(ctx) })
	out.run(ctx, g, log)
	sched := scheduler.New(a.store, scheduler.Options{Log: log, Directory: a.dir})
	g.Go("scheduler", func() {
		sched.Start(ctx)
		<-ctx.Done()
		sched.Stop() // waits for running jobs
	})

	inbound, err := wecomInbound(ctx, cfg.WeComIn, a, out.out, cfg.hooks, log)
	if err != nil {
		return err
	}
	dash, err := dashboard(ctx, cfg, a.store, a.dir, a.engine, a.api, log)
	if err != nil {
		return err
	}
	report, err := reportPage(a, cfg, log)
	if err != nil {
		return err
	}
	// Deletes closed anonymous reports after the retention period and
	// reminds handlers, once at start and then daily.
	g.Go("tips", func() { a.engine.Tips().RunDaily(ctx, nil) })
	// Asks WeCom again, daily, for address-book names older than a day.
	g.Go("directory", func() { a.dir.RunDaily(ctx) })
	srv := &http.Server{
		Addr: cfg.Addr,
		Handler: server.NewServer(server.Deps{Store: a.store, Logger: log, WeComCallback: inbound.callback, AIBot: inbound.aibotHandler,
			Channels: channelStates(inbound, out), Dashboard: dash, Report: report,
			MetricsToken: cfg.MetricsToken}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 2)
	servers := []*http.Server{srv}
	g.Go("http", func() { errc <- srv.Serve(ln) })
	if pln != nil {
		psrv := pprofServer(ctx)
		servers = append(servers, psrv)
		g.Go("pprof", func() { errc <- psrv.Serve(pln) })
		warnPProf(log, pln.Addr().String())
	}
	log.Info("safetybot serving", "addr", ln.Addr().String(), "db", cfg.DB, "wecom", out.mode)
	select {
	case err = <-errc:
	case <-ctx.Done():
	}
	shutdown, done := context.WithTimeout(context.Background(), 10*time.Second)
	defer done()
	for _, s := range servers {
		if s.Shutdown(shutdown) != nil {
			s.Close()
		}
	}
	// Messages answered empty because they were slow are still being
	// handled: they are recorded as handled already, so the store must
	// outlive them (each is bounded at two minutes).
	drain, drained := context.WithTimeout(context.Background(), 3*time.Minute)
	defer drained()
	if err := inbound.wait(drain); err != nil {
		log.Error("wecom: messages still being handled at shutdown", "err", err)
	}
	cancel()
	g.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// chat is a terminal conversation with the bot as one user, against the same
// database serve uses (WAL lets both run at once).
func chat(ctx context.Context, cfg config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	user := fs.String("user", "", "以哪个企业微信 userid 的身份对话")
	group := fs.String("group", "", "群聊 id（不写为私聊）")
	if err := parseFlags(fs, args, "chat", chatUsage, nil); err != nil {
		return err
	}
	if strings.TrimSpace(*user) == "" {
		return usagef("chat：请用 --user 写明以谁的身份对话。%s", chatUsage)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := openApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.close()
	// --user is typed like an account in a command: SAFETYBOT_ADMINS=Admin
	// and --user admin are one person (fix9-6 #1), as WeCom sends each
	// person's messages under the one spelling the ledger has.
	id := strings.TrimSpace(*user)
	if safetybot.ValidUserID(id) {
		if id, err = readPerson(ctx, a.store, "chat", id, false, stderr); err != nil {
			return err
		}
	}
	msg := bot.Message{Source: "chat", ChatType: bot.ChatSingle, UserID: id}
	if *group != "" {
		msg.ChatType, msg.ChatID = bot.ChatGroup, *group
	}
	paste := time.Duration(0)
	if terminal(stdin) {
		paste = pasteWindow
		fmt.Fprintln(stderr, chatHint)
	}
	return chatMessages(ctx, stdin, paste, func(text string) {
		msg.Text, msg.MsgID = text, newMsgID()
		for _, r := range a.engine.Handle(ctx, msg) {
			fmt.Fprintln(stdout, r.Text)
			fmt.Fprintln(stdout)
		}
	})
}

func backup(ctx context.Context, cfg config, args []string, stderr io.Writer) error {
	if len(args) != 1 {
		return usagef("backup：请写一个备份文件名，例如 safetybot backup 备份.db")
	}
	dst := args[0]
	if err := checkBackup(cfg, dst); err != nil {
		return err
	}
	// As the file is: a backup taken before an upgrade must open with the
	// build it came from (store.BackupFile).
	if err := store.BackupFile(ctx, cfg.DB, dst); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			// Creating the copy failed (the source was checked above):
			// nothing was written.
			return usagef("backup：%v，未作任何改动", fileError(dst, err))
		}
		return err
	}
	fmt.Fprintln(stderr, "数据库已备份到", dst)
	return nil
}

func newMsgID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "chat-" + hex.EncodeToString(b)
}

// listenError says in Chinese why serve cannot listen on addr (variable
// name), the system's words kept after it.
func listenError(name, addr string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%s=%s：端口已被占用（可能另一个 safetybot serve 正在运行），请先停止它或换一个端口（%w）", name, addr, err)
	}
	return fmt.Errorf("%s=%s：无法监听这个地址（%w）", name, addr, err)
}
