package longconn

import (
	"encoding/json"
	"testing"
)

func TestParseFrame(t *testing.T) {
	good := `{"cmd":"aibot_msg_callback","headers":{"req_id":"r1"},"body":{"msgid":"m","msgtype":"text","text":{"content":"帮助"}}}`
	f, err := ParseFrame([]byte(good))
	if err != nil || f.Cmd != CmdMsgCallback || f.Headers.ReqID != "r1" || f.IsAck() {
		t.Fatalf("%+v %v", f, err)
	}
	ack, err := ParseFrame([]byte(`{"headers":{"req_id":"r1"},"errcode":45009,"errmsg":"busy"}`))
	if err != nil || !ack.IsAck() || ack.Code() != 45009 {
		t.Fatalf("%+v %v", ack, err)
	}
	for _, bad := range []string{"", " ", "null", "[]", `"x"`, "{", `{"cmd":"ping"}`, `{"headers":{"req_id":""}}`,
		`{"headers":{"req_id":"r"},"body":[1]}`, `{"headers":{"req_id":"r"}} {}`, `{"headers":{"req_id":5}}`} {
		if _, err := ParseFrame([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	var cb Callback
	json.Unmarshal(f.Body, &cb)
	if txt, ok := cb.text(); !ok || txt != "帮助" {
		t.Fatalf("text %q", txt)
	}
	json.Unmarshal([]byte(`{"msgtype":"mixed","mixed":{"msg_item":[{"msgtype":"text","text":{"content":"上报 a"}},{"msgtype":"image"},{"msgtype":"text","text":{"content":"b"}}]}}`), &cb)
	if txt, ok := cb.text(); !ok || txt != "上报 a\nb" {
		t.Fatalf("mixed %q", txt)
	}
}

// FuzzParseFrame: any bytes from the network either parse into a frame
// that survives a round trip or are refused; nothing panics.
func FuzzParseFrame(f *testing.F) {
	for _, s := range []string{
		`{"cmd":"aibot_msg_callback","headers":{"req_id":"r1"},"body":{"msgid":"m","chattype":"group","chatid":"c","from":{"userid":"u"},"msgtype":"text","text":{"content":"@安全助手 上报 x"}}}`,
		`{"cmd":"aibot_event_callback","headers":{"req_id":"r2"},"body":{"msgtype":"event","event":{"eventtype":"disconnected_event"}}}`,
		`{"headers":{"req_id":"r3"},"errcode":0,"errmsg":"ok"}`,
		`{"headers":{"req_id":"r"},"body":null}`,
		`{"cmd":"x","headers":{"req_id":"\u0000"},"errcode":-1}`,
		"{}", "[", "\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, err := ParseFrame(data)
		if err != nil {
			return
		}
		if fr.Headers.ReqID == "" {
			t.Fatal("accepted a frame without req_id")
		}
		var cb Callback
		if len(fr.Body) > 0 && json.Unmarshal(fr.Body, &cb) == nil {
			cb.text()
		}
		out, err := json.Marshal(fr)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		again, err := ParseFrame(out)
		if err != nil || again.Cmd != fr.Cmd || again.Headers != fr.Headers || again.Code() != fr.Code() {
			t.Fatalf("round trip: %+v vs %+v (%v)", fr, again, err)
		}
	})
}
