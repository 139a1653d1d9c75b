package web_test

import (
	"context"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"safetybot/bot"
	"safetybot/internal/fixture"
	"safetybot/web"
)

// TestFormPastedLedgerRow posts rows of the ledger pasted into the form's
// 描述 box through the HTTP handler (fix10 #3): their 编号 and 序号 cells
// stayed in the description marked 未识别, where chat reads them. They are
// read by chat's reader: a number no hazard has, and the table's row
// number, are named 未登记 and kept out of the description; a number
// already in the ledger refuses the report with chat's own words.
func TestFormPastedLedgerRow(t *testing.T) {
	ctx := context.Background()
	w := fixture.New(t, 0)
	e, err := bot.NewEngine(ctx, w.Store, bot.Config{Now: w.Clock.Now, Logger: quietLog(), Admins: []string{fixture.Admin}})
	if err != nil {
		t.Fatal(err)
	}
	say := func(text string) string {
		var out []string
		for _, r := range e.Handle(ctx, bot.Message{Source: "test", ChatType: bot.ChatSingle, UserID: fixture.Admin, Text: text}) {
			out = append(out, r.Text)
		}
		return strings.Join(out, "\n")
	}
	if got := say("上报 渡船消防器材过期 领域:水上交通"); !strings.Contains(got, "已登记隐患 YH2026-0001") {
		t.Fatalf("setup: %s", got)
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
	for _, tc := range []struct {
		name, desc string
		code       int
		stored     string // the description stored, "" when refused
		has, not   []string
	}{
		{"编号 no hazard has, with the header", "编号\t隐患名称/描述\t所属单位\nYH2025-0099\t码头系缆桩松动\t县港航公司", 200, "码头系缆桩松动",
			[]string{"未登记：编号「YH2025-0099」", "单位：县港航公司"}, []string{"未识别"}},
		{"the row without its header", "YH2025-0098\t码头照明不足\t\t县港航公司\t水上交通\t6号泊位\t一般\t\t未注明\t2025-11-28 10:00", 200, "码头照明不足",
			[]string{"未登记：编号「YH2025-0098」、发现时间「2025-11-28 10:00」"}, []string{"未识别"}},
		{"序号 of the office's sheet", "序号\t隐患名称/描述\t行业领域\n1\t危险品仓库通风不良\t水上交通", 200, "危险品仓库通风不良",
			[]string{"未登记：序号「1」（表格的行号"}, []string{"未识别"}},
		{"a row of the office's own sheet", "测试码头\t消防通道堵塞\t一般\t12月20日", 200, "测试码头 消防通道堵塞",
			[]string{"期限：2026-12-20", "这一行没有表头，已按各格的内容读取：等级「一般」、期限「12月20日」"}, nil},
		{"编号 of a hazard in the ledger", "编号\t隐患名称/描述\t行业领域\nYH2026-0001\t渡船消防器材过期\t水上交通", 400, "",
			[]string{"这一行的编号是 YH2026-0001（渡船消防器材过期），该隐患已在台账中，未重复登记。要更正请发送「修改 YH2026-0001 字段:值」"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			code, page := c.multipartPost("/hazards/new", url.Values{"csrf": {csrf}, "描述": {tc.desc}}, nil, nil)
			page = html.UnescapeString(page)
			if code != tc.code {
				t.Fatalf("status %d, want %d: %.800s", code, tc.code, page)
			}
			for _, s := range tc.has {
				if !strings.Contains(page, s) {
					t.Errorf("page lacks %q: %.1500s", s, page)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(page, s) {
					t.Errorf("page has %q", s)
				}
			}
			if tc.stored == "" {
				// Refused as chat refuses the same paste, and nothing stored.
				if chat := say("上报\n" + tc.desc); !strings.Contains(chat, tc.has[0]) {
					t.Errorf("chat says otherwise: %s", chat)
				}
				if _, _, err := w.Store.Hazard(ctx, "YH2026-0006"); err == nil {
					t.Error("a hazard was registered")
				}
				return
			}
			m := resultPage.FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no result: %.800s", page)
			}
			h, _, err := w.Store.Hazard(ctx, m[1])
			if err != nil {
				t.Fatal(err)
			}
			if h.Description != tc.stored {
				t.Errorf("description %q, want %q", h.Description, tc.stored)
			}
		})
	}
}
