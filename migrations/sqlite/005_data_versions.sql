-- 005_data_versions: a version per topic of public data, raised by
-- triggers in the same transaction as any write to the tables behind it,
-- so that a page built from a snapshot can be kept until the version it
-- was built at changes (src/app_cache.c). Triggers rather than calls in
-- the code: a write from anywhere (a handler, the CLI, the sqlite3 or
-- psql shell) is seen. Only a person's public name is watched in users.
-- Kept equivalent to migrations/pg/005_data_versions.sql.

CREATE TABLE data_versions (
  topic   TEXT PRIMARY KEY,
  bit     INTEGER NOT NULL UNIQUE,   -- the topic's bit in a route's mask
  version BIGINT NOT NULL DEFAULT 0
);
INSERT INTO data_versions (topic, bit) VALUES
  ('site', 1), ('agencies', 2), ('programs', 4), ('people', 8);

CREATE TRIGGER settings_insert_v AFTER INSERT ON settings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'site'; END;
CREATE TRIGGER settings_update_v AFTER UPDATE ON settings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'site'; END;
CREATE TRIGGER settings_delete_v AFTER DELETE ON settings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'site'; END;
CREATE TRIGGER agencies_insert_v AFTER INSERT ON agencies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'agencies'; END;
CREATE TRIGGER agencies_update_v AFTER UPDATE ON agencies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'agencies'; END;
CREATE TRIGGER agencies_delete_v AFTER DELETE ON agencies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'agencies'; END;
CREATE TRIGGER villages_insert_v AFTER INSERT ON villages
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'agencies'; END;
CREATE TRIGGER villages_update_v AFTER UPDATE ON villages
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'agencies'; END;
CREATE TRIGGER villages_delete_v AFTER DELETE ON villages
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'agencies'; END;
CREATE TRIGGER files_insert_v AFTER INSERT ON files
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER files_update_v AFTER UPDATE ON files
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER files_delete_v AFTER DELETE ON files
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER programs_insert_v AFTER INSERT ON programs
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER programs_update_v AFTER UPDATE ON programs
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER programs_delete_v AFTER DELETE ON programs
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER program_versions_insert_v AFTER INSERT ON program_versions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER program_versions_update_v AFTER UPDATE ON program_versions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER program_versions_delete_v AFTER DELETE ON program_versions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER program_updates_insert_v AFTER INSERT ON program_updates
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER program_updates_update_v AFTER UPDATE ON program_updates
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER program_updates_delete_v AFTER DELETE ON program_updates
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER program_files_insert_v AFTER INSERT ON program_files
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER program_files_update_v AFTER UPDATE ON program_files
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER program_files_delete_v AFTER DELETE ON program_files
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER program_follows_insert_v AFTER INSERT ON program_follows
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER program_follows_update_v AFTER UPDATE ON program_follows
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER program_follows_delete_v AFTER DELETE ON program_follows
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'programs'; END;
CREATE TRIGGER users_name_v AFTER UPDATE OF display_name, deleted_at ON users
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'people'; END;
