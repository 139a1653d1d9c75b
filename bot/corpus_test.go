package bot

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"safetybot/internal/storetest"
)

// The reader corpus (issue 9): messages written the way county bureau staff
// type them, each with what must be stored and replied. The format is
// documented at the top of testdata/reader/*.txt; corpusEntry is one block.

// corpusEntry is one message of the corpus and what it must produce.
type corpusEntry struct {
	file    string
	line    int      // of the "> " line
	msg     string   // the message under test, escapes decoded
	setup   []string // sent as admin, in order, before msg
	user    string   // who sends msg; admin unless "as:"
	hazard  string   // hazard to read back; see observe
	task    int      // task to read back for 完成度 / 进展
	skip    string
	expects []expectation
}

type expectation struct {
	key, op, value string
	line           int
}

// hazardKeys read a field of the hazard back from the store.
var hazardKeys = map[string]bool{"描述": true, "单位": true, "领域": true, "等级": true, "期限": true, "地点": true,
	"来源": true, "原因": true, "依据": true, "管控": true, "措施": true, "资金": true, "督办": true, "停产": true,
	"状态": true, "责任人": true, "记录": true}

// taskKeys read a task back; replyKeys the answer and the queued notices.
var taskKeys = map[string]bool{"完成度": true, "进展": true, "更正": true}
var replyKeys = map[string]bool{"reply": true, "notice": true}

func knownCorpusKey(k string) bool { return hazardKeys[k] || taskKeys[k] || replyKeys[k] }

