-- 010_search_tags: the tags column now also holds each filter combined
-- with kind and state ("c34k1s2", see src/search/index.c, tags_of). Only
-- SQLite's full-text index reads them, but both engines keep the same
-- rows: the index is emptied here, and `terbuka serve` finds it empty and
-- builds it again before it answers (search_reindex_if_empty).
DELETE FROM search_docs;
