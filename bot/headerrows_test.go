package bot

import (
	"slices"
	"testing"
)

// headerRowCommands splits a 上报 of a header and rows (fix10-11 #3) only
// when each row can be told apart and nothing typed would go into every
// hazard; otherwise the message is left to the one-row reading.
func TestHeaderRowCommands(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		parts      []string
		unread     []string
	}{
		{"header on its own line", "上报\n隐患名称/描述\t所属单位\n码头照明不足\t测试码头\n系缆桩松动\t测试码头",
			[]string{"上报\n隐患名称/描述\t所属单位\n码头照明不足\t测试码头", "上报\n隐患名称/描述\t所属单位\n系缆桩松动\t测试码头"}, nil},
		{"header sharing the command's line, 序号 not first", "上报 隐患名称/描述\t序号\t所属单位\n灭火器过期\t1\t通达危货\n\n平台未接入\t2\t通达危货",
			[]string{"上报 隐患名称/描述\t序号\t所属单位\n灭火器过期\t1\t通达危货", "上报 隐患名称/描述\t序号\t所属单位\n平台未接入\t2\t通达危货"}, nil},
		{"continuation row named", "上报\n隐患名称/描述\t所属单位\t整改措施\n码头照明不足\t测试码头\n\t\t更换灯具\n系缆桩松动\t测试码头",
			[]string{"上报\n隐患名称/描述\t所属单位\t整改措施\n码头照明不足\t测试码头", "上报\n隐患名称/描述\t所属单位\t整改措施\n系缆桩松动\t测试码头"}, []string{"更换灯具"}},
		{"one row and a continuation row", "上报\n隐患名称/描述\t所属单位\n码头照明不足\t测试码头\n\t续",
			[]string{"上报\n隐患名称/描述\t所属单位\n码头照明不足\t测试码头"}, []string{"续"}},
		{"one row", "上报\n隐患名称/描述\t所属单位\n码头照明不足\t测试码头", nil, nil},
		{"text before the table", "上报 码头检查\n隐患名称/描述\t所属单位\n码头照明不足\t测试码头\n系缆桩松动\t测试码头", nil, nil},
		{"no 描述 column", "上报\n所属单位\t行业领域\n测试码头\t水上交通\n县客运站\t城市客运", nil, nil},
		{"a line without tabs after the table", "上报\n隐患名称/描述\t所属单位\n码头照明不足\t测试码头\n系缆桩松动\t测试码头\n领域:水上交通", nil, nil},
		{"a second header", "上报\n隐患名称/描述\t所属单位\n码头照明不足\t测试码头\n隐患名称/描述\t行业领域\n系缆桩松动\t水上交通", nil, nil},
		{"no header", "上报\n测试码头\t消防通道堵塞\t一般\t12月20日\n测试码头\t救生圈缺失\t一般\t12月22日", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts, unread := headerRowCommands(tc.text, rowVerb)
			if !slices.Equal(parts, tc.parts) || !slices.Equal(unread, tc.unread) {
				t.Errorf("headerRowCommands(%q) = %q, %q; want %q, %q", tc.text, parts, unread, tc.parts, tc.unread)
			}
		})
	}
}
