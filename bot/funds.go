package bot

import (
	"strings"

	"safetybot"
)

// parseFunds reads a 资金 (整改资金) in yuan. A bare number is refused with
// a question: the office keeps funds in 万元, so 资金：3 almost always means
// 3万元, yet a phone's 资金：5000 means 元, and storing either guess
// silently put 0.0003万元 in the ledger (QA7b #5). A range (3-5万元) is
// refused the same way: the ledger holds one figure. how is the short
// reason for a reply that lists what it did not read (上报, 整改), "" when
// the generic one fits.
func parseFunds(v string) (yuan int64, how string, err error) {
	yuan, err = safetybot.ParseYuan(v)
	t := strings.TrimSpace(v)
	for _, p := range []string{"约", "共计", "合计", "共"} { // not ¥: ¥8000 has its unit
		t = strings.TrimPrefix(t, p)
	}
	t = strings.TrimSpace(t)
	bare := strings.Trim(t, "0123456789.,， ") == "" && strings.Trim(t, "0., ") != ""
	if bare && (err == nil || strings.Contains(t, ".")) { // 0.35 is refused as no whole yuan: ask too
		return 0, "没写单位：是 " + t + " 万元还是 " + t + " 元？请写明单位再发，未填写",
			safetybot.Errorf(safetybot.EINVALID, "资金「%s」没写单位：是 %s 万元还是 %s 元？请写「资金:%s万元」或「资金:%s元」。", t, t, t, t, t)
	}
	if err != nil && strings.ContainsAny(t, "-~～至到") && strings.ContainsAny(t, "0123456789") {
		return 0, "是一个范围，台账只记一个数，请写实际金额，未填写",
			safetybot.Errorf(safetybot.EINVALID, "资金「%s」是一个范围，台账只记一个数，请写实际金额，例如 资金:4万元。", safetybot.Truncate(t, 20))
	}
	return yuan, "", err
}
