package wecom

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"safetybot/bot"
	"safetybot/internal/storetest"
)

type echoEngine struct{}

func (echoEngine) Sensitive(bot.Message) bool { return false }

func (echoEngine) Handle(_ context.Context, m bot.Message) []bot.Reply {
	return []bot.Reply{{Text: "收到 " + m.Text + " " + m.Label}}
}

// FuzzAppCallback drives the whole app handler with any decrypted payload,
// correctly signed: it answers 200, 400 or 403, never a 5xx or a panic; a
// 200 only for a message to this app (ToUserName the CorpID) from other
// than the CorpID (AppHandler.addressed); and any passive reply it writes
// verifies and decrypts.
func FuzzAppCallback(f *testing.F) {
	f.Add([]byte(`<xml><ToUserName>wwfuzz</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>上报 x</Content><MsgId>1</MsgId></xml>`))
	f.Add([]byte(`<xml><ToUserName>wwfuzz</ToUserName><FromUserName>u</FromUserName><MsgType>location</MsgType><Location_X>1.5</Location_X><Location_Y>2</Location_Y><Label>]]&gt;</Label><MsgId>2</MsgId></xml>`))
	f.Add([]byte(`<xml><ToUserName>wwfuzz</ToUserName><FromUserName>u</FromUserName><MsgType>event</MsgType><Event>enter_agent</Event></xml>`))
	f.Add([]byte(`not xml`))
	// the app's own passive reply, and messages to another corp: 403
	f.Add([]byte(`<xml><ToUserName><![CDATA[u]]></ToUserName><FromUserName><![CDATA[wwfuzz]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[YH2026-0001【一般】待确认]]></Content></xml>`))
	f.Add([]byte(`<xml><ToUserName>wwOTHER</ToUserName><FromUserName>u</FromUserName><MsgType>text</MsgType><Content>上报 别处</Content><MsgId>3</MsgId></xml>`))
	f.Add([]byte(`<xml><FromUserName>u</FromUserName><MsgType>text</MsgType><Content>上报 无收件方</Content><MsgId>4</MsgId></xml>`))
	s := storetest.Open(f, nil)
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	d, err := NewDedup(ctx, s, DedupOptions{Logger: quiet})
	if err != nil {
		f.Fatal(err)
	}
	const key = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	h, err := NewAppHandler(AppConfig{CorpID: "wwfuzz", Token: "tok", EncodingAESKey: key, Engine: echoEngine{},
		Store: s, Dedup: d, Logger: quiet, SlowAfter: time.Second})
	if err != nil {
		f.Fatal(err)
	}
	client, _ := NewCrypto("tok", key, "wwfuzz")
	f.Fuzz(func(t *testing.T, plain []byte) {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		enc, sig := client.Seal(plain, ts, "n")
		body := "<xml><Encrypt><![CDATA[" + enc + "]]></Encrypt></xml>"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/wecom/callback?msg_signature="+sig+"&timestamp="+ts+"&nonce=n", bytes.NewReader([]byte(body))))
		switch rec.Code {
		case 200:
			if m, err := ParseAppMessage(plain); err != nil || m.ToUserName != "wwfuzz" || m.FromUserName == "wwfuzz" {
				t.Fatalf("accepted a message not to this app: %q", plain)
			}
		case 400, 403:
			return
		default:
			t.Fatalf("status %d", rec.Code)
		}
		if rec.Body.Len() == 0 {
			return
		}
		env, err := ParseAppEnvelope(rec.Body.Bytes())
		if err != nil {
			t.Fatalf("reply envelope: %v", err)
		}
		var r struct {
			MsgSignature, TimeStamp, Nonce string
		}
		if err := xmlUnmarshal(rec.Body.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out, err := client.Open(r.MsgSignature, r.TimeStamp, r.Nonce, env)
		if err != nil {
			t.Fatalf("reply does not open: %v", err)
		}
		if _, err := ParseAppMessage(out); err != nil {
			t.Fatalf("reply is not a message: %q", out)
		}
	})
}

func xmlUnmarshal(b []byte, v any) error { return xml.Unmarshal(b, v) }
