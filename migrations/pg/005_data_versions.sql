-- 005_data_versions: a version per topic of public data, raised by
-- triggers in the same transaction as any write to the tables behind it,
-- so that a page built from a snapshot can be kept until the version it
-- was built at changes (src/app_cache.c). Triggers rather than calls in
-- the code: a write from anywhere (a handler, the CLI, the sqlite3 or
-- psql shell) is seen. Only a person's public name is watched in users.
-- Kept equivalent to migrations/sqlite/005_data_versions.sql.

CREATE TABLE data_versions (
  topic   TEXT PRIMARY KEY,
  bit     INTEGER NOT NULL UNIQUE,   -- the topic's bit in a route's mask
  version BIGINT NOT NULL DEFAULT 0
);
INSERT INTO data_versions (topic, bit) VALUES
  ('site', 1), ('agencies', 2), ('programs', 4), ('people', 8);

-- Once per statement, not per row: a bulk load raises it once.
CREATE FUNCTION data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE topic = TG_ARGV[0];
  RETURN NULL;
END $$;

CREATE TRIGGER settings_v AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('site');
CREATE TRIGGER agencies_v AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agencies
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('agencies');
CREATE TRIGGER villages_v AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON villages
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('agencies');
CREATE TRIGGER files_v AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON files
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('programs');
CREATE TRIGGER programs_v AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON programs
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('programs');
CREATE TRIGGER program_versions_v AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON program_versions
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('programs');
CREATE TRIGGER program_updates_v AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON program_updates
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('programs');
CREATE TRIGGER program_files_v AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON program_files
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('programs');
CREATE TRIGGER program_follows_v AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON program_follows
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('programs');
CREATE TRIGGER users_name_v AFTER UPDATE OF display_name, deleted_at ON users
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('people');
