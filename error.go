package safetybot

import (
	"errors"
	"fmt"
)

// Error codes. A code decides how a transport treats the error; the message is
// what the user reads.
const (
	EINVALID   = "invalid"   // the input is wrong; the message says how to fix it
	ENOTFOUND  = "not_found" // no such hazard, task, report…
	EFORBIDDEN = "forbidden" // the caller lacks the role
	ECONFLICT  = "conflict"  // the state forbids the change (closing a closed hazard…)
	ELIMIT     = "limit"     // too many requests from one source; the message says when to retry
	EINTERNAL  = "internal"  // a bug or an outage; details only in the log
)

// Error is the application's one error type: a code and the Chinese message a
// user may see. Anything that is not an *Error is internal and never shown.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("safetybot %s: %s", e.Code, e.Message) }

// Errorf builds an *Error whose message is shown to the user as is.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for foreign errors and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns what the user may read about err; internal details stay
// in the log.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	}
	return "系统内部错误，请稍后再试；如持续出现请联系管理员。"
}
