package tipdesk

import (
	"context"
	"errors"

	"safetybot"
	"safetybot/internal/photo"
)

// CleanPhotos checks each photo by the upload rules (photo.Check) and
// re-encodes it (photo.Clean), so that what the store keeps is pixels
// only: no EXIF position, time or camera, whatever the channel. The first
// photo refused refuses them all, with PhotoError's reason.
func CleanPhotos(ctx context.Context, photos [][]byte) ([][]byte, error) {
	var out [][]byte
	for i, p := range photos {
		if _, err := photo.Check(p); err != nil {
			return nil, PhotoError(i, err)
		}
		c, err := photo.Clean(ctx, p)
		if err != nil {
			return nil, PhotoError(i, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// PhotoError says why photo i (from 0) of a report or an addition was
// refused, by its place: its file name is never read (a phone's names the
// time it was taken, IMG_20261207_142311.jpg). Nothing of the submission
// was kept. An error that is no photo.Problem is returned as it is.
func PhotoError(i int, err error) error {
	var p photo.Problem
	if !errors.As(err, &p) {
		return err
	}
	const lost = "这次提交的内容都没有保存，请修改后重新提交（已填写的文字仍在下面）。"
	n := i + 1
	switch p {
	case photo.Empty:
		return safetybot.Errorf(safetybot.EINVALID, "第 %d 张照片是空文件。"+lost, n)
	case photo.TooLarge:
		return safetybot.Errorf(safetybot.EINVALID, "第 %d 张照片超过 10 MB。请压缩后重试。"+lost, n)
	case photo.NotImage:
		return safetybot.Errorf(safetybot.EINVALID, "第 %d 个文件不是图片（只收 JPEG、PNG、GIF、WebP 照片）。"+lost, n)
	case photo.HEIC:
		return safetybot.Errorf(safetybot.EINVALID, "第 %d 张照片是 HEIC 格式（苹果手机默认的照片格式），本页面无法读取。"+photo.HEICAdvice+lost, n)
	case photo.TooBig:
		return safetybot.Errorf(safetybot.EINVALID, "第 %d 张照片太大，无法处理（最多约 %d 万像素）。请在相册中裁剪、缩小或截屏后重试。"+lost, n, photo.MaxPixels/10000)
	}
	return safetybot.Errorf(safetybot.EINVALID, "第 %d 张照片无法识别（文件可能已损坏）。请换一张或去掉它。"+lost, n)
}
