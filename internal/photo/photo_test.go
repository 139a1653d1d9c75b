package photo_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/jpeg"
	"testing"

	"safetybot/internal/photo"
	"safetybot/internal/photo/phototest"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name  string
		data  []byte
		ctype string
		err   error
	}{
		{"jpeg", phototest.JPEG(8, 8, 1), "image/jpeg", nil},
		{"png", phototest.PNG(8, 8), "image/png", nil},
		{"empty", nil, "", photo.Empty},
		{"text", []byte("举报内容：顺达客运站超载"), "", photo.NotImage},
		{"pdf", []byte("%PDF-1.7\n"), "", photo.NotImage},
		{"iPhone HEIC", phototest.HEIC(), "", photo.HEIC},
		{"AVIF is not HEIC", []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"), "", photo.NotImage},
		{"over 10 MB", append(phototest.JPEG(8, 8, 1), make([]byte, photo.MaxBytes)...), "", photo.TooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctype, err := photo.Check(tc.data)
			if ctype != tc.ctype || !errors.Is(err, tc.err) {
				t.Errorf("Check = %q, %v; want %q, %v", ctype, err, tc.ctype, tc.err)
			}
		})
	}
}

// TestCleanKeepsOnlyThePixels: a phone's JPEG carries the position, the
// time to the second and the camera's serial in EXIF; what Clean returns
// holds none of it (no Exif APP1 segment at all), is a JPEG that decodes,
// is upright, and is no larger than MaxSide.
func TestCleanKeepsOnlyThePixels(t *testing.T) {
	for _, tc := range []struct {
		name            string
		data            []byte
		wantW, wantH    int
		topLeftIsRed    bool
		bottomLeftIsRed bool
	}{
		{"upright phone JPEG", phototest.JPEG(64, 32, 1), 64, 32, true, true},
		{"turned (orientation 6)", phototest.JPEG(64, 32, 6), 32, 64, true, false},
		{"turned (orientation 8)", phototest.JPEG(64, 32, 8), 32, 64, false, true},
		{"upside down (orientation 3)", phototest.JPEG(64, 32, 3), 64, 32, false, false},
		{"large PNG", phototest.PNG(2400, 1200), 1600, 800, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.data[1] == 0xD8 { // the phone's JPEG holds what must go
				for _, needle := range []string{"Exif\x00\x00", phototest.Taken, phototest.Serial, string(phototest.GPS)} {
					if !bytes.Contains(tc.data, []byte(needle)) {
						t.Fatalf("the test photo lacks %q", needle)
					}
				}
			}
			out, err := photo.Clean(t.Context(), tc.data)
			if err != nil {
				t.Fatal(err)
			}
			for what, needle := range phototest.Needles() {
				if bytes.Contains(out, needle) {
					t.Errorf("the cleaned photo still holds the %s", what)
				}
			}
			if hasSegment(out, 0xE1) || hasSegment(out, 0xFE) {
				t.Error("the cleaned photo has an APP1 or comment segment")
			}
			img, err := jpeg.Decode(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			if b.Dx() != tc.wantW || b.Dy() != tc.wantH {
				t.Fatalf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), tc.wantW, tc.wantH)
			}
			if got := red(img, 1, 1); got != tc.topLeftIsRed {
				t.Errorf("top left red = %v, want %v", got, tc.topLeftIsRed)
			}
			if got := red(img, 1, b.Dy()-2); got != tc.bottomLeftIsRed {
				t.Errorf("bottom left red = %v, want %v", got, tc.bottomLeftIsRed)
			}
		})
	}
}

func TestCleanRefuses(t *testing.T) {
	huge := pngHeader(6000, 6000, 8)
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"a JPEG's first bytes and nothing else", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F'}, photo.Unreadable},
		{"36 megapixels", huge, photo.TooBig},
		{"16 megapixels at 16 bits a channel", pngHeader(4000, 4000, 16), photo.TooBig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := photo.Clean(t.Context(), tc.data); !errors.Is(err, tc.want) {
				t.Errorf("Clean: %v, want %v", err, tc.want)
			}
		})
	}
}

func FuzzClean(f *testing.F) {
	f.Add(phototest.JPEG(16, 8, 6))
	f.Add(phototest.PNG(4, 4))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0, 8, 'E', 'x', 'i', 'f', 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := photo.Clean(t.Context(), data)
		if err != nil {
			return
		}
		if hasSegment(out, 0xE1) {
			t.Fatal("an APP1 segment survived")
		}
		if _, err := jpeg.DecodeConfig(bytes.NewReader(out)); err != nil {
			t.Fatalf("Clean made a JPEG that does not decode: %v", err)
		}
	})
}

// hasSegment reports whether a JPEG has a marker segment before its scan.
func hasSegment(b []byte, marker byte) bool {
	for i := 2; i+4 <= len(b) && b[i] == 0xFF; {
		if b[i+1] == marker {
			return true
		}
		if b[i+1] == 0xDA {
			return false
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	return false
}

func red(img image.Image, x, y int) bool {
	r, _, b, _ := img.At(x, y).RGBA()
	return r > b
}

// pngHeader is the start of a PNG that claims w×h RGB pixels of depth
// bits a channel.
func pngHeader(w, h int, depth byte) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, depth, 2, 0, 0, 0)
	chunk := append([]byte("IHDR"), ihdr...)
	b := []byte("\x89PNG\r\n\x1a\n")
	b = binary.BigEndian.AppendUint32(b, uint32(len(ihdr)))
	b = append(b, chunk...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(chunk))
}
