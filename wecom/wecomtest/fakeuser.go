package wecomtest

import (
	"maps"
	"net/url"
)

// EndpointUserGet is WeCom's 读取成员 (user/get, document 90196).
const EndpointUserGet = "user/get"

// user/get's answers about a member (WeCom global errcodes, document 90313).
const (
	ErrNoPrivilege  = 60011 // the app may not read this member
	ErrUserNotFound = 60111 // no such userid
)

// fakeBook is the fake's address book.
type fakeBook struct {
	names  map[string]string
	denied bool
}

// SetBookNames puts members in the fake's address book: user/get answers
// their names (userid → name). A userid not in it gets 60111.
func (f *FakeAPI) SetBookNames(names map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.book.names == nil {
		f.book.names = map[string]string{}
	}
	maps.Copy(f.book.names, names)
}

// DenyBook makes user/get answer 60011 (no privilege) for every member, as
// for an app that may not read the address book; false lets it read again.
func (f *FakeAPI) DenyBook(deny bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.book.denied = deny
}

func (f *FakeAPI) userGetLocked(q url.Values) map[string]any {
	if f.book.denied {
		return answer(ErrNoPrivilege)
	}
	id := q.Get("userid")
	name, ok := f.book.names[id]
	if !ok {
		return answer(ErrUserNotFound)
	}
	res := answer(0)
	res["userid"], res["name"] = id, name
	return res
}
