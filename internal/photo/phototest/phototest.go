// Package phototest makes photos as a phone sends them, EXIF and all, for
// the tests that prove none of it is kept.
package phototest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
)

// What the EXIF of JPEG says, for tests to look for in what is stored.
const (
	Taken  = "2026:12:07 14:23:11" // DateTimeOriginal, to the second
	Serial = "SN-CAM-8675309"      // BodySerialNumber
	Model  = "PhoneModel-X9"       // Model
	// FileName is a phone's file name: it carries the time to the second.
	FileName = "IMG_20261207_142311.jpg"
)

// GPS are the bytes of the GPS latitude the EXIF holds (30°12'34.56"N as
// three RATIONALs), for tests to look for.
var GPS = rationals([][2]uint32{{30, 1}, {12, 1}, {3456, 100}})

// Needles are what must not reach the database: the EXIF header, the
// time taken, the camera, the position and the file name.
func Needles() map[string][]byte {
	return map[string][]byte{
		"Exif header": []byte("Exif\x00\x00"), "DateTimeOriginal": []byte(Taken), "serial": []byte(Serial),
		"model": []byte(Model), "GPS latitude": GPS, "file name": []byte("IMG_20261207_142311"),
	}
}

// Image is a w×h picture, its left half red and its right half blue, so
// tests can tell which way it was turned.
func Image(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{200, 20, 20, 255}
			if x >= w/2 {
				c = color.RGBA{20, 20, 200, 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

// JPEG is Image(w, h) as a phone's JPEG: an APP1 Exif segment with the
// orientation, Model, BodySerialNumber, DateTimeOriginal and a GPS
// latitude, and a comment.
func JPEG(w, h, orientation int) []byte {
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, Image(w, h), &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	b := plain.Bytes()
	exif := append([]byte("Exif\x00\x00"), tiff(orientation)...)
	var out bytes.Buffer
	out.Write(b[:2]) // SOI
	out.Write([]byte{0xFF, 0xE1})
	binary.Write(&out, binary.BigEndian, uint16(len(exif)+2))
	out.Write(exif)
	com := []byte("shot " + Taken)
	out.Write([]byte{0xFF, 0xFE})
	binary.Write(&out, binary.BigEndian, uint16(len(com)+2))
	out.Write(com)
	out.Write(b[2:])
	return out.Bytes()
}

// PNG is Image(w, h) as a PNG.
func PNG(w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, Image(w, h)); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// HEIC is the opening of a photo an iPhone takes by default: an ftyp box
// of brand heic (the rest of a real file is HEVC that no form reads).
func HEIC() []byte {
	b := []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")
	return append(b, "\x00\x00\x01\x00meta\x00\x00\x00\x00"...)
}

// tiff is a little-endian TIFF header with IFD0 (Orientation, Model,
// ExifIFD, GPSIFD), the Exif IFD (DateTimeOriginal, BodySerialNumber) and
// the GPS IFD (GPSLatitudeRef, GPSLatitude).
func tiff(orientation int) []byte {
	type entry struct {
		tag, typ uint16
		count    uint32
		value    []byte // inline when ≤ 4 bytes
	}
	le := binary.LittleEndian
	u32 := func(v uint32) []byte { return le.AppendUint32(nil, v) }
	short := func(v uint16) []byte { return le.AppendUint16(nil, v) }
	ascii := func(s string) []byte { return append([]byte(s), 0) }
	// layout: header 8, IFD0 at 8 (4 entries), then the Exif IFD, the GPS
	// IFD, then the data areas.
	ifdSize := func(n int) int { return 2 + 12*n + 4 }
	ifd0, exifIFD, gpsIFD := 8, 8+ifdSize(4), 8+ifdSize(4)+ifdSize(2)
	data := gpsIFD + ifdSize(2)
	var area []byte
	put := func(v []byte) []byte {
		if len(v) <= 4 {
			return append(v, make([]byte, 4-len(v))...)
		}
		off := data + len(area)
		area = append(area, v...)
		if len(area)%2 == 1 {
			area = append(area, 0)
		}
		return u32(uint32(off))
	}
	write := func(out []byte, es []entry) []byte {
		out = le.AppendUint16(out, uint16(len(es)))
		for _, e := range es {
			out = le.AppendUint16(out, e.tag)
			out = le.AppendUint16(out, e.typ)
			out = le.AppendUint32(out, e.count)
			out = append(out, put(e.value)...)
		}
		return le.AppendUint32(out, 0)
	}
	out := []byte{'I', 'I', 42, 0}
	out = le.AppendUint32(out, uint32(ifd0))
	out = write(out, []entry{
		{0x0110, 2, uint32(len(Model) + 1), ascii(Model)},
		{0x0112, 3, 1, short(uint16(orientation))},
		{0x8769, 4, 1, u32(uint32(exifIFD))},
		{0x8825, 4, 1, u32(uint32(gpsIFD))},
	})
	out = write(out, []entry{
		{0x9003, 2, uint32(len(Taken) + 1), ascii(Taken)},
		{0xA431, 2, uint32(len(Serial) + 1), ascii(Serial)},
	})
	out = write(out, []entry{
		{0x0001, 2, 2, ascii("N")},
		{0x0002, 5, 3, GPS},
	})
	return append(out, area...)
}

func rationals(rs [][2]uint32) []byte {
	var b []byte
	for _, r := range rs {
		b = binary.LittleEndian.AppendUint32(b, r[0])
		b = binary.LittleEndian.AppendUint32(b, r[1])
	}
	return b
}
