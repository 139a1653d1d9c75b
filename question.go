package safetybot

import (
	"context"
	"time"
)

// QuestionService holds a pending question the bot asked a user (a
// confirmation, a choice) until the user answers or it expires.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type QuestionService interface {
	// AskQuestion keeps body as the open question under key until expires,
	// replacing an older one, and drops questions that have expired.
	// Its errors are internal.
	AskQuestion(ctx context.Context, key, body string, expires time.Time) error

	// TakeQuestion removes and returns the open question under key; ok is
	// false when there is none or it expired. Taking is atomic: of two answers
	// at once, one gets the question. Its errors are internal.
	TakeQuestion(ctx context.Context, key string) (body string, ok bool, err error)

	// OpenQuestions returns the unexpired questions whose key starts with
	// prefix, in the order they were asked (a user may have several open at
	// once, one per hazard, and must be able to answer each). Its errors
	// are internal.
	OpenQuestions(ctx context.Context, prefix string) ([]Question, error)
}

// Question is one open question: its key and body as AskQuestion kept them.
type Question struct {
	Key, Body string
}
