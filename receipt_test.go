package safetybot

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestNewReceipt(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		c := NewReceipt()
		if len(c) != ReceiptDigits || strings.Trim(c, "0123456789") != "" {
			t.Fatalf("receipt %q is not 16 digits", c)
		}
		if seen[c] {
			t.Fatalf("receipt %q repeated", c)
		}
		seen[c] = true
		if got, ok := ParseReceipt(FormatReceipt(c)); !ok || got != c {
			t.Fatalf("ParseReceipt(FormatReceipt(%q)) = %q, %v", c, got, ok)
		}
	}
}

func TestSplitReceipt(t *testing.T) {
	for _, tc := range []struct {
		in, code, rest string
		ok             bool
	}{
		{"1234567890123456", "1234567890123456", "", true},
		{"1234 5678 9012 3456", "1234567890123456", "", true},
		{"1234-5678-9012-3456 又发现一处", "1234567890123456", "又发现一处", true},
		{"１２３４５６７８９０１２３４５６", "1234567890123456", "", true},
		{"回执码：1234 5678 9012 3456", "1234567890123456", "", true},
		{"1234567890123456补充内容", "1234567890123456", "补充内容", true},
		{"1234 5678 9012 3456 3号仓库", "1234567890123456", "3号仓库", true}, // a space ends the code
		{"1234 5678 9012 34567", "", "", false},                        // a 17th digit: not cut silently
		{"123456789012345", "", "", false},
		{"12345678901234567", "", "", false},
		{"abcd", "", "", false},
		{"", "", "", false},
		{"1234x5678901234567", "", "", false},
	} {
		code, rest, ok := SplitReceipt(tc.in)
		if code != tc.code || rest != tc.rest || ok != tc.ok {
			t.Errorf("SplitReceipt(%q) = %q, %q, %v; want %q, %q, %v", tc.in, code, rest, ok, tc.code, tc.rest, tc.ok)
		}
	}
}

func FuzzSplitReceipt(f *testing.F) {
	for _, s := range []string{"1234 5678 9012 3456", "回执码:1234567890123456 补充", "１２３４５６７８９０１２３４５６", "12-34", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, rest, ok := SplitReceipt(s)
		if !ok {
			if code != "" || rest != "" {
				t.Fatalf("failed split returned %q, %q", code, rest)
			}
			return
		}
		if len(code) != ReceiptDigits || strings.Trim(code, "0123456789") != "" {
			t.Fatalf("code %q is not 16 ASCII digits", code)
		}
		if !strings.HasSuffix(strings.TrimRightFunc(s, isReceiptSpace), rest) {
			t.Fatalf("rest %q is not a tail of the input", rest)
		}
		if again, ok := ParseReceipt(FormatReceipt(code)); !ok || again != code {
			t.Fatalf("round trip of %q gave %q", code, again)
		}
	})
}

func TestReceiptHasher(t *testing.T) {
	ctx := context.Background()
	fast := ReceiptParams{Time: 1, MemoryKiB: 64, Threads: 1}
	h := NewReceiptHasher([]byte("salt-of-deployment-a"), fast, 2)
	a1, _ := h.Hash(ctx, "1234567890123456")
	a2, _ := h.Hash(ctx, "1234567890123456")
	b, _ := h.Hash(ctx, "1234567890123457")
	other, _ := NewReceiptHasher([]byte("salt-of-deployment-b"), fast, 1).Hash(ctx, "1234567890123456")
	if len(a1) != 32 || !bytes.Equal(a1, a2) || bytes.Equal(a1, b) || bytes.Equal(a1, other) {
		t.Fatalf("hashes: %x %x %x %x", a1, a2, b, other)
	}
	if bytes.Contains(a1, []byte("1234567890123456")) {
		t.Fatal("the hash holds the code")
	}
}

// BenchmarkReceiptHash measures one lookup's hash with the production
// parameters: go test -run '^$' -bench ReceiptHash .
func BenchmarkReceiptHash(b *testing.B) {
	for _, p := range []ReceiptParams{DefaultReceiptParams} {
		b.Run(fmt.Sprintf("t=%d,m=%dMiB,p=%d", p.Time, p.MemoryKiB/1024, p.Threads), func(b *testing.B) {
			h := NewReceiptHasher(bytes.Repeat([]byte{1}, 32), p, 1)
			code := NewReceipt()
			for b.Loop() {
				h.Hash(context.Background(), code)
			}
		})
	}
}
