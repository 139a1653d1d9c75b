-- Photos of anonymous reports (举报), sent on the public report page. Each
-- is a JPEG the desk re-encoded from the upload (tipdesk, internal/photo),
-- so it holds pixels only: no EXIF (position, time, camera), no file name.
-- No upload time is kept: the report's day is all there is, as for its
-- messages. Ids are random, as for reports and messages, so row order does
-- not tell which report's photos came first. A photo goes with its report:
-- the retention purge, and any other deletion of a report, removes it.
CREATE TABLE tip_photos (
    id     INTEGER PRIMARY KEY,                                   -- random
    tip_id INTEGER NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    seq    INTEGER NOT NULL CHECK (seq >= 1),                     -- 1..safetybot.MaxTipPhotos, in the order they came
    data   BLOB NOT NULL CHECK (substr(data, 1, 3) = x'FFD8FF'),  -- a JPEG
    UNIQUE (tip_id, seq)
);
