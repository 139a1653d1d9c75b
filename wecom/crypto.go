// Package wecom is safetybot's inbound WeCom transport: the message crypto
// shared by the self-built app and the intelligent robot, the app callback
// (XML) at /wecom/callback, the intelligent robot webhook (JSON) at
// /wecom/aibot, and the idempotency of retried callbacks. Outbound sending
// lives in wecom/sender, the robot's long connection in wecom/longconn.
//
// Nothing in this package logs a userid, a message text, a token, a key or
// a signature: only message types, statuses and latencies.
package wecom

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
)

// Crypto errors. None of them carries the offending input.
var (
	ErrSignature = errors.New("wecom: signature mismatch")
	ErrCipher    = errors.New("wecom: malformed ciphertext")
	ErrReceiveID = errors.New("wecom: wrong receiveid")
)

// blockPad is WeCom's PKCS#7 block: 32 bytes, not AES's 16.
const blockPad = 32

// Crypto is the callback crypto of one WeCom receiver: the Token signs, the
// EncodingAESKey encrypts. A Crypto is safe for concurrent use.
type Crypto struct {
	token     string
	key       []byte // 32 bytes
	block     cipher.Block
	receiveID string // CorpID for an app; "" for the intelligent robot (not checked)
}

// NewCrypto returns the crypto of a receiver. encodingAESKey is the 43
// characters WeCom shows; receiveID is the CorpID for a self-built app and
// empty for an intelligent robot, whose messages are then not checked for it.
func NewCrypto(token, encodingAESKey, receiveID string) (*Crypto, error) {
	if token == "" {
		return nil, errors.New("wecom: empty callback token")
	}
	key, err := DecodeAESKey(encodingAESKey)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return &Crypto{token: token, key: key, block: block, receiveID: receiveID}, nil
}

// DecodeAESKey turns a 43-character EncodingAESKey into its 32-byte key.
func DecodeAESKey(encodingAESKey string) ([]byte, error) {
	if len(encodingAESKey) != 43 {
		return nil, fmt.Errorf("wecom: EncodingAESKey must be 43 characters, got %d", len(encodingAESKey))
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, errors.New("wecom: EncodingAESKey is not valid base64 of 32 bytes")
	}
	return key, nil
}

// Signature is WeCom's msg_signature: SHA-1 over the sorted, concatenated
// token, timestamp, nonce and ciphertext, in lowercase hex.
func Signature(token, timestamp, nonce, encrypt string) string {
	sum := sign(token, timestamp, nonce, encrypt)
	return string(sum[:])
}

// sign is Signature as 40 hex bytes, for a ciphertext held as a string
// (a callback's) or as bytes (a reply being written): the parts are joined
// in one buffer and hashed at once, with no hasher or hex string allocated.
func sign[T string | []byte](token, timestamp, nonce string, encrypt T) (hexSum [2 * sha1.Size]byte) {
	parts := [3]string{token, timestamp, nonce}
	slices.Sort(parts[:])
	var stack [2048]byte // a callback's parts fit: no allocation
	buf := stack[:0]
	placed := false
	for _, p := range parts {
		if !placed && string(encrypt) < p {
			buf, placed = append(buf, encrypt...), true
		}
		buf = append(buf, p...)
	}
	if !placed {
		buf = append(buf, encrypt...)
	}
	sum := sha1.Sum(buf)
	hex.Encode(hexSum[:], sum[:])
	return hexSum
}

// Open verifies the signature (in constant time), decrypts and checks the
// receiveid (when this receiver has one). It returns the plaintext message.
func (c *Crypto) Open(signature, timestamp, nonce, encrypt string) ([]byte, error) {
	if want := sign(c.token, timestamp, nonce, encrypt); subtle.ConstantTimeCompare(want[:], []byte(signature)) != 1 {
		return nil, ErrSignature
	}
	msg, rid, err := c.Decrypt(encrypt)
	if err != nil {
		return nil, err
	}
	if c.receiveID != "" && subtle.ConstantTimeCompare(rid, []byte(c.receiveID)) != 1 {
		return nil, ErrReceiveID
	}
	return msg, nil
}

// Decrypt decrypts a base64 ciphertext and returns the message and the
// receiveid that followed it, without checking the latter (the intelligent
// robot's is empty, which silenceper's DecryptMsg rejects).
func (c *Crypto) Decrypt(b64 string) (msg, receiveID []byte, err error) {
	buf, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, nil, ErrCipher
	}
	if len(buf) == 0 || len(buf)%aes.BlockSize != 0 {
		return nil, nil, ErrCipher
	}
	cipher.NewCBCDecrypter(c.block, c.key[:aes.BlockSize]).CryptBlocks(buf, buf)
	pad := int(buf[len(buf)-1])
	if pad < 1 || pad > blockPad || pad > len(buf) {
		return nil, nil, ErrCipher
	}
	for _, b := range buf[len(buf)-pad:] {
		if int(b) != pad {
			return nil, nil, ErrCipher
		}
	}
	buf = buf[:len(buf)-pad]
	if len(buf) < 20 {
		return nil, nil, ErrCipher
	}
	size := binary.BigEndian.Uint32(buf[16:20])
	if uint64(size) > uint64(len(buf)-20) {
		return nil, nil, ErrCipher
	}
	end := 20 + int(size)
	return buf[20:end:end], buf[end:], nil
}

// Encrypt encrypts msg for this receiver with a fresh random prefix.
func (c *Crypto) Encrypt(msg []byte) string {
	var random [16]byte
	rand.Read(random[:])
	return c.EncryptWith(random, msg)
}

// EncryptWith encrypts msg with the given 16-byte random prefix: plaintext
// random + len(msg) big-endian + msg + receiveid, PKCS#7-padded to 32 bytes,
// AES-256-CBC with IV = key[:16], base64.
func (c *Crypto) EncryptWith(random [16]byte, msg []byte) string {
	return base64.StdEncoding.EncodeToString(c.encrypt(random, msg))
}

// encrypt is EncryptWith before base64: the raw ciphertext.
func (c *Crypto) encrypt(random [16]byte, msg []byte) []byte {
	n := 20 + len(msg) + len(c.receiveID)
	pad := blockPad - n%blockPad
	buf := make([]byte, n+pad)
	copy(buf, random[:])
	binary.BigEndian.PutUint32(buf[16:20], uint32(len(msg)))
	copy(buf[20:], msg)
	copy(buf[20+len(msg):], c.receiveID)
	for i := n; i < len(buf); i++ {
		buf[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(c.block, c.key[:aes.BlockSize]).CryptBlocks(buf, buf)
	return buf
}

// Seal encrypts msg and signs the ciphertext with timestamp and nonce, for a
// passive reply.
func (c *Crypto) Seal(msg []byte, timestamp, nonce string) (encrypt, signature string) {
	encrypt = c.Encrypt(msg)
	return encrypt, Signature(c.token, timestamp, nonce, encrypt)
}

// sealAppend is Seal for a reply written straight into its envelope: the
// base64 ciphertext is appended to dst (no string of it is made), and the
// signature comes back as hex bytes.
func (c *Crypto) sealAppend(dst, msg []byte, timestamp, nonce string) ([]byte, [2 * sha1.Size]byte) {
	var random [16]byte
	rand.Read(random[:])
	start := len(dst)
	dst = base64.StdEncoding.AppendEncode(dst, c.encrypt(random, msg))
	return dst, sign(c.token, timestamp, nonce, dst[start:])
}