// parseCorpus reads one corpus file: blocks separated by blank lines, "#"
// lines are comments.
func parseCorpus(name string, text string) ([]corpusEntry, error) {
	var out []corpusEntry
	var cur *corpusEntry
	flush := func() error {
		if cur == nil {
			return nil
		}
		if cur.msg == "" {
			return fmt.Errorf("%s:%d: block without a \"> message\" line", name, cur.line)
		}
		if len(cur.expects) == 0 {
			return fmt.Errorf("%s:%d: %q has no expectation", name, cur.line, cur.msg)
		}
		out = append(out, *cur)
		cur = nil
		return nil
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \t\r")
		if strings.HasPrefix(line, "#") {
			continue
		}
		if line == "" {
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		if cur == nil {
			cur = &corpusEntry{file: name, line: n, user: "admin"}
		}
		bad := func(why string) error { return fmt.Errorf("%s:%d: %s: %q", name, n, why, line) }
		switch {
		case strings.HasPrefix(line, "> "):
			if cur.msg != "" {
				return nil, bad("second message in one block (use setup: for earlier ones)")
			}
			msg, err := unescapeCorpus(line[2:])
			if err != nil {
				return nil, bad(err.Error())
			}
			cur.msg, cur.line = msg, n
		case strings.HasPrefix(line, "setup: "):
			msg, err := unescapeCorpus(line[len("setup: "):])
			if err != nil {
				return nil, bad(err.Error())
			}
			cur.setup = append(cur.setup, msg)
		case strings.HasPrefix(line, "as: "):
			cur.user = strings.TrimSpace(line[len("as: "):])
		case strings.HasPrefix(line, "hazard: "):
			cur.hazard = strings.TrimSpace(line[len("hazard: "):])
		case strings.HasPrefix(line, "task: "):
			no, err := strconv.Atoi(strings.TrimSpace(line[len("task: "):]))
			if err != nil {
				return nil, bad("task number")
			}
			cur.task = no
		case strings.HasPrefix(line, "skip: "):
			cur.skip = strings.TrimSpace(line[len("skip: "):])
		default:
			key, rest, _ := strings.Cut(line, " ")
			op, value, _ := strings.Cut(rest, " ")
			if !knownCorpusKey(key) {
				return nil, bad("unknown key " + key)
			}
			if op != "=" && op != "~" && op != "!~" {
				return nil, bad("operator must be =, ~ or !~")
			}
			if op != "=" && value == "" {
				return nil, bad("~ and !~ need a value") // "" is in every string: a check that cannot fail
			}
			if taskKeys[key] && cur.task == 0 {
				return nil, bad("task: must come before a task check")
			}
			v, err := unescapeCorpus(value)
			if err != nil {
				return nil, bad(err.Error())
			}
			cur.expects = append(cur.expects, expectation{key: key, op: op, value: v, line: n})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// unescapeCorpus decodes \n, \r, \t, \\, \x1d-style (two hex digits) and \u200b-style (four hex digits), so invisible
// characters stay visible in the corpus file.
func unescapeCorpus(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 >= len(s) {
			return "", fmt.Errorf("trailing backslash")
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '\\':
			b.WriteByte('\\')
		case 'x', 'u':
			n := 2
			if s[i] == 'u' {
				n = 4
			}
			if i+1+n > len(s) {
				return "", fmt.Errorf("short \\%c escape", s[i])
			}
			v, err := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
			if err != nil {
				return "", fmt.Errorf("bad \\%c escape", s[i])
			}
			b.WriteRune(rune(v))
			i += n
		default:
			return "", fmt.Errorf("unknown escape \\%c", s[i])
		}
	}
	return b.String(), nil
}

var registeredRE = regexp.MustCompile(`已登记隐患 (YH\d{4}-\d{4,})`)

// runCorpusEntry sends the entry's setup and message through the engine and
// returns every expectation that does not hold.
func runCorpusEntry(f *fixture, e corpusEntry) []string {
	for _, s := range e.setup {
		f.say("admin", s)
	}
	reply := f.say(e.user, e.msg)
	got, err := observe(f, e, reply)
	var problems []string
	for _, x := range e.expects {
		v, ok := got[x.key]
		if !ok {
			problems = append(problems, fmt.Sprintf("line %d: %s: nothing to read back (%v)", x.line, x.key, err))
			continue
		}
		var fail bool
		switch x.op {
		case "=":
			fail = v != x.value
		case "~":
			fail = !strings.Contains(v, x.value)
		case "!~":
			fail = strings.Contains(v, x.value)
		}
		if fail {
			problems = append(problems, fmt.Sprintf("line %d: %s %s %q, got %q", x.line, x.key, x.op, x.value, v))
		}
	}
	if len(problems) > 0 {
		problems = append(problems, "reply: "+reply)
	}
	return problems
}

// observe reads back what the entry checks. The hazard is the entry's
// "hazard:" (a reply may register several), else the one the reply
// registered ("已登记隐患 YH…"), else YH2026-0001 (the first one a setup
// step registers).
func observe(f *fixture, e corpusEntry, reply string) (map[string]string, error) {
	ctx := context.Background()
	got := map[string]string{"reply": reply}
	due, err := storetest.DueOutbox(ctx, f.store, 1000)
	if err != nil {
		return got, err
	}
	var notes []string
	for _, m := range due {
		notes = append(notes, m.TargetKind+":"+m.Target+" "+m.Body)
	}
	got["notice"] = strings.Join(notes, "\n")
	var firstErr error
	needHazard, needTask := false, false
	for _, x := range e.expects {
		needHazard = needHazard || hazardKeys[x.key]
		needTask = needTask || taskKeys[x.key]
	}
	if needHazard {
		number := e.hazard
		if m := registeredRE.FindStringSubmatch(reply); m != nil && number == "" {
			number = m[1]
		}
		if number == "" {
			number = "YH2026-0001"
		}
		h, evs, err := f.store.Hazard(ctx, number)
		if err != nil {
			firstErr = fmt.Errorf("hazard %s: %w", number, err)
		} else {
			halted := string(h.Halted) // "" when not recorded
			for k, v := range map[string]string{"描述": h.Description, "单位": h.Unit, "领域": h.Domain, "等级": string(h.Grade),
				"期限": string(h.Deadline), "地点": h.Location, "来源": h.Source, "原因": h.Cause, "依据": h.Basis,
				"管控": h.Interim, "措施": h.Measures, "资金": h.Funds, "督办": h.Supervision, "停产": halted,
				"状态": string(h.Status), "责任人": h.Assignee} {
				got[k] = v
			}
			if len(evs) > 0 {
				got["记录"] = evs[len(evs)-1].Action + "：" + evs[len(evs)-1].Note
			}
		}
	}
	if needTask {
		t, ups, err := f.store.Task(ctx, e.task)
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("task %d: %w", e.task, err)
		} else if err == nil {
			got["完成度"] = strconv.Itoa(t.Progress)
			if len(ups) > 0 {
				got["进展"] = ups[len(ups)-1].Note
				got["更正"] = map[bool]string{true: "是", false: "否"}[ups[len(ups)-1].Correction]
			}
		}
	}
	return got, firstErr
}

func loadCorpus(t testing.TB) []corpusEntry {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "reader", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files under testdata/reader (%v)", err)
	}
	var all []corpusEntry
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(data) {
			t.Fatalf("%s is not UTF-8", name)
		}
		entries, err := parseCorpus(filepath.Base(name), string(data))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, entries...)
	}
	return all
}

