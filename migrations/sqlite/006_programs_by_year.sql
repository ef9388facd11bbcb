-- 006_programs_by_year: the list's choice of fiscal years walks this index
-- (one lookup per distinct year) instead of reading every programme.
CREATE INDEX programs_by_year ON programs (fiscal_year);
