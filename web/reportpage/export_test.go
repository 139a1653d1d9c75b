package reportpage

import "time"

// HoldUploadSlots takes every upload slot and makes a post wait at most
// wait for one, until release.
func HoldUploadSlots(wait time.Duration) (release func()) {
	before := uploadWait
	uploadWait = wait
	for range cap(uploadSlots) {
		uploadSlots <- struct{}{}
	}
	return func() {
		for range cap(uploadSlots) {
			<-uploadSlots
		}
		uploadWait = before
	}
}
