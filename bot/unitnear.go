package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lithammer/fuzzysearch/fuzzy"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// nearTrades are trade words that name another trade, not the same one
// spelled otherwise (unitSpellings): 危险化学品 for 危险货物 may be the same
// company written carelessly or another one, so a name differing only in
// them is asked about, never matched nor registered unsaid (QA17 #1).
var nearTrades = []string{"危险货物", "危险化学品", "危化品", "危化", "普通货物", "普货"}

// tradeMark stands for any of nearTrades when two cores are compared.
const tradeMark = "\x01"

// nearUnits are the names among known close to typed but not certainly
// the same unit (not one unitKey), so the caller asks 「是否指…」 rather than
// matching or storing a new unit unsaid (QA16 #1, QA17 #1, #9): the county
// or 有限 left off (通达危险品运输公司, 沁水通达危险货物运输有限公司 for
// 沁水县通达危险货物运输有限公司), another trade word (危险化学品), one or
// two characters of a longer core otherwise, or traditional characters
// (通達危險貨物運輸). 阳城县公路段 is not near 沁水县公路段: another county's.
func nearUnits(typed string, known []string) []string {
	key := unitKey(typed)
	region, core := unitCore(key)
	if core == "" {
		return nil
	}
	enc := simplifiedchinese.GBK.NewEncoder()
	var out []string
	for _, k := range known {
		kk := unitKey(k)
		if kk == key {
			continue
		}
		r, c := unitCore(kk)
		if c == "" {
			continue
		}
		// Characters otherwise only between two companies: 顺达客运站 is
		// no slip for 顺达客运有限公司.
		slips := 0
		if strings.HasSuffix(key, "公司") && strings.HasSuffix(kk, "公司") {
			slips = 2
			// One character otherwise anywhere in a long full name is a
			// slip too: the county (泌水县 for 沁水县) or the legal form
			// (有线公司 for 有限公司), which the core leaves out (QA18 #1).
			if fuzzy.LevenshteinDistance(key, kk) == 1 && min(utf8.RuneCountInString(key), utf8.RuneCountInString(kk)) >= 8 {
				out = append(out, k)
				continue
			}
		}
		tc, kc, ok := sameRegion(region, core, r, c)
		if ok && (nearCores(tc, kc, slips) || variantOf(enc, tc, kc)) {
			out = append(out, k)
		}
	}
	return out
}

// sameRegion says whether two names' places may be one (equal, or left
// off on one side) and returns their cores with a place written without
// its 县/市 at the start of one core taken off (沁水通达… for 沁水县通达…):
// 沁水 there is the county, not the company's name.
func sameRegion(r1, c1, r2, c2 string) (string, string, bool) {
	switch {
	case r1 == r2:
		return c1, c2, true
	case r1 == "":
		return stripRegion(c1, r2), c2, true
	case r2 == "":
		return c1, stripRegion(c2, r1), true
	}
	return c1, c2, false
}

// stripRegion takes off the start of core each place of region written
// without its last character (沁水 for 沁水县), and the character after it
// when that is 县/市/省/区 written otherwise (縣), keeping two characters at
// least.
func stripRegion(core, region string) string {
	for region != "" {
		loc := regionPrefix.FindStringIndex(region)
		if loc == nil {
			break
		}
		place := region[:loc[1]]
		region = region[loc[1]:]
		_, n := utf8.DecodeLastRuneInString(place)
		bare := place[:len(place)-n]
		rest, ok := strings.CutPrefix(core, bare)
		if !ok || utf8.RuneCountInString(rest) < 2 {
			continue
		}
		if r, n := utf8.DecodeRuneInString(rest); strings.ContainsRune("縣區", r) && utf8.RuneCountInString(rest[n:]) >= 2 {
			rest = rest[n:]
		}
		core = rest
	}
	return core
}

// nearCores: two cores with their trade words marked alike (nearTrades)
// that differ in at most slips characters (two between companies, none
// otherwise), with enough left the same that
// it is a slip and not another name: one difference in four characters,
// two in six (通达危险化学品运输 ~ 通达危险货物运输; 通达危险货物仓储 is
// not 通达危险货物运输).
func nearCores(a, b string, slips int) bool {
	a, b = markTrades(a), markTrades(b)
	d := fuzzy.LevenshteinDistance(a, b)
	return d <= slips && min(utf8.RuneCountInString(a), utf8.RuneCountInString(b)) >= 2*d+2
}

// markTrades writes each of nearTrades in s as tradeMark, the longest
// first where several start at one place.
func markTrades(s string) string { return writeSpellingsAs(s, nearTrades, tradeMark) }

// variantOf: typed is known written with traditional (or other variant)
// characters: as long, and wherever the two differ typed has a Han
// character outside GB2312 (通達危險貨物運輸 for 通达危险货物运输). No
// traditional-to-simplified table is in the module graph; GB2312, the
// simplified set every Chinese IME writes by default, is (x/text's GBK
// encoder puts its characters in the high-byte area). A county's names
// use it, so a character outside it is most likely a variant of the one
// registered in its place; the question settles it.
func variantOf(enc *encoding.Encoder, typed, known string) bool {
	t, k := []rune(typed), []rune(known)
	if len(t) != len(k) {
		return false
	}
	diff := 0
	for i := range t {
		if t[i] == k[i] {
			continue
		}
		if !outsideGB2312(enc, t[i]) {
			return false
		}
		diff++
	}
	return diff > 0
}

// outsideGB2312 is a Han character GB2312 does not hold: GBK writes
// GB2312's characters as two bytes from 0xA1 up, its own others below.
func outsideGB2312(enc *encoding.Encoder, r rune) bool {
	if !unicode.Is(unicode.Han, r) {
		return false
	}
	b, err := enc.Bytes([]byte(string(r)))
	return err != nil || len(b) != 2 || b[0] < 0xA1 || b[1] < 0xA1
}
