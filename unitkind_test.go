package safetybot

import "testing"

func TestIsGovernmentBody(t *testing.T) {
	for name, want := range map[string]bool{
		"县交通运输局": true, "县公路段": true, "县公路段（养护站）": true, "县公路段(养护站)": true, "县运管所": true, "沁水县交通运输综合行政执法大队": true, "县安委办": true, "县人民政府": true,
		"县运输公司": false, "县客运站": false, "S205改建项目部": false, "长河航运": false, "沁水县通达危险货物运输有限公司": false,
		"县公路段养护工程有限公司": false, "西站货运场": false, "通达危货（养护站）": false, "": false,
	} {
		if got := IsGovernmentBody(name); got != want {
			t.Errorf("IsGovernmentBody(%q) = %v, want %v", name, got, want)
		}
	}
}
