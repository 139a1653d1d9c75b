package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
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
	// 3左右 is as bare as 3: ParseYuan drops the 左右 (review: it was stored as 3元).
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(t), "左右"), "上下"))
	bare := strings.Trim(t, "0123456789.,， ") == "" && strings.Trim(t, "0., ") != ""
	// 三 and 三十 are as bare as 3 and 30: read as 元, they put 0.0003万元
	// in the ledger where 3 was asked about (QA10 #3).
	bare = bare || safetybot.BareNumeral(t)
	if bare && (err == nil || strings.Contains(t, ".")) { // 0.35 is refused as no whole yuan: ask too
		how, err := askUnit(t)
		return 0, how, err
	}
	if err != nil && strings.ContainsAny(t, "-~～至到") && strings.ContainsAny(t, "0123456789") {
		return 0, "是一个范围，台账只记一个数，请写实际金额，未填写",
			safetybot.Errorf(safetybot.EINVALID, "资金「%s」是一个范围，台账只记一个数，请写实际金额，例如 资金:4万元。", safetybot.Truncate(t, 20))
	}
	if why := safetybot.AmountDoubt(t); err != nil && why != "" {
		how = why + "，未填写" // 百元, 三四万元, 一百五万元: the reason, not 请写金额
	}
	return yuan, how, err
}

// askUnit is the question a bare amount t gets (资金:3, 资金:三): 万元 or
// 元? It offers only what 资金 then reads (fix10-3 #4: 资金:0.35 offered
// 0.35元, which whole yuan refuse; 资金:两千五 would offer 两千五万元, a
// spoken form multiplied again), so digits stand in for a spoken numeral
// whose 万元 is not read, and a decimal is asked about in 万元 alone.
func askUnit(t string) (how string, err error) {
	accepted := func(n string) (units []string) {
		for _, u := range []string{"万元", "元"} {
			if _, err := safetybot.ParseYuan(n + u); err == nil {
				units = append(units, u)
			}
		}
		return units
	}
	n, units := t, accepted(t)
	if y, err := safetybot.ParseYuan(t); err == nil && len(units) < 2 {
		if d := strconv.FormatInt(y, 10); len(accepted(d)) == 2 {
			n, units = d, accepted(d) // 两千五: 2500万元 or 2500元
		}
	}
	shown := n
	if !safetybot.BareNumeral(n) {
		shown = " " + n + " " // digits stand apart from the words: 是 3 万元; 是三万元
	}
	switch len(units) {
	case 2:
		return "没写单位：是" + shown + "万元还是" + shown + "元？请写明单位再发，未填写",
			safetybot.Errorf(safetybot.EINVALID, "资金「%s」没写单位：是%s万元还是%s元？请写「资金:%s万元」或「资金:%s元」。", t, shown, shown, n, n)
	case 1:
		u, other := units[0], "元"
		if u == "元" {
			other = "万元"
		}
		y, _ := safetybot.ParseYuan(n + u)
		why := n + other + " 不能登记"
		if other == "元" && strings.Contains(n, ".") {
			why = "台账按整数元登记，" + why
		}
		return fmt.Sprintf("没写单位：是%s%s（%s元）吗？%s，请写明单位再发，未填写", shown, u, safetybot.FormatYuan(y), why),
			safetybot.Errorf(safetybot.EINVALID, "资金「%s」没写单位：是%s%s（%s元）吗？%s。如是，请写「资金:%s%s」。", t, shown, u, safetybot.FormatYuan(y), why, n, u)
	}
	return "没写单位，按万元、元都不是整数元的金额，请写实际金额，未填写",
		safetybot.Errorf(safetybot.EINVALID, "资金「%s」没写单位，按万元、元都不是整数元的金额，台账无法登记，请写实际金额，例如 资金:3.6万元。", t)
}

// amountInText is a sum of money written in running text: 3万元, 2.3万,
// 5000元, 2万5千元 and 1万2千元 whole (QA10 #8: they were quoted as 2万
// and 1万), and in Chinese numerals as voice input writes it (三万元,
// 伍仟元, 十万元; two numerals at least, so 统一元件 is none); or a range
// of them (3-5万元, 3万至5万元, 三到五万元), group 1, which was quoted as
// its upper end (5万元) and suggested as the figure.
var amountInText = func() *regexp.Regexp {
	const n = `[零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟]`
	const d = `\d+(?:[.,]\d+)*`
	digits := d + `(?:[万千百]` + d + `)*\s*(?:万元|千元|元|万)`
	numerals := n + `{2,}元`
	from := `(?:` + d + `|` + n + `+)\s*(?:万元|千元|元|万|千)?`
	to := `(?:` + digits + `|` + n + `+元)`
	return regexp.MustCompile(`(` + from + `\s*(?:-|－|~|～|—|–|至|到)\s*` + to + `)|` + digits + `|` + numerals)
}()

// textPart is running text a command kept, named as its reply names it
// (描述, 说明, 整改措施).
type textPart struct{ where, text string }

