package main

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"safetybot/internal/storetest"
	"safetybot/internal/testkit"
	"safetybot/wecom/wecomtest"
)

// Helpers of the tests that run serve as deployed: on a free loopback port,
// over a database in the test's temporary directory.

// serving is a serve started by startServe.
type serving struct {
	base           string          // http://host:port
	stdout, stderr *testkit.Buffer // what serve printed; its log is stderr
	// stop cancels serve and waits for run to return, failing the test if
	// it returned an error. It runs at the end of the test if not before.
	stop func()
}

// startServe runs `safetybot args...` (serve when args is empty) with vars,
// setting SAFETYBOT_ADDR to a free loopback port and SAFETYBOT_DB, when
// unset, to a file in the test's temporary directory, and returns once the
// server answers /healthz.
func startServe(t *testing.T, vars map[string]string, args ...string) *serving {
	t.Helper()
	vars["SAFETYBOT_ADDR"] = freeAddr(t)
	if vars["SAFETYBOT_DB"] == "" {
		vars["SAFETYBOT_DB"] = storetest.File(t)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv := &serving{base: "http://" + vars["SAFETYBOT_ADDR"], stdout: &testkit.Buffer{}, stderr: &testkit.Buffer{}}
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, env(vars), strings.NewReader(""), srv.stdout, srv.stderr) }()
	var once sync.Once
	srv.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve returned %v", err)
			}
		})
	}
	t.Cleanup(srv.stop)
	for i := 0; ; i++ {
		resp, err := http.Get(srv.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			return srv
		}
		if i == 100 {
			t.Fatalf("serve never answered: %v\n%s", err, srv.stderr)
		}
		time.Sleep(50 * time.Millisecond) // waiting for the listener
	}
}

// callbackVars turn on both WeCom callbacks, the app's and the intelligent
// robot's, with fresh secrets, and point the WeCom API at apiURL (a fake).
func callbackVars(apiURL string) map[string]string {
	return map[string]string{
		"WECOM_API_BASE":               apiURL,
		"WECOM_CORP_ID":                "wwcorp0001",
		"WECOM_TOKEN":                  wecomtest.NewToken(),
		"WECOM_ENCODING_AES_KEY":       wecomtest.NewAESKey(),
		"WECOM_AIBOT_TOKEN":            wecomtest.NewToken(),
		"WECOM_AIBOT_ENCODING_AES_KEY": wecomtest.NewAESKey(),
	}
}

// freeAddr is a loopback address nothing listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
