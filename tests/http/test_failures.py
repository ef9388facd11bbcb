"""A handler that fails answers 500 with a request id the person can quote,
the same id is in the error log line, and the server keeps serving.

The failure is real, not simulated: the test removes a table from under the
running server, so the department page's query fails inside the database.
"""
import json
import re

from httpkit import HtmlScan

ACCEPT_JSON = {"Accept": "application/json"}


def break_agencies_table(srv):
    # renamed rather than dropped: other tables' foreign keys point at it;
    # no data changed, so the page cache would go on answering with the
    # page it kept: the version is raised as a write would
    srv.sql("ALTER TABLE agencies RENAME TO agencies_gone")
    srv.sql("UPDATE data_versions SET version = version + 1 WHERE topic = 'agencies'")


def test_failing_handler_answers_500_with_request_id(fresh_server):
    srv = fresh_server()
    assert srv.get("/dinas/dinkes")[0] == 200
    break_agencies_table(srv)

    status, headers, body = srv.get("/dinas/dinkes")
    assert status == 500
    rid = headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{16}", rid)
    page = body.decode()
    assert rid in HtmlScan(page).text
    assert "Terjadi kesalahan di server" in page
    # the same id is in the error line (stderr) and the access line (stdout)
    err = srv.wait_for_log(rid, stream="stderr")
    assert "error" in err and "agencies" in err
    assert " 500 " in srv.wait_for_log(rid, stream="stdout")

    status, headers, body = srv.get("/dinas/dinkes", headers=ACCEPT_JSON)
    assert status == 500
    doc = json.loads(body)
    assert doc["error"]["status"] == 500
    assert doc["request_id"] == headers["x-request-id"]

    # still serving: pages that do not need the table, and health
    assert srv.get("/static/css/site.css")[0] == 200
    assert srv.get("/healthz")[0] == 200
