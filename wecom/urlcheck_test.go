package wecom_test

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"safetybot/wecom/wecomtest"
)

// getCheck performs a GET URL check with the given signed parameters and
// echostr, and returns the status and body.
func getCheck(t *testing.T, endpoint string, q url.Values, echostr string) (int, string) {
	t.Helper()
	q2 := url.Values{"msg_signature": {q.Get("msg_signature")}, "timestamp": {q.Get("timestamp")},
		"nonce": {q.Get("nonce")}, "echostr": {echostr}}
	resp, err := http.Get(endpoint + "?" + q2.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// captured is a ciphertext seen on the wire with the signature over it.
type captured struct {
	name  string
	query url.Values
	enc   string
}

// TestURLCheckIsNoDecryptionOracle replays, as a GET URL check, what an
// eavesdropper captures from each endpoint: the Encrypt of a POST (with its
// signed query) and of an encrypted passive reply (with the reply's own
// signature, timestamp and nonce). The check must answer 403 without the
// plaintext and log nothing of it; a genuine short token still passes, but
// not with a timestamp outside the POST window.
func TestURLCheckIsNoDecryptionOracle(t *testing.T) {
	e := newEnv(t, 0)
	const secret = "码头护栏缺失"

	var caps []captured
	// App: a captured POST and its passive reply.
	post := e.app.Sign(e.app.XML(wecomtest.AppMessage{FromUser: "zhangsan", MsgType: "text", MsgID: "7001", Content: "上报 " + secret}))
	var env struct{ Encrypt string }
	if err := xml.Unmarshal(post.Body, &env); err != nil {
		t.Fatal(err)
	}
	caps = append(caps, captured{"app POST", post.Query, env.Encrypt})
	resp, err := e.app.Post(post)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var reply struct{ Encrypt, MsgSignature, TimeStamp, Nonce string }
	if err := xml.Unmarshal(raw, &reply); err != nil || reply.Encrypt == "" {
		t.Fatalf("app passive reply %q: %v", raw, err)
	}
	caps = append(caps, captured{"app passive reply", url.Values{"msg_signature": {reply.MsgSignature},
		"timestamp": {reply.TimeStamp}, "nonce": {reply.Nonce}}, reply.Encrypt})

	// Robot: a captured POST and its passive reply.
	m, _ := json.Marshal(e.aibot.Text("lisi", "grp1", "ai-7002", "@安全助手 上报 "+secret, ""))
	bpost := e.aibot.Sign(m)
	var benv struct {
		Encrypt string `json:"encrypt"`
	}
	json.Unmarshal(bpost.Body, &benv)
	caps = append(caps, captured{"aibot POST", bpost.Query, benv.Encrypt})
	resp, err = e.aibot.Post(bpost)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	var breply struct {
		Encrypt      string `json:"encrypt"`
		MsgSignature string `json:"msgsignature"`
		Timestamp    int64  `json:"timestamp"`
		Nonce        string `json:"nonce"`
	}
	if err := json.Unmarshal(raw, &breply); err != nil || breply.Encrypt == "" {
		t.Fatalf("aibot passive reply %q: %v", raw, err)
	}
	caps = append(caps, captured{"aibot passive reply", url.Values{"msg_signature": {breply.MsgSignature},
		"timestamp": {strconv.FormatInt(breply.Timestamp, 10)}, "nonce": {breply.Nonce}}, breply.Encrypt})

	for _, c := range caps {
		endpoint := e.app.URL
		if strings.HasPrefix(c.name, "aibot") {
			endpoint = e.aibot.URL
		}
		status, body := getCheck(t, endpoint, c.query, c.enc)
		if status != http.StatusForbidden || strings.Contains(body, secret) || strings.Contains(body, "xml") || strings.Contains(body, "msgtype") {
			t.Errorf("%s replayed as a URL check: %d %q, want 403 without content", c.name, status, body)
		}
	}
	if logs := e.logs.String(); strings.Contains(logs, secret) || strings.Contains(logs, "zhangsan") {
		t.Errorf("log holds message content:\n%s", logs)
	}
	if !strings.Contains(e.logs.String(), "not a url-check token") {
		t.Errorf("refusals not logged:\n%s", e.logs.String())
	}

	// Short tokens pass; long or message-shaped echoes do not, on either endpoint.
	for name, verify := range map[string]func(string) (string, int, error){"app": e.app.VerifyURL, "aibot": e.aibot.VerifyURL} {
		for _, tc := range []struct {
			echo string
			want int
		}{
			{"1616140317555161061", 200},
			{strings.Repeat("9", 64), 200},
			{strings.Repeat("9", 65), 403},
			{"<xml>x</xml>", 403},
			{`{"a":1}`, 403},
			{"123\n456", 403},
			{"a\x00b", 403},
			{"a\x1bb", 403},
			{"验证", 403},
		} {
			got, status, err := verify(tc.echo)
			if err != nil || status != tc.want || (tc.want == 200 && got != tc.echo) || (tc.want != 200 && strings.Contains(got, tc.echo)) {
				t.Errorf("%s GET echo %q = %d %q %v, want %d", name, tc.echo, status, got, err, tc.want)
			}
		}
	}

	// The GET check keeps the POST's timestamp window: a month-old or
	// future check is refused even with a valid token.
	for _, skew := range []time.Duration{-30 * 24 * time.Hour, -11 * time.Minute, 11 * time.Minute} {
		old, _ := wecomtest.NewAppClient(e.app.URL, e.appToken, e.appKey, corpID)
		old.Now = func() time.Time { return time.Now().Add(skew) }
		oldBot, _ := wecomtest.NewAIBotClient(e.aibot.URL, e.botToken, e.botKey)
		oldBot.Now = old.Now
		for name, verify := range map[string]func(string) (string, int, error){"app": old.VerifyURL, "aibot": oldBot.VerifyURL} {
			if got, status, _ := verify("1616140317555161061"); status != http.StatusForbidden || got == "1616140317555161061" {
				t.Errorf("%s GET at %v: %d %q, want 403", name, skew, status, got)
			}
		}
	}
}
