-- People's display names (issue 13 §2): the WeCom address-book name from
-- user/get, cached and refreshed daily, and a name an administrator set
-- with 姓名 where the app may not read the address book (it wins).
-- Anonymous reporters are never looked up, so never appear here.
CREATE TABLE user_names (
    user_id     TEXT PRIMARY KEY,
    set_name    TEXT NOT NULL DEFAULT '',  -- 姓名 <userid> <名字>
    set_by      TEXT NOT NULL DEFAULT '',
    set_at      INTEGER NOT NULL DEFAULT 0, -- unix ms
    book_name   TEXT NOT NULL DEFAULT '',  -- user/get "name"
    book_status TEXT NOT NULL DEFAULT '',  -- ok, denied, missing; '' never asked
    checked_at  INTEGER NOT NULL DEFAULT 0  -- unix ms of user/get's last answer
);
