package wecom_test

import (
	"strings"
	"testing"

	"safetybot"
)

// TestPastedControlCharactersAreNotRefused: text pasted from WPS or Word
// carries characters XML forbids. A correctly signed message holding them
// is answered and registered (the characters dropped), on the app callback
// (raw in the decrypted XML) and the robot (raw and escaped in the JSON).
func TestPastedControlCharactersAreNotRefused(t *testing.T) {
	e := newEnv(t, 0)
	cases := []struct {
		name string
		send func(text, id string) (status int, content string)
	}{
		{"app", func(text, id string) (int, string) {
			r := must(t)(e.app.SendText("zhangsan", id, text))
			return r.Status, r.Content
		}},
		{"aibot raw", func(text, id string) (int, string) {
			// A careless producer: control characters raw inside the JSON string.
			plain := `{"msgid":"` + id + `","aibotid":"aib-test","chattype":"single","from":{"userid":"zhangsan"},"msgtype":"text","text":{"content":"` + text + `"}}`
			r := must(t)(e.aibot.Do(e.aibot.Sign([]byte(plain))))
			return r.Status, r.Content
		}},
		{"aibot escaped", func(text, id string) (int, string) {
			r := must(t)(e.aibot.SendSingleText("zhangsan", id, text, ""))
			return r.Status, r.Content
		}},
	}
	texts := []string{
		"上报 码头护栏\x1d缺失 领域:水上交通",
		"上报 护栏\x0b缺失\x0c二处\x00 领域:水上交通",
		"上报 护栏\uFFFE缺失\uFFFF 领域:水上交通",
		"上报 护栏\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1e\x1f缺失 领域:水上交通",
	}
	n := 0
	for _, c := range cases {
		for i, text := range texts {
			n++
			status, content := c.send(text, c.name+"-"+string(rune('a'+i)))
			if status != 200 || !hazardNumber.MatchString(content) {
				t.Errorf("%s %q: %d %q", c.name, text, status, content)
			}
		}
	}
	hs, err := e.store.Hazards(t.Context(), safetybot.HazardFilter{})
	if err != nil || len(hs) != n {
		t.Fatalf("%d hazards of %d, %v", len(hs), n, err)
	}
	for _, h := range hs {
		if strings.ContainsFunc(h.Description, func(r rune) bool { return r < 0x20 || r == 0xFFFE || r == 0xFFFF }) ||
			!strings.Contains(h.Description, "缺失") || h.Domain != "水上交通" {
			t.Errorf("hazard kept %q in %q", h.Domain, h.Description)
		}
	}
}