// TestReaderCorpus runs every corpus message through the engine, each in a
// fresh database on 2026-11-28 10:00 (a Saturday), and checks the stored
// hazard or task and the reply.
func TestReaderCorpus(t *testing.T) {
	entries := loadCorpus(t)
	if len(entries) < 170 {
		t.Errorf("corpus has %d messages; issue 9 wants at least 170", len(entries))
	}
	for _, e := range entries {
		t.Run(fmt.Sprintf("%s:%d", e.file, e.line), func(t *testing.T) {
			if e.skip != "" {
				t.Skipf("%q: %s", e.msg, e.skip)
			}
			t.Parallel()
			if problems := runCorpusEntry(newFixture(t), e); len(problems) > 0 {
				t.Errorf("%s:%d %q\n%s", e.file, e.line, e.msg, strings.Join(problems, "\n"))
			}
		})
	}
}

// TestCorpusChecksCanFail proves every kind of check can fail: for each key
// an expectation that contradicts what was stored must be reported.
func TestCorpusChecksCanFail(t *testing.T) {
	f := newFixture(t)
	f.say("admin", "上报 护栏缺失 单位:甲公司 领域:公路运营 等级:重大 期限:12月5日 地点:乙路段 原因:丙 依据:丁 管控:戊 停产:是")
	f.say("admin", "确认 YH2026-0001 督办:县级")
	f.say("admin", "指派 YH2026-0001 lisi")
	f.say("admin", "进展 17 已部署 完成度:40%")
	e := corpusEntry{msg: "整改 YH2026-0001 已更换 措施:更换护栏 资金:1万", user: "admin", task: 17}
	var keys []string
	for k := range hazardKeys {
		keys = append(keys, k)
	}
	for k := range taskKeys {
		keys = append(keys, k)
	}
	keys = append(keys, "reply", "notice")
	for _, k := range keys {
		e.expects = append(e.expects, expectation{key: k, op: "=", value: "不可能的值"},
			expectation{key: k, op: "~", value: "不可能的值"})
	}
	problems := runCorpusEntry(f, e)
	if want := 2*len(keys) + 1; len(problems) != want { // +1: the reply line
		t.Fatalf("%d problems, want %d:\n%s", len(problems), want, strings.Join(problems, "\n"))
	}
	// And !~ of what is there fails too: a few of the stored values.
	e.expects = nil
	for k, v := range map[string]string{"单位": "甲公司", "资金": "10000元", "停产": "是", "完成度": "40", "reply": "已记录", "notice": "lisi"} {
		e.expects = append(e.expects, expectation{key: k, op: "!~", value: v})
	}
	f2 := newFixture(t)
	f2.say("admin", "上报 护栏缺失 单位:甲公司 停产:是")
	f2.say("admin", "确认 YH2026-0001")
	f2.say("admin", "指派 YH2026-0001 lisi")
	f2.say("admin", "进展 17 已部署 完成度:40%")
	if problems := runCorpusEntry(f2, e); len(problems) != len(e.expects)+1 {
		t.Fatalf("!~ checks: %d problems, want %d:\n%s", len(problems), len(e.expects)+1, strings.Join(problems, "\n"))
	}
	if _, err := parseCorpus("x", "> 上报 x\n"); err == nil {
		t.Error("an entry without expectations was accepted")
	}
	if _, err := parseCorpus("x", "> 上报 x\n颜色 = 红\n"); err == nil {
		t.Error("an unknown key was accepted")
	}
	if _, err := parseCorpus("x", "> 上报 x\nreply ~ \n"); err == nil {
		t.Error("an empty ~ was accepted")
	}
}
