package web_test

import (
	"bufio"
	"context"
	"html"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"safetybot"
	"safetybot/bot"
	"safetybot/internal/fixture"
	"safetybot/web"
)

// formCase is one block of testdata/form/corpus.txt.
type formCase struct {
	line   int
	fields url.Values        // the form's fields as posted
	chat   string            // the same report typed in chat, "" for none
	want   map[string]string // stored field → value
	has    []string          // texts the result page's reply contains
	hasNot []string
}

// TestFormCorpus posts each form of testdata/form/corpus.txt, as phones
// and WPS pastes fill it, through the HTTP form handler into one fresh
// database (the blocks' units are all known beforehand, so one does not
// change another's reading), and checks what was stored and what the result page says; when
// the block gives the same report typed in chat, both must store the same
// (qa4 #1: the form kept zero-width spaces and tabs that chat removes).
func TestFormCorpus(t *testing.T) {
	ctx := context.Background()
	w := fixture.New(t, 0)
	e, err := bot.NewEngine(ctx, w.Store, bot.Config{Now: w.Clock.Now, Logger: quietLog(), Admins: []string{fixture.Admin}})
	if err != nil {
		t.Fatal(err)
	}
	say := func(user, text string) string {
		var out []string
		for _, r := range e.Handle(ctx, bot.Message{Source: bot.FormSource, ChatType: bot.ChatSingle, UserID: user, Text: text}) {
			out = append(out, r.Text)
		}
		return strings.Join(out, "\n")
	}
	for _, s := range []string{"企业 沁水县通达危险货物运输有限公司 tongda", "企业 沁水县通达客运有限公司 tongke",
		"上报 桥梁伸缩缝破损 单位:县公路段 领域:公路运营", "上报 码头系缆桩松动 单位:长河航运 领域:水上"} {
		if got := say(fixture.Admin, s); !strings.Contains(got, "已登记") {
			t.Fatalf("setup %s: %s", s, got)
		}
	}
	d, err := web.New(ctx, web.Config{Store: w.Store, Now: w.Clock.Now, Logger: quietLog(), Reporter: e})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, d)
	tok, _, err := w.Store.CreateLoginToken(ctx, fixture.Staff, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	c.post("/login", url.Values{"token": {tok}}, nil)
	csrf := c.csrf("/hazards/new")
	for _, fc := range readFormCorpus(t, "testdata/form/corpus.txt") {
		t.Run(strconv.Itoa(fc.line), func(t *testing.T) {
			c.t = t
			fc.fields.Set("csrf", csrf)
			code, page := c.multipartPost("/hazards/new", fc.fields, nil, nil)
			m := resultPage.FindStringSubmatch(page)
			if code != 200 || m == nil {
				t.Fatalf("line %d: %d %.600s", fc.line, code, page)
			}
			number, reply := m[1], html.UnescapeString(m[2])
			h, _, err := w.Store.Hazard(ctx, number)
			if err != nil {
				t.Fatal(err)
			}
			got := storedFields(h)
			for k, v := range fc.want {
				if got[k] != v {
					t.Errorf("line %d: %s = %q, want %q\nreply: %s", fc.line, k, got[k], v, reply)
				}
			}
			for _, s := range fc.has {
				if !strings.Contains(reply, s) {
					t.Errorf("line %d: reply lacks %q:\n%s", fc.line, s, reply)
				}
			}
			for _, s := range fc.hasNot {
				if strings.Contains(reply, s) {
					t.Errorf("line %d: reply has %q:\n%s", fc.line, s, reply)
				}
			}
			if fc.chat == "" {
				return
			}
			cr := say(fixture.Staff, fc.chat)
			cm := regexp.MustCompile(`已登记隐患 (YH\d{4}-\d{4})`).FindStringSubmatch(cr)
			if cm == nil {
				t.Fatalf("line %d: chat: %s", fc.line, cr)
			}
			ch, _, err := w.Store.Hazard(ctx, cm[1])
			if err != nil {
				t.Fatal(err)
			}
			chat := storedFields(ch)
			for k, v := range got {
				if chat[k] != v {
					t.Errorf("line %d: %s: form stored %q, chat %q", fc.line, k, v, chat[k])
				}
			}
		})
	}
}

// resultPage finds the number and the reply on the form's result page.
var resultPage = regexp.MustCompile(`(?s)id="number">(YH\d{4}-\d{4})<.*?<pre class="reply" id="reply">(.*?)</pre>`)

// storedFields are the hazard's fields a report sets, by 上报 key.
func storedFields(h *safetybot.Hazard) map[string]string {
	return map[string]string{"描述": h.Description, "单位": h.Unit, "领域": h.Domain, "等级": string(h.Grade),
		"期限": string(h.Deadline), "地点": h.Location}
}

// readFormCorpus reads the corpus: blocks separated by blank lines, # for
// comments; "form KEY = VALUE" a posted field, "chat: MESSAGE" the same
// report typed in chat, "KEY = VALUE" a stored field, "reply ~ TEXT" and
// "reply !~ TEXT" the result page's reply. Escapes \t \n \r \\ \xHH \uHHHH
// keep invisible characters visible in the file.
func readFormCorpus(t *testing.T, path string) []formCase {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []formCase
	var cur *formCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " ")
		switch {
		case strings.HasPrefix(line, "#"):
			continue
		case line == "":
			cur = nil
			continue
		case cur == nil:
			out = append(out, formCase{line: n, fields: url.Values{}, want: map[string]string{}})
			cur = &out[len(out)-1]
		}
		switch k, v, _ := strings.Cut(line, " "); {
		case k == "form":
			key, val, ok := strings.Cut(v, " = ")
			if !ok {
				t.Fatalf("%s:%d: form KEY = VALUE", path, n)
			}
			cur.fields.Set(key, unescapeCorpus(t, val))
		case k == "chat:":
			cur.chat = unescapeCorpus(t, v)
		case k == "reply" && strings.HasPrefix(v, "~ "):
			cur.has = append(cur.has, unescapeCorpus(t, v[2:]))
		case k == "reply" && strings.HasPrefix(v, "!~ "):
			cur.hasNot = append(cur.hasNot, unescapeCorpus(t, v[3:]))
		case strings.HasPrefix(v, "= ") || v == "=":
			cur.want[k] = unescapeCorpus(t, strings.TrimPrefix(strings.TrimPrefix(v, "="), " "))
		default:
			t.Fatalf("%s:%d: cannot read %q", path, n, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func unescapeCorpus(t *testing.T, s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch c := s[i]; c {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'x', 'u':
			w := 2
			if c == 'u' {
				w = 4
			}
			r, err := strconv.ParseUint(s[i+1:min(i+1+w, len(s))], 16, 32)
			if err != nil {
				t.Fatalf("bad escape in %q", s)
			}
			b.WriteRune(rune(r))
			i += w
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
