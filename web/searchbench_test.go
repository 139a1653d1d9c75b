package web_test

import "testing"

// The keyword search at 200,000 hazards (qa4 #8): a word of the
// descriptions, and a unit's short name (城关第12运输 stands for
// 城关第12运输有限公司 as 上报 reads it), which walk the whole ledger.
func BenchmarkHazardListKeyword200k(b *testing.B) {
	bench200k(b, "/hazards?q=%E6%8A%A4%E6%A0%8F") // 护栏
}

func BenchmarkHazardListShortName200k(b *testing.B) {
	bench200k(b, "/hazards?q=%E5%9F%8E%E5%85%B3%E7%AC%AC12%E8%BF%90%E8%BE%93") // 城关第12运输
}

// A keyword search's page past the end (an old link): the last page, from
// as few walks of the ledger as the page itself needs.
func BenchmarkHazardListKeywordPastEnd200k(b *testing.B) {
	bench200k(b, "/hazards?q=%E6%8A%A4%E6%A0%8F&page=100000") // 护栏
}
