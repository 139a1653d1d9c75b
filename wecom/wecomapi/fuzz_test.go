package wecomapi

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzDecode: whatever WeCom (or something in its place) answers, decode
// never panics, a non-zero errcode is an *Error carrying it, an answer it
// accepts has errcode 0, and anything else is an error that says so.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"errcode":0,"errmsg":"ok","access_token":"t","expires_in":7200}`,
		`{"errcode":40014,"errmsg":"invalid access_token"}`,
		`{"errcode":"45009"}`, `{"errcode":1e30}`, `[]`, `null`, ``, `{"errcode":0`, "{\"errmsg\":\"\xff\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var st Status
		err := decode("message/send", body, &st)
		var we *Error
		switch {
		case err == nil:
			if st.ErrCode != 0 {
				t.Fatalf("accepted an answer with errcode %d", st.ErrCode)
			}
		case errors.As(err, &we):
			if we.Code == 0 || we.Code != st.ErrCode || we.API != "message/send" {
				t.Fatalf("error %+v for errcode %d", we, st.ErrCode)
			}
			if code, ok := ErrCode(err); !ok || code != we.Code {
				t.Fatalf("ErrCode(%v) = %d, %v", err, code, ok)
			}
		default:
			if json.Valid(body) && err.Error() == "" {
				t.Fatal("an error without a message")
			}
		}
	})
}
