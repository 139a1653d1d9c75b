package bot

import "testing"

// TestFormValueDropsColumnName: a box's value pasted with its column name,
// the ledger's compound headers included (QA7b #11: 位置/路段/船名：候车厅
// was stored whole), loses the name; another field's name stays.
func TestFormValueDropsColumnName(t *testing.T) {
	cases := []struct{ key, typed, want string }{
		{"地点", "位置/路段/船名：候车厅", "候车厅"},
		{"地点", "位置/路段/船名\t候车厅", "候车厅"},
		{"地点", "地点：K12+300", "K12+300"},
		{"地点", "具体位置: 3号泊位", "3号泊位"},
		{"单位", "所属单位：县公路段", "县公路段"},
		{"期限", "整改期限：12月31日", "12月31日"},
		{"地点", "备注：候车厅", "备注:候车厅"},
		{"单位", "责任单位/责任人：张三", "责任单位/责任人:张三"},
	}
	for _, c := range cases {
		t.Run(c.typed, func(t *testing.T) {
			if got := formValue(hazardFields.byName[c.key], c.typed); got != c.want {
				t.Errorf("formValue(%s, %q) = %q, want %q", c.key, c.typed, got, c.want)
			}
		})
	}
}
