package wecom

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"safetybot/bot"
)

func TestParseAppMessage(t *testing.T) {
	m, err := ParseAppMessage([]byte(`<xml><ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName>
		<CreateTime>1348831860</CreateTime><MsgType><![CDATA[location]]></MsgType><Location_X>23.134521</Location_X>
		<Location_Y>113.358803</Location_Y><Scale>20</Scale><Label><![CDATA[位置信息]]></Label>
		<MsgId>1234567890123456789</MsgId><AgentID><![CDATA[1]]></AgentID></xml>`))
	if err != nil {
		t.Fatal(err)
	}
	if m.FromUserName != "zhangsan" || m.MsgID != "1234567890123456789" || m.LocationX != 23.134521 || m.LocationY != 113.358803 || m.Label != "位置信息" || m.AgentID != "1" {
		t.Fatalf("%+v", m)
	}
	for _, bad := range []string{"", "<xml>", "<xml></xml>", "<xml><MsgType>text</MsgType></xml>", "<xml><Location_X>abc</Location_X></xml>", "{}"} {
		if _, err := ParseAppMessage([]byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	if enc, err := ParseAppEnvelope([]byte("<xml><ToUserName>a</ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[abc]]></Encrypt></xml>")); err != nil || enc != "abc" {
		t.Fatalf("envelope: %q %v", enc, err)
	}
}

func TestParseAIBotMessage(t *testing.T) {
	m, err := ParseAIBotMessage([]byte(`{"msgid":"CAIQ","aibotid":"AIBOTID","chatid":"CHATID","chattype":"group",
		"from":{"userid":"USERID"},"response_url":"https://x/y","msgtype":"text","text":{"content":"@RobotA hello robot"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if m.MsgID != "CAIQ" || m.ChatType != "group" || m.ChatID != "CHATID" || m.From.UserID != "USERID" || m.Text.Content != "@RobotA hello robot" {
		t.Fatalf("%+v", m)
	}
	for _, bad := range []string{"", "{", "[]", `{"msgid":"x"}`, `{"msgtype":1}`,
		`{"msgtype":"text","from":{"userid":"u"},"text":{"content":"上报 无编号"}}`,
		`{"msgid":"x","msgtype":"text","text":{"content":"上报 无发送人"}}`,
		`{"msgid":"x","from":{"userid":""},"msgtype":"text","text":{"content":"上报 空发送人"}}`,
		// the robot's own passive replies, as they decrypt
		`{"msgtype":"stream","stream":{"id":"sb1","finish":true,"content":"已登记隐患 YH2026-0001"}}`,
		`{"msgtype":"text","text":{"content":"您好，我是安全生产助手"}}`,
		`{"response_type":"update_template_card","template_card":{"card_type":"button_interaction","task_id":"t"}}`,
	} {
		if _, err := ParseAIBotMessage([]byte(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestCapBytes(t *testing.T) {
	s := strings.Repeat("安", 10000) // 30,000 bytes
	got := CapBytes(s, maxStreamBytes)
	if len(got) > maxStreamBytes || !utf8.ValidString(got) || !strings.HasSuffix(got, "已截断）") {
		t.Fatalf("CapBytes: %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
	if CapBytes("short", 10) != "short" {
		t.Fatal("short string changed")
	}
}

// FuzzAppXML: any body, outer or decrypted, is parsed or refused, never a
// panic; what parses keeps its required fields.
func FuzzAppXML(f *testing.F) {
	f.Add([]byte(`<xml><ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[u]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[上报 x]]></Content><MsgId>1</MsgId><AgentID>1</AgentID></xml>`))
	f.Add([]byte(`<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>`))
	f.Add([]byte(`<xml><MsgType>event</MsgType><Event>enter_agent</Event><FromUserName>u</FromUserName></xml>`))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "aaaa">]><xml><MsgType>&a;</MsgType></xml>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if enc, err := ParseAppEnvelope(body); err == nil && enc == "" {
			t.Fatal("envelope parsed without Encrypt")
		}
		m, err := ParseAppMessage(body)
		if err == nil && (m.MsgType == "" || m.FromUserName == "") {
			t.Fatal("message parsed without MsgType or FromUserName")
		}
		if err == nil {
			_ = validMsgType(m.MsgType)
			if j, ok := (&AppHandler{in: inbound{now: time.Now, runner: runner{engine: echoEngine{}}}}).job(m); ok && (j.key == "" || j.run == nil || j.later == nil) {
				t.Fatal("incomplete job")
			}
		}
	})
}

// FuzzAIBotJSON: the same for the robot's JSON.
func FuzzAIBotJSON(f *testing.F) {
	f.Add([]byte(`{"msgid":"m","aibotid":"a","chatid":"c","chattype":"group","from":{"userid":"u"},"response_url":"http://x","msgtype":"text","text":{"content":"@b 上报 x"}}`))
	f.Add([]byte(`{"msgid":"m","msgtype":"event","event":{"eventtype":"enter_chat"},"from":{"userid":"u"}}`))
	f.Add([]byte(`{"msgid":"m","msgtype":"stream","stream":{"id":"s"},"from":{"userid":"u"}}`))
	f.Add([]byte(`{"encrypt":"abc"}`))
	// the robot's own passive replies: refused
	f.Add([]byte(`{"msgtype":"stream","stream":{"id":"sb1","finish":true,"content":"已登记"}}`))
	f.Add([]byte(`{"msgtype":"text","text":{"content":"您好，我是安全生产助手"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if enc, err := ParseAIBotEnvelope(body); err == nil && enc == "" {
			t.Fatal("envelope parsed without encrypt")
		}
		m, err := ParseAIBotMessage(body)
		if err != nil {
			return
		}
		if m.MsgType == "" || m.MsgID == "" || m.From.UserID == "" {
			t.Fatal("message parsed without msgtype, msgid or sender")
		}
		h := &AIBotHandler{robot: &Robot{runner{engine: echoEngine{}}, "aibot"}}
		if j, reply, ok := h.job(m); ok {
			if j.key == "" || j.run == nil || reply == nil {
				t.Fatal("incomplete job")
			}
			if _, err := json.Marshal(reply(Outcome{Text: "x", Card: &bot.CardUpdate{}})); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestAppendCDATA(t *testing.T) {
	b := appendCDATA([]byte("x"), "a]]>b\x00c\x07d\n\xff")
	if got := string(b[1:]); got != "<![CDATA[a]]]]><![CDATA[>bcd\n\uFFFD]]>" {
		t.Fatalf("got %q", got)
	}
}

// TestReadAll: the body comes whole whatever length the client declared
// (none, exact, short, long, beyond presize), as io.ReadAll reads it.
func TestReadAll(t *testing.T) {
	for _, size := range []int{0, 1, 511, 512, 1500, presize, presize + 1, 3 * presize} {
		body := strings.Repeat("x", size)
		for _, declared := range []int64{-1, 0, int64(size), int64(size) / 2, int64(size) + 100, 1 << 30} {
			got, err := readAll(iotest.OneByteReader(strings.NewReader(body)), declared)
			if err != nil || string(got) != body {
				t.Fatalf("size %d, declared %d: %d bytes, %v", size, declared, len(got), err)
			}
			if got, err = readAll(strings.NewReader(body), declared); err != nil || string(got) != body {
				t.Fatalf("size %d, declared %d: %d bytes, %v", size, declared, len(got), err)
			}
		}
	}
	if _, err := readAll(iotest.ErrReader(errors.New("boom")), 10); err == nil || err.Error() != "boom" {
		t.Fatalf("error: %v", err)
	}
}
