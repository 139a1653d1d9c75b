package sender_test

import (
	"context"
	"testing"

	"safetybot"
	"safetybot/wecom/wecomtest"
)

func TestUserNameReadsTheAddressBook(t *testing.T) {
	s, f, _ := newSender(t, wecomtest.FakeAPIOptions{}, nil)
	f.SetBookNames(map[string]string{"yanghu_wu": "吴杨虎"})
	ctx := context.Background()

	name, status, err := s.UserName(ctx, "yanghu_wu")
	if err != nil || name != "吴杨虎" || status != safetybot.BookOK {
		t.Fatalf("known member: %q %q %v", name, status, err)
	}
	if c := f.Calls(wecomtest.EndpointUserGet); len(c) != 1 || c[0].Query.Get("userid") != "yanghu_wu" {
		t.Fatalf("user/get calls: %+v", c)
	}
	name, status, err = s.UserName(ctx, "nobody")
	if err != nil || name != "" || status != safetybot.BookMissing {
		t.Fatalf("unknown member (60111): %q %q %v", name, status, err)
	}
	f.DenyBook(true)
	name, status, err = s.UserName(ctx, "yanghu_wu")
	if err != nil || name != "" || status != safetybot.BookDenied {
		t.Fatalf("no privilege (60011): %q %q %v", name, status, err)
	}
}

func TestUserNameFailureIsAnError(t *testing.T) {
	s, f, _ := newSender(t, wecomtest.FakeAPIOptions{}, nil)
	f.FailNext(wecomtest.EndpointUserGet, wecomtest.Fault{Status: 502})
	if name, status, err := s.UserName(context.Background(), "yanghu_wu"); err == nil || status != "" || name != "" {
		t.Fatalf("502 must be an error, not an answer: %q %q %v", name, status, err)
	}
	// a stale token is re-fetched once, as for message/send
	f.SetBookNames(map[string]string{"yanghu_wu": "吴杨虎"})
	f.ExpireTokens()
	if name, _, err := s.UserName(context.Background(), "yanghu_wu"); err != nil || name != "吴杨虎" {
		t.Fatalf("after token expiry: %q %v", name, err)
	}
}
