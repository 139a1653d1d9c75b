package web

import "strings"

// planWords is how the dashboard names the plan it shows: the 2024–2026
// campaign's own words (十二大行动, 三年行动, 治本攻坚) only while that
// campaign is the plan loaded. After the next plan was imported the
// overview still headed its 3 actions 十二大行动任务进展 and /tasks its 5
// tasks 三年行动任务进展 (QA6c C5); the documents already switched.
type planWords struct {
	Actions string // the overview's task-progress heading
	Tasks   string // the /tasks page heading
	Site    string // after every page title
}

// wordsFor gives the words for a plan titled title, as the summary's
// campaign test reads it (export: the title names 三年行动, or is unknown).
func wordsFor(title string) planWords {
	if title == "" || strings.Contains(title, "三年行动") {
		return planWords{Actions: "十二大行动任务进展", Tasks: "三年行动任务进展", Site: "安全生产治本攻坚驾驶舱"}
	}
	return planWords{Actions: "各项行动任务进展", Tasks: "方案任务进展", Site: "安全生产驾驶舱"}
}
