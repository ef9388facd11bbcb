/*
 * health.c - operational endpoints and static files: /healthz, /metrics,
 * /static/... (see site.h).
 */
#include <stdio.h>

#include "ledger/ledger.h"
#include "db/db.h"
#include "db/migrate.h"
#include "http/metrics.h"
#include "http/sse.h"
#include "http/static.h"
#include "dataversion.h"
#include "pagecache.h"
#include "site/site.h"

void site_healthz(request *req, page *pg)
{
	db *c = db_thread();
	int64_t version = 0;
	bool ok = c != NULL && db_schema_version(c, &version) == DB_OK;
	pg->json_only = true;
	pg->status = ok ? 200 : 503; /* with the model: probes read the document */
	pg->model = json_pack("{s:s, s:s, s:{s:s, s:s, s:I}}",
	                      "status", ok ? "ok" : "unavailable",
	                      "version", TERBUKA_VERSION,
	                      "database",
	                      "engine", db_engine_name(),
	                      "state", ok ? "ok" : "unavailable",
	                      "schema_version", (json_int_t)version);
}

void site_metrics(request *req, page *pg)
{
	buf b;
	buf_init(&b, 1024 * 1024);
	metrics_render(&b, db_time_us(), db_statements());
	pagecache_metrics(&b);
	dataversion_metrics(db_thread(), &b);
	sse_metrics(&b);
	ledger_metrics(&b);
	if (buf_failed(&b)) {
		buf_free(&b);
		page_fail(req, pg, "metrics exposition too large");
		return;
	}
	response_set_buf(pg->res, 200, "text/plain; version=0.0.4; charset=utf-8", &b);
	response_header(pg->res, "Cache-Control", "no-store");
	pg->raw = true;
}

void site_static(request *req, page *pg)
{
	if (static_serve(req, req->path, pg->res)) {
		pg->raw = true;
		return;
	}
	page_not_found(pg);
}
