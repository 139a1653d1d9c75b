package bot

import "testing"

// TestNameIsNotAccount (qa10 #18): a word that is a valid userid but no
// account the ledger or the address book knows, and is someone's name, is
// asked about, not granted or assigned to a new account: 授权 Tom 工作人员
// with tom2 shown as Tom made an account Tom and said nothing of tom2.
// The new account that really is Tom is written Tom（Tom）; an account the
// address book confirms is that account.
func TestNameIsNotAccount(t *testing.T) {
	f := newNamedFixture(t, &fakeBook{names: map[string]string{"tom2": "Tom", "Jack": "杰克"}})
	f.converse([]step{
		{"admin", "授权 tom2 工作人员", []string{"已授予"}, nil},
		{"admin", "姓名 tom3 Tim", []string{"已设置"}, nil},
		{"admin", "姓名 tom4 Tim", []string{"已设置"}, nil},
		{"admin", "姓名 li2 Jack", []string{"已设置"}, nil},
		{"admin", "上报 K12+300 护栏缺失 领域:公路运营", []string{"YH2026-0001"}, nil},
	})
	for _, tc := range []step{
		{"admin", "授权 Tom 工作人员", []string{"「Tom」是 Tom（tom2）的姓名，系统中没有账号 Tom，未执行", "请写其 userid（例如 tom2）", "「Tom（Tom）」"}, []string{"已授予"}},
		{"admin", "撤权 Tom 工作人员", []string{"「Tom」是 Tom（tom2）的姓名"}, []string{"已撤销", "无需撤销"}},
		{"admin", "指派 YH2026-0001 Tom", []string{"「Tom」是 Tom（tom2）的姓名"}, []string{"指派给"}},
		{"admin", "授权 Tim 领导", []string{"「Tim」是 2 人的姓名：Tim（tom3）、Tim（tom4），系统中没有账号 Tim"}, []string{"已授予"}},
		// The address book has Jack: the account, as before.
		{"admin", "授权 Jack 受理人", []string{"已授予"}, []string{"的姓名"}},
		// Known accounts and the explicit form are read as before.
		{"admin", "授权 TOM2 领导", []string{"已授予 Tom（tom2） 领导", "「TOM2」即"}, nil},
		{"admin", "授权 Tom（Tom） 受理人", []string{"已授予 Tom 受理人", "请核对是否写错", "tom2 也显示为「Tom」"}, nil},
	} {
		f.converse([]step{tc})
	}
}
