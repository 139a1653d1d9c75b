package bot

import (
	"context"
	"fmt"

	"safetybot"
)

// A question about a hazard asks something only while the hazard can still
// take the answer: 单位…是否指… while it is neither closed nor rejected,
// 是否已整改完成 while it is being fixed (not yet reported done). The hazard
// may move on meanwhile from anywhere (another chat, the dashboard, a card's
// button, another process), so whether a question still waits is read from
// the hazard as stored whenever open questions are read (QA17 #7: a
// question about YH2026-0002, closed since, was listed and counted as
// waiting). Such a question is dropped, and an answer naming it is told the
// hazard's state.

// goneWhy says why q asks nothing any more, "" while it still waits.
func goneWhy(q question, h *safetybot.Hazard) string {
	switch {
	case q.Kind != questionUnit && q.Kind != questionFinish:
		return ""
	case h == nil:
		return fmt.Sprintf("隐患 %s 不存在，这次回答未生效。", q.Number)
	case !h.Status.Open() && q.Kind == questionUnit:
		return safetybot.ErrorMessage(finished(h, "更改单位，这次回答未生效"))
	case !h.Status.Open():
		return safetybot.ErrorMessage(finished(h, "报整改完成，这次回答未生效"))
	case q.Kind == questionFinish && h.Status == safetybot.StatusVerifying:
		return fmt.Sprintf("%s 已报整改完成（当前待验收），这次回答未生效。", q.Number)
	}
	return ""
}

// prune splits ps into the questions that still wait and those whose
// hazard moved on (gone, with why set); gone ones are removed from the
// store, so they are neither listed nor counted anywhere again.
func (e *Engine) prune(ctx context.Context, ps []pending) (live, gone []pending, err error) {
	hazards := map[string]*safetybot.Hazard{}
	for _, p := range ps {
		if p.q.Kind != questionUnit && p.q.Kind != questionFinish {
			live = append(live, p)
			continue
		}
		h, seen := hazards[p.q.Number]
		if !seen {
			h, _, err = e.store.Hazard(ctx, p.q.Number)
			if safetybot.ErrorCode(err) == safetybot.ENOTFOUND {
				h, err = nil, nil
			}
			if err != nil {
				return nil, nil, err
			}
			hazards[p.q.Number] = h
		}
		if p.why = goneWhy(p.q, h); p.why == "" {
			live = append(live, p)
			continue
		}
		if _, _, err := e.store.TakeQuestion(ctx, p.key); err != nil {
			return nil, nil, err
		}
		gone = append(gone, p)
	}
	return live, gone, nil
}

// goneNotes is what the answer is told of the questions gone that ref
// names (all of them for a bare answer), one line each; "" for none.
func goneNotes(gone []pending, ref string) string {
	s := ""
	for _, p := range gone {
		if ref == "" || p.q.answers(ref) {
			if s != "" {
				s += "\n"
			}
			s += p.why
		}
	}
	return s
}

// openQuestions are m's sender's open questions in this chat that still
// wait, oldest first.
func (e *Engine) openQuestions(ctx context.Context, m Message) ([]pending, error) {
	live, _, err := e.openHere(ctx, m)
	return live, err
}

// questionsElsewhere are m's sender's open questions in their other chats
// that still wait, oldest first.
func (e *Engine) questionsElsewhere(ctx context.Context, m Message) ([]pending, error) {
	live, _, err := e.openAway(ctx, m)
	return live, err
}
