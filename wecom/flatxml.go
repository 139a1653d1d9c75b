package wecom

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A fast path for the two XML documents of every app callback (the POST's
// envelope and the decrypted message), which encoding/xml made about a
// tenth of a callback's CPU. WeCom sends them flat: one root element whose
// children hold text or one CDATA section. flatXML reads exactly that and
// gives up at anything else (a prolog, comments, attributes, entities,
// namespaces, nested or repeated elements, a \r, characters XML forbids,
// numbers that do not parse), and the caller then uses encoding/xml, which
// decides. TestFlatXMLAgreesWithEncodingXML and FuzzFlatXML check that the
// two agree.

var (
	cdataOpen  = []byte("<![CDATA[")
	cdataClose = []byte("]]>")
)

// flatXML calls set for each child of the root with its name and text; set
// returns false to give up.
func flatXML(b []byte, set func(name, val []byte) bool) bool {
	if len(b) == 0 || b[0] != '<' {
		return false
	}
	root, n := xmlName(b[1:])
	i := 1 + n
	if n == 0 || i >= len(b) || b[i] != '>' {
		return false
	}
	i++
	for {
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i+1 >= len(b) || b[i] != '<' {
			return false
		}
		i++
		if b[i] == '/' { // the root's end: only white space may follow
			name, n := xmlName(b[i+1:])
			i += 1 + n
			if !bytes.Equal(name, root) || i >= len(b) || b[i] != '>' {
				return false
			}
			for i++; i < len(b); i++ {
				if !isXMLSpace(b[i]) {
					return false
				}
			}
			return true
		}
		name, n := xmlName(b[i:])
		i += n
		if n == 0 || i >= len(b) || b[i] != '>' {
			return false
		}
		i++
		var val []byte
		if bytes.HasPrefix(b[i:], cdataOpen) {
			i += len(cdataOpen)
			end := bytes.Index(b[i:], cdataClose)
			if end < 0 {
				return false
			}
			val = b[i : i+end]
			i += end + len(cdataClose)
		} else {
			end := bytes.IndexByte(b[i:], '<')
			if end < 0 {
				return false
			}
			val = b[i : i+end]
			if bytes.IndexByte(val, '&') >= 0 || bytes.Contains(val, cdataClose) {
				return false
			}
			i += end
		}
		if i+2 > len(b) || b[i] != '<' || b[i+1] != '/' {
			return false
		}
		end, m := xmlName(b[i+2:])
		i += 2 + m
		if !bytes.Equal(end, name) || i >= len(b) || b[i] != '>' {
			return false
		}
		i++
		if !xmlText(val) || !set(name, val) {
			return false
		}
	}
}

// xmlName is the ASCII name at the start of b (no namespace prefix).
func xmlName(b []byte) ([]byte, int) {
	n := 0
	for n < len(b) {
		c := b[n]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || n > 0 && ('0' <= c && c <= '9' || c == '-' || c == '.') {
			n++
			continue
		}
		break
	}
	return b[:n], n
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// xmlText reports whether encoding/xml would keep val as it is: valid
// UTF-8 of XML's characters, and no \r (which it rewrites).
func xmlText(val []byte) bool {
	for i := 0; i < len(val); {
		c := val[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(val[i:])
		if r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += size
	}
	return true
}

// fastEnvelope is ParseAppEnvelope's fast path.
func fastEnvelope(b []byte) (appEnvelope, bool) {
	var env appEnvelope
	var seen uint8
	ok := flatXML(b, func(name, val []byte) bool {
		var bit uint8
		switch string(name) {
		case "ToUserName":
			bit, env.ToUserName = 1, string(val)
		case "AgentID":
			bit, env.AgentID = 2, string(val)
		case "Encrypt":
			bit, env.Encrypt = 4, string(val)
		}
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
	return env, ok
}

// fastAppMessage is ParseAppMessage's fast path.
func fastAppMessage(b []byte) (*AppMessage, bool) {
	m := new(AppMessage)
	var seen uint32
	ok := flatXML(b, func(name, val []byte) bool {
		var bit uint32
		var err error
		switch string(name) {
		case "ToUserName":
			bit, m.ToUserName = 1<<0, string(val)
		case "FromUserName":
			bit, m.FromUserName = 1<<1, string(val)
		case "CreateTime":
			bit = 1 << 2
			if len(val) > 0 {
				m.CreateTime, err = strconv.ParseInt(strings.TrimSpace(string(val)), 10, 64)
			}
		case "MsgType":
			bit, m.MsgType = 1<<3, string(val)
		case "MsgId":
			bit, m.MsgID = 1<<4, string(val)
		case "AgentID":
			bit, m.AgentID = 1<<5, string(val)
		case "Content":
			bit, m.Content = 1<<6, string(val)
		case "MediaId":
			bit, m.MediaID = 1<<7, string(val)
		case "PicUrl":
			bit, m.PicURL = 1<<8, string(val)
		case "Format":
			bit, m.Format = 1<<9, string(val)
		case "Recognition":
			bit, m.Recognition = 1<<10, string(val)
		case "Location_X":
			bit = 1 << 11
			m.LocationX, err = flatFloat(val)
		case "Location_Y":
			bit = 1 << 12
			m.LocationY, err = flatFloat(val)
		case "Scale":
			bit, m.Scale = 1<<13, string(val)
		case "Label":
			bit, m.Label = 1<<14, string(val)
		case "Event":
			bit, m.Event = 1<<15, string(val)
		case "EventKey":
			bit, m.EventKey = 1<<16, string(val)
		case "TaskId":
			bit, m.TaskID = 1<<17, string(val)
		case "CardType":
			bit, m.CardType = 1<<18, string(val)
		case "ResponseCode":
			bit, m.ResponseCode = 1<<19, string(val)
		}
		if err != nil || seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	})
	return m, ok
}

func flatFloat(val []byte) (float64, error) {
	if len(val) == 0 {
		return 0, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(string(val)), 64)
	if err == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
		err = strconv.ErrRange // not worth a fast path
	}
	return f, err
}
