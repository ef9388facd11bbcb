-- 014_kip_decisions: the PPID's written notice (pemberitahuan tertulis,
-- UU 14/2008 Pasal 22 ayat 7) as columns of the request: an extension's
-- reason (ayat 8), the decision with when and by whom, the exemption
-- ground of Pasal 17 (a-j) and its consequence test for a refusal, the
-- public body that holds information this one does not, what is given and
-- what is withheld and why, the medium and format, the costs item by item
-- and how to pay. Kept equivalent to migrations/sqlite/014_kip_decisions.sql.

ALTER TABLE kip_requests ADD COLUMN extension_reason TEXT;
ALTER TABLE kip_requests ADD COLUMN decided_at TEXT;
ALTER TABLE kip_requests ADD COLUMN decided_by BIGINT REFERENCES users (id);
ALTER TABLE kip_requests ADD COLUMN exemption TEXT CHECK (exemption IN ('a','b','c','d','e','f','g','h','i','j'));
ALTER TABLE kip_requests ADD COLUMN consequence_test TEXT CHECK (length(consequence_test) <= 8000);
ALTER TABLE kip_requests ADD COLUMN holder_body TEXT CHECK (length(holder_body) <= 200);
ALTER TABLE kip_requests ADD COLUMN given TEXT CHECK (length(given) <= 8000);
ALTER TABLE kip_requests ADD COLUMN withheld TEXT CHECK (length(withheld) <= 8000);
ALTER TABLE kip_requests ADD COLUMN medium TEXT CHECK (length(medium) <= 200);
ALTER TABLE kip_requests ADD COLUMN costs TEXT;         -- JSON: [{"item": "...", "amount": 5000}]
ALTER TABLE kip_requests ADD COLUMN payment TEXT CHECK (length(payment) <= 2000);
