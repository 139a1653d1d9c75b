-- Button cards finish one button at a time (issue 13 QA 1, 2): a click that
-- did something finishes only its own button, recorded here; the card's
-- other buttons stay usable while they still make sense (收到 leaves
-- 整改完成, 确认 leaves 督办). cards.done_at still marks a card with nothing
-- left to press.
CREATE TABLE card_clicks (
    task_id TEXT NOT NULL REFERENCES cards (task_id),
    key     TEXT NOT NULL,
    done_at INTEGER NOT NULL,
    done_by TEXT NOT NULL,
    text    TEXT NOT NULL,
    PRIMARY KEY (task_id, key)
) WITHOUT ROWID;
