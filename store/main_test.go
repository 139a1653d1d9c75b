package store

import (
	"os"
	"testing"

	"safetybot/internal/testkit"
)

// TestMain removes the template database of openCopy.
func TestMain(m *testing.M) {
	code := m.Run()
	testkit.RemoveTemplates()
	os.Exit(code)
}
