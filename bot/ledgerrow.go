package bot

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"safetybot"
)

// pastedNumber is the number of a hazard already in the ledger when a 上报
// carries the ledger's 编号 column (a row of the export pasted back): a
// second registration of it was stored without a word (QA7b #6), so the
// report is refused and told to use 修改. ok is false when there is no
// such column or its number is no hazard's.
func (e *Engine) pastedNumber(ctx context.Context, r *request) (number string, ok bool) {
	if !slices.Contains(r.args.Unknown, "编号") {
		return "", false
	}
	m := hazardNumberRE.FindString(r.args.Text)
	if m == "" {
		return "", false
	}
	number, ok = parseHazardNumber(strings.Map(func(c rune) rune {
		if unicode.IsSpace(c) {
			return -1
		}
		if c == '—' || c == '–' {
			return '-'
		}
		return c
	}, m))
	if !ok {
		return "", false
	}
	if _, _, err := e.store.Hazard(ctx, number); err != nil {
		return "", false
	}
	return number, true
}

// pastedNumberError is the refusal for pastedNumber.
func pastedNumberError(number string) error {
	return safetybot.Errorf(safetybot.EINVALID, "这一行的编号是 %s，该隐患已在台账中，未重复登记。要更正请发送「修改 %s 字段:值」；确属另一条隐患，请删去编号一栏后再发。", number, number)
}
