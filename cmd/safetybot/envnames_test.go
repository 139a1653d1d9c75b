package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var varNameRE = regexp.MustCompile(`\b(?:SAFETYBOT|WECOM)_[A-Z0-9_]*[A-Z0-9]`)

// TestKnownVarsAreRead: knownVars is exactly the set of names config.go
// reads, so a variable added to loadConfig without the list (refused as
// unknown) or left in the list after loadConfig stops reading it (silently
// ignored again) fails here.
func TestKnownVarsAreRead(t *testing.T) {
	src, err := os.ReadFile("config.go")
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	for _, m := range regexp.MustCompile(`"((?:SAFETYBOT|WECOM)_[A-Z0-9_]+)"`).FindAllSubmatch(src, -1) {
		read[string(m[1])] = true
	}
	for _, k := range knownVars {
		if !read[k] {
			t.Errorf("%s is in knownVars but config.go does not read it", k)
		}
		delete(read, k)
	}
	for k := range read {
		t.Errorf("config.go reads %s, which knownVars lacks (it would be refused as unknown)", k)
	}
}

// TestEveryNamedVarIsKnown: every SAFETYBOT_… or WECOM_… name the
// repository mentions (code, tests, README, .ci/run) is one serve reads or
// one of foreignVars, so a shell set up as the README or CI says never
// stops serve with an unknown-variable error.
func TestEveryNamedVarIsKnown(t *testing.T) {
	root := filepath.Join("..", "..")
	seen := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == ".git" || n == "testdata" || n == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		if !strings.HasSuffix(p, ".go") && rel != "README.md" && rel != filepath.Join(".ci", "run") || typoFiles[rel] {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range varNameRE.FindAll(b, -1) {
			seen[string(m)] = p
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SAFETYBOT_ARTIFACTS", "SAFETYBOT_TRUST_PROXY", "WECOM_AIBOT_WS_URL"} {
		if seen[want] == "" {
			t.Fatalf("the scan missed %s: it does not see the repository", want)
		}
	}
	for name, file := range seen {
		if !isKnown(name) && !foreignVars[name] {
			t.Errorf("%s (in %s) is neither read by loadConfig nor in foreignVars", name, file)
		}
	}
}

// typoFiles are this check and its tests, which misspell names on purpose.
var typoFiles = map[string]bool{
	filepath.Join("cmd", "safetybot", "envnames.go"):         true,
	filepath.Join("cmd", "safetybot", "config_test.go"):      true,
	filepath.Join("cmd", "safetybot", "config_fuzz_test.go"): true,
	filepath.Join("cmd", "safetybot", "envnames_test.go"):    true,
}

// TestForeignVarsTolerated: the variables other programs read from the
// same shell (CI's browser test, the benchmark's generator) and the
// shell's own do not stop serve, and none of them is read.
func TestForeignVarsTolerated(t *testing.T) {
	environ := []string{"PATH=/usr/bin", "HOME=/root", "CI=1", "SAFETYBOTS=x", "WECOM=x", "wecom=x", "WecomToken=x"}
	for name := range foreignVars {
		environ = append(environ, name+"=x")
	}
	cfg, err := loadConfig(environ)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := loadConfig(nil); cfg.DB != want.DB || cfg.Addr != want.Addr || cfg.PublicURL != "" {
		t.Errorf("foreign variables changed the configuration: %+v", cfg)
	}
}

// TestClosestVar: one slip from a known name (dropped, doubled, swapped or
// wrong letter, a missing underscore) is answered with that name.
func TestClosestVar(t *testing.T) {
	for _, tc := range []struct{ typo, want string }{
		{"SAFETYBOT_TRUST_PROXI", "SAFETYBOT_TRUST_PROXY"},
		{"WECOM_TOKN", "WECOM_TOKEN"},
		{"WECOM_TOKENN", "WECOM_TOKEN"},
		{"WECOM_SECERT", "WECOM_SECRET"},
		{"WECOM_BOTNAME", "WECOM_BOT_NAME"},
		{"WECOM_AIBOT_SECERT", "WECOM_AIBOT_SECRET"},
		{"SAFETYBOT_HOLIDAY", "SAFETYBOT_HOLIDAYS"},
		{"SAFETYBOT_TIP_RETENTION", "SAFETYBOT_TIP_RETENTION_DAYS"},
		{"WECOM_WEBHOOK_KEY", "WECOM_WEBHOOK_KEYS"},
		{"WECOM_APP_MARKDOWM", "WECOM_APP_MARKDOWN"},
	} {
		if got := closestVar(tc.typo); got != tc.want {
			t.Errorf("closestVar(%s) = %s, want %s", tc.typo, got, tc.want)
		}
	}
}

// TestCaseOf: a known or tolerated name typed in another case is answered
// with the name in upper case; other names, and the right names, with "".
func TestCaseOf(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"wecom_token", "WECOM_TOKEN"},
		{"Safetybot_db", "SAFETYBOT_DB"},
		{"WECOM_Aibot_Secret", "WECOM_AIBOT_SECRET"},
		{"wecom_crypto_path", "WECOM_CRYPTO_PATH"},
		{"WECOM_TOKEN", ""},
		{"wecom_tokn", ""},
		{"SAFETYBOT_FOO", ""},
	} {
		if got := caseOf(tc.name); got != tc.want {
			t.Errorf("caseOf(%s) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := closestVar("wecom_tokn"); got != "WECOM_TOKEN" {
		t.Errorf("closestVar(wecom_tokn) = %s, want WECOM_TOKEN", got)
	}
}
