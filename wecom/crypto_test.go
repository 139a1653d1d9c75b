package wecom

import (
	"bytes"
	"crypto/cipher"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"
)

// The official test vectors of Tencent's Go sample (wecom.md §1).
const (
	vecToken   = "QDG6eK"
	vecCorpID  = "wx5823bf96d3bd56c7"
	vecAESKey  = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	vecSig     = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"
	vecTS      = "1409659589"
	vecNonce   = "263014780"
	vecEchoStr = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
	vecPlain   = "1616140317555161061"
)

func TestOfficialVectors(t *testing.T) {
	if got := Signature(vecToken, vecTS, vecNonce, vecEchoStr); got != vecSig {
		t.Fatalf("signature = %s, want %s", got, vecSig)
	}
	c, err := NewCrypto(vecToken, vecAESKey, vecCorpID)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := c.Open(vecSig, vecTS, vecNonce, vecEchoStr)
	if err != nil {
		t.Fatal(err)
	}
	if string(msg) != vecPlain {
		t.Fatalf("echostr decrypts to %q, want %q", msg, vecPlain)
	}
	// Re-encrypting with the random prefix the vector used gives back the
	// vector byte for byte: padding and layout are WeCom's.
	var random [16]byte
	full, err := decryptRaw(c, vecEchoStr)
	if err != nil {
		t.Fatal(err)
	}
	copy(random[:], full[:16])
	if got := c.EncryptWith(random, msg); got != vecEchoStr {
		t.Fatalf("re-encryption = %s, want %s", got, vecEchoStr)
	}
}

// decryptRaw returns the padded plaintext, random prefix included.
func decryptRaw(c *Crypto, b64 string) ([]byte, error) {
	buf, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, err
	}
	cipher.NewCBCDecrypter(c.block, c.key[:16]).CryptBlocks(buf, buf)
	return buf, nil
}

func TestRoundTripAndReceiveID(t *testing.T) {
	app, _ := NewCrypto("tok", vecAESKey, "corp1")
	bot, _ := NewCrypto("tok", vecAESKey, "")
	for _, msg := range []string{"", "a", strings.Repeat("x", 11), strings.Repeat("安", 500)} {
		enc, sig := app.Seal([]byte(msg), "123", "n")
		got, err := app.Open(sig, "123", "n", enc)
		if err != nil || string(got) != msg {
			t.Fatalf("round trip %q: %q, %v", msg, got, err)
		}
		// The robot does not check the receiveid…
		if got, err := bot.Open(sig, "123", "n", enc); err != nil || string(got) != msg {
			t.Fatalf("robot open: %q, %v", got, err)
		}
		// …and its own messages carry an empty one, which an app refuses.
		enc, sig = bot.Seal([]byte(msg), "123", "n")
		if got, err := bot.Open(sig, "123", "n", enc); err != nil || string(got) != msg {
			t.Fatalf("robot round trip: %q, %v", got, err)
		}
		if _, err := app.Open(sig, "123", "n", enc); !errors.Is(err, ErrReceiveID) {
			t.Fatalf("app accepted an empty receiveid: %v", err)
		}
	}
	other, _ := NewCrypto("tok", vecAESKey, "corp2")
	enc, sig := other.Seal([]byte("hi"), "1", "n")
	if _, err := app.Open(sig, "1", "n", enc); !errors.Is(err, ErrReceiveID) {
		t.Fatalf("wrong receiveid: %v", err)
	}
	if _, err := app.Open(strings.Repeat("0", 40), "1", "n", enc); !errors.Is(err, ErrSignature) {
		t.Fatalf("forged signature: %v", err)
	}
}

func TestDecryptRejectsGarbage(t *testing.T) {
	c, _ := NewCrypto("tok", vecAESKey, "")
	for _, in := range []string{"", "!!!", "AAAA", strings.Repeat("A", 24), vecEchoStr[:len(vecEchoStr)-4]} {
		if _, _, err := c.Decrypt(in); err == nil {
			t.Errorf("Decrypt(%q) succeeded", in)
		}
	}
}

func TestNewCryptoRejectsBadKeys(t *testing.T) {
	for _, k := range []string{"", "short", vecAESKey + "A", strings.Repeat("!", 43)} {
		if _, err := NewCrypto("t", k, ""); err == nil {
			t.Errorf("key %q accepted", k)
		}
	}
	if _, err := NewCrypto("", vecAESKey, ""); err == nil {
		t.Error("empty token accepted")
	}
}

func FuzzDecrypt(f *testing.F) {
	c, _ := NewCrypto(vecToken, vecAESKey, "")
	f.Add(vecEchoStr)
	f.Add(c.Encrypt([]byte("hello")))
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		msg, rid, err := c.Decrypt(in)
		if err != nil {
			return
		}
		// Whatever decrypts re-encrypts to something that decrypts the same.
		re := &Crypto{token: c.token, key: c.key, block: c.block, receiveID: string(rid)}
		msg2, rid2, err := re.Decrypt(re.Encrypt(msg))
		if err != nil || !bytes.Equal(msg, msg2) || !bytes.Equal(rid, rid2) {
			t.Fatalf("round trip of a decryptable input failed: %v", err)
		}
	})
}

// TestSignBytes: the signature of a ciphertext held as bytes (a reply
// being written) is the one of the same ciphertext as a string, wherever
// it sorts among the other parts, and both are SHA-1 of the sorted join.
func TestSignBytes(t *testing.T) {
	for _, enc := range []string{"", "0first", "5middle", "zzlast", "tok", vecEchoStr} {
		want := sha1.Sum([]byte(strings.Join(slices.Sorted(slices.Values([]string{"tok", "1700000000", "nonce9", enc})), "")))
		b := sign("tok", "1700000000", "nonce9", []byte(enc))
		if s := Signature("tok", "1700000000", "nonce9", enc); s != string(b[:]) || s != hex.EncodeToString(want[:]) {
			t.Errorf("%q: string %s, bytes %s, want %x", enc, s, b, want)
		}
	}
}
