-- 011_data_versions_notify: every change of a data version is told to
-- every node (pubsub's channel "terbuka", topic "data_versions"), so a
-- node keeps a copy of the versions and its kept pages need no round trip
-- to PostgreSQL to know they are current (src/dataversion.c). One
-- notification per topic per transaction: PostgreSQL folds identical
-- payloads sent in one transaction, and the payload is the topic alone.
-- A trigger on the table rather than in data_version_bump(): a version
-- raised by hand in psql is heard too. SQLite is one process and reads
-- the table in-process: nothing there.

CREATE FUNCTION data_version_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('terbuka', 'data_versions' || chr(9) || to_json(NEW.topic)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER data_versions_notify AFTER INSERT OR UPDATE ON data_versions
  FOR EACH ROW EXECUTE FUNCTION data_version_notify();
