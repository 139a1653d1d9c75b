-- The rule of is_enterprise changed (qa5 #1): a government body's name with
-- a trailing bracketed part (县公路段（养护站）) is a government body, judged
-- by the name before the bracket; it was counted as an enterprise. As 0029
-- says, a rule change reclassifies the units named so far. Only the
-- classification changes: no row, name or hazard is touched.
UPDATE units SET enterprise = is_enterprise(name, registered)
    WHERE enterprise <> is_enterprise(name, registered);
