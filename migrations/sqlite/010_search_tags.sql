-- 010_search_tags: the tags column now also holds each filter combined
-- with kind and state ("c34k1s2", see src/search/index.c, tags_of), so a
-- search with several filters intersects short lists. The index is
-- emptied here; `terbuka serve` finds it empty and builds it again with
-- the new tags before it answers (search_reindex_if_empty; about 7 s for
-- 200,000 documents on one core). Kept equivalent to the PostgreSQL file.
DELETE FROM search_docs;
INSERT INTO search_fts (search_fts) VALUES ('delete-all');
