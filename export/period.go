package export

import (
	"context"
	"time"

	"safetybot"
)

// checkPeriod refuses a period that has nothing to sum up: one wholly
// before the first plan began (an empty report would read as years of no
// work) or wholly after today (a report "as of" today would call a plan
// that still runs ended and count no month). It lives here, under
// LoadPeriod, so `report` and the dashboard's /summary refuse the same
// periods with the same words (EINVALID); they differed when the check was
// the CLI's alone.
func checkPeriod(ctx context.Context, s safetybot.Store, from, to safetybot.Date, now time.Time) error {
	today := safetybot.DateOf(now)
	if from > today {
		return safetybot.Errorf(safetybot.EINVALID, "统计期间 %s 至 %s 尚未开始（今天是 %s），没有可总结的内容，未生成文件。请在 %s 当天或之后生成，或选择 %s 及以前的年份或日期。",
			from, to, today, from, today[:4])
	}
	start, err := FirstPlanStart(ctx, s)
	if err != nil {
		return err
	}
	if start != "" && to < start {
		return safetybot.Errorf(safetybot.EINVALID, "统计期间 %s 至 %s 早于第一期方案开始（%s），没有可总结的内容，未生成文件。请选择 %s 及以后的年份或日期。",
			from, to, start, start[:4])
	}
	return nil
}
