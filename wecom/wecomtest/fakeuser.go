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

// EndpointUserInfo is web login's 获取访问用户身份 (auth/getuserinfo,
// document 91023): a login code for the member's userid.
const EndpointUserInfo = "auth/getuserinfo"

// ErrInvalidCode is auth/getuserinfo's answer to an unknown or used code.
const ErrInvalidCode = 40029

// fakeBook is the fake's address book, and the login codes it accepts.
type fakeBook struct {
	names  map[string]string
	denied bool
	codes  map[string]string // login code → userid ("": not a member)
}

// SetLoginCodes makes auth/getuserinfo accept each code once, answering
// its userid; a code mapped to "" answers as for someone outside the corp
// (an openid, no userid). Other codes get 40029.
func (f *FakeAPI) SetLoginCodes(codes map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.book.codes == nil {
		f.book.codes = map[string]string{}
	}
	maps.Copy(f.book.codes, codes)
}

func (f *FakeAPI) userInfoLocked(q url.Values) map[string]any {
	id, ok := f.book.codes[q.Get("code")]
	if !ok {
		return answer(ErrInvalidCode)
	}
	delete(f.book.codes, q.Get("code")) // a code is good for one use
	res := answer(0)
	if id == "" {
		res["openid"] = "o-outsider"
	} else {
		res["userid"] = id
	}
	return res
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
