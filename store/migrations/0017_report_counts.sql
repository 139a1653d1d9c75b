-- How many hazards each reporter registered in each clock hour, and how
-- many of them told the leaders (issue 10 §17). The hourly limit on 上报
-- reads and bumps one row in the report's own transaction, instead of
-- counting the reporter's hazards of the last hour.
CREATE TABLE report_counts (
    reporter TEXT NOT NULL,
    hour     INTEGER NOT NULL, -- Unix hours
    n        INTEGER NOT NULL,
    loud     INTEGER NOT NULL,
    PRIMARY KEY (reporter, hour)
) WITHOUT ROWID;
