package tipdesk

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"strings"
)

// Client is who is asking, as the anonymous desk's rate limits see it:
// opaque keys (HMAC-SHA256 under a key that lives only in this process's
// memory), never stored and never logged. own is the source a limit may
// refuse: a WeCom account, an IPv4 address, an IPv6 /64 (one household or
// phone gets a whole /64, so changing the suffix does not dodge it). net is
// the IPv6 /48 around it (one site's allocation, RFC 6177), empty for
// IPv4 and WeCom. The zero Client is one anonymous source.
type Client struct {
	channel string // "wecom" or "web": logged, nothing more
	own     string
	net     string
}

// Key is the source's opaque keyed hash (the process's key, new at every
// start), for remembering a source in memory only; never store or log it.
func (c Client) Key() string { return c.own }

// ChatClient is a WeCom account.
func (d *Desk) ChatClient(userID string) Client {
	return Client{channel: "wecom", own: d.key("wecom", userID)}
}

// WebClient is a web client at host, an IP address as the socket or a
// trusted proxy gives it (an unparsable host is a source of its own).
// IPv4-mapped IPv6 addresses count as IPv4.
func (d *Desk) WebClient(host string) Client {
	c := Client{channel: "web"}
	ip, err := netip.ParseAddr(strings.TrimSpace(host))
	if err != nil {
		c.own = d.key("web-host", host)
		return c
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is4() {
		c.own = d.key("web-v4", ip.String())
		return c
	}
	p64, _ := ip.Prefix(64)
	p48, _ := ip.Prefix(48)
	c.own = d.key("web-v6", p64.String())
	c.net = d.key("web-v6", p48.String())
	return c
}

func (d *Desk) key(kind, id string) string {
	m := hmac.New(sha256.New, d.clientKey)
	m.Write([]byte(kind + "\x00" + id))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