// fundsInText tells of an amount in a command's running text when no 资金
// field was given: 上报 …已投入资金3万元 and 整改 …投入资金3万元 kept the
// sum as text while 整改资金 stayed empty, and a reply listing every other
// field (来源：未填) but not 资金 read as if the sum had been taken (QA8
// #7, fix9 #2). It is not read as 资金 (the text may name another sum:
// 罚款, 预算); the reply says plainly it was not, and how to record it
// with fix, the command the user may run ("修改 YH…", "整改 YH…"). The
// amount is quoted as written; the command is given with it only when
// that command reads it (QA10 #8: 资金:十万元 was suggested and refused),
// and a range, which the ledger cannot hold, asks for the actual figure.
// An amount spent on top (又花费, 另投入, 追加) is told against recorded,
// the hazard's 整改资金, by addedFunds. The first amount found is named;
// "" when there is none.
func fundsInText(r *request, fix, recorded string, parts ...textPart) string {
	if _, ok := r.args.Fields["资金"]; ok {
		return ""
	}
	for _, p := range parts {
		loc := amountInText.FindStringSubmatchIndex(p.text)
		switch {
		case loc == nil:
			continue
		case loc[2] >= 0:
			return fmt.Sprintf("\n注意：%s中有金额范围「%s」，台账只记一个数，未作为整改资金登记；如是整改资金，请写实际金额，发送「%s 资金:…」。", p.where, p.text[loc[0]:loc[1]], fix)
		}
		m := p.text[loc[0]:loc[1]]
		v := strings.Join(strings.Fields(m), "")
		yuan, _, err := parseFunds(v)
		if err != nil {
			return fmt.Sprintf("\n注意：%s中有金额「%s」，未作为整改资金登记，也无法按金额读取；如是整改资金，请写实际金额，发送「%s 资金:…」。", p.where, m, fix)
		}
		if added(p.text[:loc[0]]) {
			return addedFunds(p.where, m, v, yuan, fix, recorded)
		}
		return fmt.Sprintf("\n注意：%s中有金额「%s」，未作为整改资金登记；如是整改资金，请发送「%s 资金:%s」。", p.where, m, fix, v)
	}
	return ""
}

// addedWords, in the clause before an amount, say it was spent on top of
// what went before: 又花费4万元, 另投入, 再花, 追加, 新增.
var addedWords = []string{"又", "另", "再", "追加", "新增"}

// added reports whether the clause that ends text (the words just before
// an amount) has one of addedWords.
func added(text string) bool {
	clause := text[strings.LastIndexFunc(text, isSeparator)+1:]
	return slices.ContainsFunc(addedWords, func(w string) bool { return strings.Contains(clause, w) })
}

// addedFunds is fundsInText's note for an amount v (yuan) spent on top,
// m as written: 资金 is the hazard's total, so suggesting 资金:4万元 for
// 又花费4万元 would have replaced 3万元 recorded with 4万元, not made it
// 7万元 (fix10-3 #2). The note says 资金 is the total and suggests the
// new one, recorded + v; a recorded 整改资金 that is no amount (entered
// before amounts were read) asks for the total instead.
func addedFunds(where, m, v string, yuan int64, fix, recorded string) string {
	if strings.TrimSpace(recorded) == "" {
		return fmt.Sprintf("\n注意：%s中有金额「%s」，未作为整改资金登记；如是整改资金，请发送「%s 资金:%s」（整改资金是累计总额，此前如还有花费，请写合计）。", where, m, fix, v)
	}
	head := fmt.Sprintf("\n注意：%s中有金额「%s」，未作为整改资金登记。整改资金登记的是累计总额，", where, m)
	was, err := strconv.ParseInt(strings.TrimSuffix(recorded, "元"), 10, 64)
	total := safetybot.ShowFunds(strconv.FormatInt(was+yuan, 10) + "元")
	if _, _, terr := parseFunds(total); err != nil || terr != nil {
		return head + fmt.Sprintf("已登记「%s」；如是整改资金，请写合计金额，发送「%s 资金:…」。", safetybot.Truncate(recorded, 20), fix)
	}
	return head + fmt.Sprintf("已登记 %s；如这笔是在此之外又花的，合计 %s，请发送「%s 资金:%s」（写「资金:%s」会把总额改成 %s）。",
		safetybot.ShowFunds(recorded), total, fix, total, v, safetybot.ShowFunds(strconv.FormatInt(yuan, 10)+"元"))
}

// fundsFix is the command fundsInText suggests after 整改: 修改 for whoever
// may correct the hazard (its field's staff, its reporter for 30 minutes),
// else 整改, which whoever just ran it may run again (QA10 #8: an assignee
// who is not staff was told to 修改, which refused him). It is the one
// command every hint of the 整改 reply names (reading.fix): fix10-10 #2,
// the 并入 line still said 「修改」 to such an assignee.
func (e *Engine) fundsFix(u safetybot.User, h *safetybot.Hazard) string {
	if cmd := e.fixCommand(u, h, "资金"); cmd != "" {
		return cmd
	}
	return "整改 " + h.Number // staff of the field who may 整改 but not 修改
}
