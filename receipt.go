package safetybot

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"math/big"

	"golang.org/x/crypto/argon2"
)

// A receipt code (回执码) is the only link between an anonymous reporter and
// the report: 16 random decimal digits (as GlobaLeaks does, shaped like a
// phone number so it is easy to write down), shown once and stored only as
// SHA-256 of its Argon2id key under a per-deployment salt.

// ReceiptDigits is the length of a receipt code.
const ReceiptDigits = 16

// NewReceipt returns a fresh receipt code from crypto/rand.
func NewReceipt() string {
	var b [ReceiptDigits]byte
	ten := big.NewInt(10)
	for i := range b {
		d, err := rand.Int(rand.Reader, ten)
		if err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		b[i] = '0' + byte(d.Int64())
	}
	return string(b[:])
}

// FormatReceipt groups a code by four for reading: 1234 5678 9012 3456.
func FormatReceipt(code string) string {
	if len(code) != ReceiptDigits {
		return code
	}
	return code[0:4] + " " + code[4:8] + " " + code[8:12] + " " + code[12:16]
}

// ReceiptParams are Argon2id's cost parameters.
type ReceiptParams struct {
	Time      uint32 // passes over memory
	MemoryKiB uint32
	Threads   uint8
}

// DefaultReceiptParams cost about 0.05 s and 32 MiB per hash on the 2-core
// machine the bureau runs, idle (BenchmarkReceiptHash; t=3 with 64 MiB took
// 0.14 s idle but over 0.8 s while the machine was loaded eightfold): a
// lookup stays well under a second even on a busy server, while guessing one
// code among 10^16 stays out of reach (about 10^7 core-years), even for
// someone holding the database and its salt.
var DefaultReceiptParams = ReceiptParams{Time: 2, MemoryKiB: 32 * 1024, Threads: 2}

// ReceiptHasher turns a code into the value stored and looked up. It limits
// how many hashes run at once, so a burst of lookups queues instead of
// taking every core and 32 MiB each.
type ReceiptHasher struct {
	salt   []byte
	params ReceiptParams
	slots  chan struct{}
}

// NewReceiptHasher hashes with the deployment's salt and p (zero:
// DefaultReceiptParams); concurrent is the number of hashes allowed at once
// (at least 1).
func NewReceiptHasher(salt []byte, p ReceiptParams, concurrent int) *ReceiptHasher {
	if p.Time == 0 || p.MemoryKiB == 0 || p.Threads == 0 {
		p = DefaultReceiptParams
	}
	return &ReceiptHasher{salt: salt, params: p, slots: make(chan struct{}, max(1, concurrent))}
}

// Hash returns SHA-256 of the Argon2id key of code.
func (h *ReceiptHasher) Hash(ctx context.Context, code string) ([]byte, error) {
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-h.slots }()
	key := argon2.IDKey([]byte(code), h.salt, h.params.Time, h.params.MemoryKiB, h.params.Threads, 32)
	sum := sha256.Sum256(key)
	return sum[:], nil
}
