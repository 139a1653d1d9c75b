-- Issue 11 §1, §2, §4: a duty is standing (常态化, goes on after the plan)
-- or campaign-bound, with the plan's words for which; a rule says where an
-- occurrence on a day off moves (prev | next | '') and carries its duty's
-- term; a duty done earlier and recorded afterwards (补记) keeps the day it
-- was done in done_on ('' = recorded on the day).
ALTER TABLE duties ADD COLUMN standing INTEGER NOT NULL DEFAULT 0;
ALTER TABLE duties ADD COLUMN basis TEXT NOT NULL DEFAULT '';
ALTER TABLE rules ADD COLUMN shift TEXT NOT NULL DEFAULT '';
ALTER TABLE rules ADD COLUMN term TEXT NOT NULL DEFAULT '';
ALTER TABLE duty_records ADD COLUMN done_on TEXT NOT NULL DEFAULT '';
ALTER TABLE duty_records_undone ADD COLUMN done_on TEXT NOT NULL DEFAULT '';
