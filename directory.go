package safetybot

import (
	"context"
	"strings"
	"time"
)

// Directory tells who a WeCom userid is, for everything people read:
// replies, notifications, the digest, the dashboard, exports and reports.
type Directory interface {
	// Name returns the display name of userID: a name an administrator set
	// (姓名 command), else the address-book name (WeCom user/get, document
	// 90196), else userID itself. It never fails and never blocks for long:
	// when the address book is slow or unreadable it returns userID. An
	// empty userID gives "". Its errors are internal.
	Name(ctx context.Context, userID string) string
}

// Anonymous stands where a person is unknown: the reporter of a hazard
// verified from an anonymous report is never looked up.
const Anonymous = "匿名举报"

// IDs is the Directory that knows no names: every userid stands for itself.
// Tests and tools without an address book use it.
type IDs struct{}

// Name returns userID.
func (IDs) Name(_ context.Context, userID string) string { return userID }

// NameWithID is how a person is shown where the userid also matters (lists
// of roles and names, ambiguous names): 名字（userid）, or just the userid
// when the name is the userid itself. A name that itself ends in brackets
// takes the userid into them, 孙总（局长，sunzong）: as 孙总（局长）（sunzong）
// a reader could not tell which brackets hold the account, whereas the last
// item in the last brackets is the userid in every form (a userid has no
// Chinese and no comma).
func NameWithID(ctx context.Context, d Directory, userID string) string {
	if userID == "" {
		return ""
	}
	n := d.Name(ctx, userID)
	if n == "" || n == userID {
		return userID
	}
	if s, ok := strings.CutSuffix(n, "）"); ok {
		return s + "，" + userID + "）"
	}
	if s, ok := strings.CutSuffix(n, ")"); ok {
		return s + ", " + userID + ")"
	}
	return n + "（" + userID + "）"
}

// Names memoises a Directory for one long piece of work (an export, a page,
// a list reply), so each person is looked up once. Not safe for concurrent
// use.
type Names struct {
	d    Directory
	seen map[string]string
}

// NewNames wraps d; a nil d shows userids.
func NewNames(d Directory) *Names {
	if d == nil {
		d = IDs{}
	}
	return &Names{d: d, seen: map[string]string{}}
}

// Name returns d.Name(ctx, userID), asked once per userID.
func (n *Names) Name(ctx context.Context, userID string) string {
	if userID == "" {
		return ""
	}
	if v, ok := n.seen[userID]; ok {
		return v
	}
	v := n.d.Name(ctx, userID)
	n.seen[userID] = v
	return v
}

// PersonName is one person's names as the store keeps them (table
// user_names, migration 0070).
type PersonName struct {
	UserID string
	// Set is the name an administrator set with 姓名; it wins over Book.
	Set   string
	SetBy string
	SetAt time.Time
	// Book is the address-book name from WeCom user/get; "" when unknown.
	Book string
	// BookStatus is the answer of the last look-up: BookOK, BookDenied (the
	// app may not read this member: 60011, 48002), BookMissing (no such
	// member: 60111, 46004, 40003); "" when never asked.
	BookStatus string
	// CheckedAt is when user/get last answered (zero: never).
	CheckedAt time.Time
}

// Address-book look-up outcomes kept in PersonName.BookStatus.
const (
	BookOK      = "ok"
	BookDenied  = "denied"
	BookMissing = "missing"
)

// Display is the name to show: the set name, else the book name, else the
// userid.
func (p PersonName) Display() string {
	switch {
	case p.Set != "":
		return p.Set
	case p.Book != "":
		return p.Book
	}
	return p.UserID
}

// NameService is people's display names: names set by an admin, and the
// names read from the WeCom address book, cached with their status.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type NameService interface {
	// PersonName returns what the store knows of userID's names; ok is false
	// when it knows nothing. Its errors are internal.
	PersonName(ctx context.Context, userID string) (p PersonName, ok bool, err error)

	// SaveBookName records an answer of user/get for userID at at: status is
	// safetybot.BookOK with the member's name, or BookDenied / BookMissing
	// with name "" (the old book name is then dropped: it may no longer be
	// right). A name an administrator set is kept. Its errors are internal.
	SaveBookName(ctx context.Context, userID, name, status string, at time.Time) error

	// SetName records the display name an administrator (by) set for userID;
	// name "" clears it, so the address-book name (or the userid) shows again.
	// Its errors are internal.
	SetName(ctx context.Context, userID, name, by string) error

	// SetNames lists the names administrators set, by userid.
	// Its errors are internal.
	SetNames(ctx context.Context) ([]PersonName, error)

	// KnownUserIDs returns the userids the ledger knows (holders of a role,
	// people with a name set or in the address book, enterprise principals,
	// hazards' reporters and assignees) that equal userID ignoring case,
	// sorted: WeCom userids are case-insensitive, so what people type is
	// resolved to the account already there. When userID is known as typed
	// it is the only one returned; none: the ledger has never seen it.
	// Its errors are internal.
	KnownUserIDs(ctx context.Context, userID string) ([]string, error)

	// UserIDsNamed returns the userids whose displayed name (set, else
	// from the address book) is name, sorted. Its errors are internal.
	UserIDsNamed(ctx context.Context, name string) ([]string, error)

	// StaleBookNames lists up to limit userids whose address-book entry was
	// last checked before cutoff (and was checked at least once), oldest
	// first: the daily refresh asks WeCom again for them. Its errors are internal.
	StaleBookNames(ctx context.Context, cutoff time.Time, limit int) ([]string, error)
}
