package bot

import (
	"testing"
	"time"
)

// fix10-10 #2: a hint names only a command its reader may run. An assignee
// who is not staff, past the 30 minutes to 撤销 his 整改, was told to use
// 修改, which refuses him.
func TestHintsNameCommandsTheSenderMayRun(t *testing.T) {
	f := newFixture(t)
	f.converse([]step{
		{"admin", "上报 码头护栏缺损 领域：水上交通", []string{"YH2026-0001"}, nil},
		{"admin", "确认 YH2026-0001", nil, nil},
		{"admin", "指派 YH2026-0001 worker1", nil, nil},
		{"worker1", "整改 YH2026-0001 已更换护栏 资金：5000元（含人工）", []string{"请发送「整改 YH2026-0001 资金:…」更正"}, []string{"「修改"}},
	})
	f.clock.Add(31 * time.Minute)
	f.converse([]step{
		{"worker1", "撤销 YH2026-0001", []string{"已超过 30 分钟", "请联系「水上交通」领域的工作人员更正"}, []string{"修改"}},
	})
}
