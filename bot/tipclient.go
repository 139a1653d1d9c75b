package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"strings"
)

// TipClient is who is asking, as the anonymous desk's rate limits see it:
// opaque keys (HMAC-SHA256 under a key that lives only in this process's
// memory), never stored and never logged. own is the source a limit may
// refuse: a WeCom account, an IPv4 address, an IPv6 /64 (one household or
// phone gets a whole /64, so changing the suffix does not dodge it). net is
// the IPv6 /48 around it (one site's allocation, RFC 6177), empty for
// IPv4 and WeCom. The zero TipClient is one anonymous source.
type TipClient struct {
	channel string // "wecom" or "web": logged, nothing more
	own     string
	net     string
}

// ChatClient is a WeCom account.
func (d *TipDesk) ChatClient(userID string) TipClient {
	return TipClient{channel: "wecom", own: d.key("wecom", userID)}
}

// WebClient is a web client at host, an IP address as the socket or a
// trusted proxy gives it (an unparsable host is a source of its own).
// IPv4-mapped IPv6 addresses count as IPv4.
func (d *TipDesk) WebClient(host string) TipClient {
	c := TipClient{channel: "web"}
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

func (d *TipDesk) key(kind, id string) string {
	m := hmac.New(sha256.New, d.clientKey)
	m.Write([]byte(kind + "\x00" + id))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
