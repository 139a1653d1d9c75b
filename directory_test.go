package safetybot

import (
	"context"
	"testing"
)

// names is a Directory over a map; a userid it lacks shows as itself.
type names map[string]string

func (m names) Name(_ context.Context, userID string) string {
	if n, ok := m[userID]; ok {
		return n
	}
	return userID
}

// TestNameWithID: the userid is always the last item in the last brackets,
// also when the name ends in brackets of its own; other names keep
// 名字（userid）.
func TestNameWithID(t *testing.T) {
	d := names{
		"zhangsan": "张三", "sunzong": "孙总（局长）", "li": "李（副）局长", "tom": "Tom (IT)",
		"wang": "王五（安委办，兼）", "blank": "", "same": "same",
	}
	for _, tc := range []struct{ id, want string }{
		{"zhangsan", "张三（zhangsan）"},
		{"sunzong", "孙总（局长，sunzong）"},
		{"wang", "王五（安委办，兼，wang）"},
		{"li", "李（副）局长（li）"},
		{"tom", "Tom (IT, tom)"},
		{"blank", "blank"},
		{"same", "same"},
		{"nobody", "nobody"},
		{"", ""},
	} {
		if got := NameWithID(context.Background(), d, tc.id); got != tc.want {
			t.Errorf("NameWithID(%q) = %q, want %q", tc.id, got, tc.want)
		}
	}
}
