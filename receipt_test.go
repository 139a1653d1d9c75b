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
		if got, rest, ok := ExtractReceipt(FormatReceipt(c)); !ok || got != c || rest != "" {
			t.Fatalf("ExtractReceipt(FormatReceipt(%q)) = %q, %q, %v", c, got, rest, ok)
		}
	}
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
