-- Indexes for the leaders' digest (and the dashboard's like-minded figures):
-- hazards found since a time, this year's by status, open ones by grade.
CREATE INDEX IF NOT EXISTS hazards_found ON hazards (found_at);
CREATE INDEX IF NOT EXISTS hazards_year ON hazards (year, status);
CREATE INDEX IF NOT EXISTS hazards_grade ON hazards (grade, status, deadline);
