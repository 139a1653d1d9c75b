package safetybot

import (
	"context"
	"strconv"
)

// InboundKey is the deduplication key of one inbound WeCom message: its
// channel ("app|msg", "app|evt", "aibot|msg", "aibot-ws|msg"…, never holding
// '|' after its kind), the sender's userid and the message id (for events,
// the CreateTime WeCom gives). The architecture page makes callbacks
// idempotent per channel, sender and message id: two users whose messages
// share an id are two messages, and a cached reply is replayed only to its
// own sender. The sender is length-prefixed, so no two different triples
// share a key whatever characters the ids hold. Stores keep only a keyed
// hash of it.
func InboundKey(channel, sender, id string) string {
	return channel + "|" + strconv.Itoa(len(sender)) + ":" + sender + "|" + id
}

// InboundService deduplicates inbound messages: WeCom redelivers a
// callback it thinks was lost, and the bot must act on it once.
//
// Errors a user can act on are *Error (see error.go) with the code each
// method names; any other error is internal (an outage, a bug) and only
// logged. Times are absolute instants; Date is a day in Asia/Shanghai.
type InboundService interface {
	// InboundSecret returns the deployment's key for hashing inbound message ids
	// (the HMAC the deduplication keeps instead of the ids), storing fresh on
	// first use; every process on the database reads the same key.
	// Its errors are internal.
	InboundSecret(ctx context.Context, fresh []byte) ([]byte, error)

	// RecordInbound records the inbound keys (HMACs of channel, sender and
	// message id) as seen in hour (Unix hours), in one transaction, and reports
	// for each whether it had been seen before. With prune, keys seen before
	// pruneBefore (Unix hours) are dropped in the same transaction.
	// Its errors are internal.
	RecordInbound(ctx context.Context, keys [][32]byte, hour int64, prune bool, pruneBefore int64) (seen []bool, err error)
}
