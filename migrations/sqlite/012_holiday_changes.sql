-- 012_holiday_changes: every change of the holiday calendar (migration
-- 007's holidays table), kept for good: a day added, changed, deleted or
-- confirmed by an admin, or imported from an iCalendar file. A deadline
-- counted in working days depends on it, so a case can show which
-- changes fell in its date range: rows are found by the day they touch
-- (holiday_changes_by_day). A holiday moved to another date is two rows,
-- 'dihapus' on the old day and 'ditambah' on the new one, each naming the
-- other in other_day. user_id is NULL for a change made outside the web
-- (CLI, database shell). Written in the same transaction as the change of
-- holidays itself. Kept equivalent to migrations/pg/012_holiday_changes.sql.

CREATE TABLE holiday_changes (
  id        INTEGER PRIMARY KEY,
  day       TEXT NOT NULL CHECK (length(day) = 10),          -- YYYY-MM-DD, in WIB
  change    TEXT NOT NULL CHECK (change IN ('ditambah','diubah','dihapus','dikonfirmasi','diimpor')),
  old_kind  TEXT CHECK (old_kind IN ('libur_nasional','cuti_bersama')),  -- before (diubah, dihapus, diimpor over a day)
  old_name  TEXT,
  new_kind  TEXT CHECK (new_kind IN ('libur_nasional','cuti_bersama')),  -- after (all but dihapus)
  new_name  TEXT,
  other_day TEXT CHECK (other_day IS NULL OR length(other_day) = 10),  -- a move: where it went, or came from
  user_id   INTEGER REFERENCES users (id),
  at        TEXT NOT NULL
);
CREATE INDEX holiday_changes_by_day ON holiday_changes (day, id);

-- The page cache's topic 'questions', which holds the holidays (007): a
-- page that lists the changes of its dates is rebuilt when one is made.
CREATE TRIGGER holiday_changes_insert_v AFTER INSERT ON holiday_changes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER holiday_changes_update_v AFTER UPDATE ON holiday_changes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER holiday_changes_delete_v AFTER DELETE ON holiday_changes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
