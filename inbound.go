package safetybot

import "strconv"

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
