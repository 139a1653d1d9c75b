// Package photo holds the rules every upload form applies to a photo (at
// most MaxBytes, an image by its content: JPEG, PNG, GIF or WebP) and
// Clean, which re-encodes a photo so that nothing but its pixels is kept.
// The dashboard's report form and the anonymous report page both read
// photos by these rules; only the anonymous page cleans them, for a
// whistleblower's photo must not carry where, when and with what camera
// it was taken (EXIF).
package photo

import (
	"bytes"
	"context"
	"embed"
	"image"
	"image/color"
	_ "image/gif" // decoders Clean reads
	"image/jpeg"
	_ "image/png"
	"io/fs"
	"net/http"
	"slices"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// Limits of one photo.
const (
	MaxBytes = 10 << 20 // one photo as uploaded, as in chat (WeCom's own limit)
	// MaxPixels bounds what Clean decodes: a 10 MB PNG of one colour can
	// claim hundreds of megapixels, and decoding it would take gigabytes.
	// 24 MP holds a 6000×4000 photo, more than a phone takes by default.
	MaxPixels = 24_000_000
	// MaxSide is the long side of a cleaned photo, as the forms' script
	// scales it in the browser: enough to read a plate or a sign, and it
	// blurs the sensor's noise pattern, which can tell one camera from
	// another.
	MaxSide = 1600
	// Quality is the JPEG quality of a cleaned photo (the script's 0.85).
	Quality = 85
)

// Types are the image types kept, by sniffed content (never the name).
var Types = []string{"image/jpeg", "image/png", "image/gif", "image/webp"}

// Problem is why a photo is refused. Each form says it in its own words.
type Problem int

const (
	Empty      Problem = iota + 1 // no bytes
	TooLarge                      // over MaxBytes
	NotImage                      // not JPEG, PNG, GIF or WebP by content
	Unreadable                    // looks like an image but does not decode
	TooBig                        // over MaxPixels
	HEIC                          // HEIC/HEIF, an iPhone's default: no decoder here, said apart for its advice
)

func (p Problem) Error() string {
	switch p {
	case Empty:
		return "photo: empty"
	case TooLarge:
		return "photo: over 10 MB"
	case NotImage:
		return "photo: not an image"
	case Unreadable:
		return "photo: cannot be decoded"
	case TooBig:
		return "photo: too many pixels"
	case HEIC:
		return "photo: HEIC, not decoded"
	}
	return "photo: refused"
}

// Check returns data's type by its content, or the Problem with it.
func Check(data []byte) (contentType string, err error) {
	switch ctype := http.DetectContentType(data); {
	case len(data) == 0:
		return "", Empty
	case len(data) > MaxBytes:
		return "", TooLarge
	case isHEIC(data):
		return "", HEIC
	case !slices.Contains(Types, ctype):
		return "", NotImage
	default:
		return ctype, nil
	}
}

// HEICAdvice is how to send a photo a phone took as HEIC, for every form's
// refusal of one.
const HEICAdvice = "请在相册中截图后上传截图，或在手机「设置 → 相机 → 格式」中选「兼容性最佳」后重新拍摄。"

// heicBrands are the ISO BMFF brands of HEIC and HEIF stills (ISO/IEC
// 23008-12); AVIF, a brand of its own, is not among them.
var heicBrands = []string{"heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1"}

// isHEIC reports whether data opens with an ftyp box whose major brand is
// HEIC's. Go reads no HEIC, so such a photo is refused either way; it is
// told apart because an iPhone takes photos as HEIC by default and its
// owner needs to hear how to send one we can read, not that it is no
// picture (QA17 #10).
func isHEIC(data []byte) bool {
	return len(data) >= 12 && string(data[4:8]) == "ftyp" && slices.Contains(heicBrands, string(data[8:12]))
}

// maxDecoded bounds the memory a decoded photo takes: a 24 MP photo at 8
// bits a channel fits, a 16-bit PNG of that size (8 bytes a pixel) does
// not.
const maxDecoded = 100 << 20

// bytesPerPixel is what a decoded pixel of model m takes.
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel:
		return 1
	case color.Gray16Model:
		return 2
	case color.YCbCrModel:
		return 3 // at most: 4:4:4
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4
}

// slots bounds the photos cleaned at once: a decoded photo takes up to
// 8 bytes a pixel, and the VM has little memory to spare.
var slots = make(chan struct{}, 1)

// Clean decodes data (Check it first) and encodes it anew as a JPEG no
// larger than MaxSide, upright as its EXIF orientation says: the result
// holds the pixels only, no EXIF (GPS position, time, camera serial), no
// XMP, no ICC profile, no comment, nothing appended after the image. Its
// errors are a Problem (Unreadable, TooBig) or ctx's.
func Clean(ctx context.Context, data []byte) ([]byte, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, Unreadable
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > MaxPixels || px*bytesPerPixel(cfg.ColorModel) > maxDecoded {
		return nil, TooBig
	}
	select {
	case slots <- struct{}{}:
		defer func() { <-slots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, Unreadable
	}
	img := orient(fit(src), exifOrientation(data))
	var out bytes.Buffer
	if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: Quality}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// fit draws src on white (a transparent PNG or GIF would turn black in a
// JPEG), scaled down to at most MaxSide on its long side.
func fit(src image.Image) *image.RGBA {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if long := max(w, h); long > MaxSide {
		w, h = max(1, w*MaxSide/long), max(1, h*MaxSide/long)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	if w == b.Dx() && h == b.Dy() {
		draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Over)
	} else {
		draw.BiLinear.Scale(dst, dst.Bounds(), src, b, draw.Over, nil)
	}
	return dst
}

//go:embed assets
var assets embed.FS

// Assets holds scale.js, the script both upload forms load to scale
// photos in the browser (to MaxSide, at Quality) before they are sent.
var Assets, _ = fs.Sub(assets, "assets")
