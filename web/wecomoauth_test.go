package web_test

import (
	"context"
	"strings"
	"testing"

	"safetybot/web"
	"safetybot/wecom/wecomapi"
	"safetybot/wecom/wecomtest"
)

// TestWeComOAuthUserID exchanges login codes at the fake WeCom through
// WECOM_API_BASE: a member's userid, a refusal for an outsider and for a
// bad or used code, and one gettoken for all of it.
func TestWeComOAuthUserID(t *testing.T) {
	f := wecomtest.NewFakeAPI(t, wecomtest.FakeAPIOptions{CorpID: "wwcorp", Secret: "s3cret"})
	f.SetLoginCodes(map[string]string{"c-lisi": "lisi", "c-outsider": ""})
	api, err := wecomapi.New(wecomapi.Config{Base: f.URL, CorpID: "wwcorp", Secret: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	o := web.NewWeComOAuth(api, "1000002")
	ctx := context.Background()
	if id, err := o.UserID(ctx, "c-lisi"); err != nil || id != "lisi" {
		t.Fatalf("member: %q %v", id, err)
	}
	if id, err := o.UserID(ctx, "c-lisi"); err == nil || !strings.Contains(err.Error(), "40029") {
		t.Fatalf("used code: %q %v", id, err)
	}
	if id, err := o.UserID(ctx, "c-outsider"); err == nil || id != "" {
		t.Fatalf("outsider: %q %v", id, err)
	}
	if n := f.Count(wecomtest.EndpointToken); n != 1 {
		t.Fatalf("gettoken called %d times, want 1", n)
	}
	f.ExpireTokens()
	f.SetLoginCodes(map[string]string{"c-again": "lisi"})
	if id, err := o.UserID(ctx, "c-again"); err != nil || id != "lisi" {
		t.Fatalf("after token expiry: %q %v", id, err)
	}
}
