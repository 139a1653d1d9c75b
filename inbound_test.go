package safetybot

import "testing"

func TestInboundKeyIsInjective(t *testing.T) {
	triples := [][3]string{
		{"app|msg", "alice", "42"},
		{"app|msg", "bob", "42"},
		{"app|msg", "alice", "43"},
		{"aibot|msg", "alice", "42"},
		{"app|evt", "alice", "42"},
		{"app|msg", "a|b", "c"},
		{"app|msg", "a", "b|c"},
		{"app|msg", "1:a", "b"},
		{"app|msg", "", "1:a|b"},
		{"app|msg", "", ""},
		{"app|msg", "a", ""},
	}
	seen := map[string][3]string{}
	for _, tr := range triples {
		k := InboundKey(tr[0], tr[1], tr[2])
		if other, ok := seen[k]; ok {
			t.Errorf("%q and %q share the key %q", tr, other, k)
		}
		seen[k] = tr
	}
}
