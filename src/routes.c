/*
 * routes.c - the whole site map in one table: method, pattern, name (for
 * metrics), handler, the template that shows the page, who may use it and
 * the rate limit it counts against. Every GET route also answers HEAD,
 * and every page answers as JSON with a ".json" suffix or
 * Accept: application/json. Every POST needs a CSRF token (the guard in
 * accounts/ checks it, with the access rule, before the handler runs).
 *
 * A new route must also be added to the authorization matrix in
 * tests/http/test_authz.py, which fails on any route it does not know.
 */
#include "accounts/accounts.h"
#include "agencies/agencies.h"
#include "calendar/admin.h"
#include "kip/documents.h"
#include "kip/feeds.h"
#include "kip/kip.h"
#include "kip/settings.h"
#include "app.h"
#include "live/feeds.h"
#include "pagecache.h"
#include "ledger/web.h"
#include "live/live.h"
#include "programs/feeds.h"
#include "programs/programs.h"
#include "questions/feeds.h"
#include "questions/questions.h"
#include "report/report.h"
#include "search/web.h"
#include "site/oembed.h"
#include "share/share.h"
#include "site/site.h"
#include "uploads/uploads.h"
#include "webhooks/webhooks.h"

#define H(fn) ((void (*)(void))(fn))
/* GET(pattern, name, handler, view, access): view is the template of the
 * page (checked at start-up), NULL for routes that answer JSON or bytes. */
#define GET(pattern, name, fn, view, access) \
	{ "GET", pattern, name, H(fn), view, 0, access, LIMIT_NONE, 0 }
/* PUBLIC(pattern, name, handler, view, topics): a page for everyone that
 * anonymous visitors may be given from the page cache until the data of
 * the topics (pagecache.h) changes. Every table the page reads must be
 * behind one of its topics (migrations 005). */
#define PUBLIC(pattern, name, fn, view, topics) \
	{ "GET", pattern, name, H(fn), view, 0, EVERYONE, LIMIT_NONE, topics }
/* POST(pattern, name, handler, view, access, limit): view is the template
 * that shows the form again when it comes back with errors. */
#define POST(pattern, name, fn, view, access, limit) \
	{ "POST", pattern, name, H(fn), view, 0, access, limit, 0 }

/* POST_UPLOAD: a form that carries files; its body may be as large as
 * the upload limit (the app raises the route's limit to uploads_max()
 * plus room for the other fields). */
#define POST_UPLOAD(pattern, name, fn, view, access, limit) \
	{ "POST", pattern, name, H(fn), view, ROUTE_BODY_UPLOAD, access, limit, 0 }

/* Who may use a route (see accounts.h). */
#define EVERYONE 0
#define SIGNED_IN ACCESS_SIGNED_IN
#define ADMIN ACCESS_ROLE(ROLE_ADMIN)
#define AGENCY_STAFF ACCESS_AGENCY(ROLE_PETUGAS | ROLE_PPID)
#define AGENCY_OFFICER ACCESS_AGENCY(ROLE_PETUGAS)
/* Information officers: a department's PPID, or the main PPID. */
#define PPIDS ACCESS_ROLE(ROLE_PPID)
/* Moderation of questions and answers: humas, and admins. */
#define MODERATORS ACCESS_ROLE(ROLE_HUMAS | ROLE_ADMIN)

/* What the public pages show, for the page cache. */
#define DIRECTORY (TOPIC_SITE | TOPIC_AGENCIES | TOPIC_PROGRAMS)
#define PROGRAMMES (TOPIC_SITE | TOPIC_AGENCIES | TOPIC_PROGRAMS | TOPIC_PEOPLE)
#define QUESTIONS (TOPIC_SITE | TOPIC_AGENCIES | TOPIC_PROGRAMS | TOPIC_PEOPLE | TOPIC_QUESTIONS)
/* The register of formal information requests: its rows, their departments. */
#define KIP_PAGES (TOPIC_SITE | TOPIC_AGENCIES | TOPIC_KIP)
#define KIP_REPORT (KIP_PAGES | TOPIC_QUESTIONS | TOPIC_PEOPLE)
/* The search shows the index (search topic) with names and filter choices
 * from the rest; everything public, so any change of public data counts. */
/* The report card shows its stored figures (the report topic, raised by
 * each run) with the departments' names. */
#define REPORT_PAGES (TOPIC_SITE | TOPIC_AGENCIES | TOPIC_REPORT)
#define SEARCH (TOPIC_SITE | TOPIC_AGENCIES | TOPIC_PROGRAMS | TOPIC_PEOPLE | TOPIC_QUESTIONS | TOPIC_SEARCH)

const struct route app_routes[] = {
	PUBLIC("/", "home", site_home, "home", QUESTIONS | TOPIC_LIVE),
	PUBLIC("/dinas", "agencies", agencies_index_page, "agencies", DIRECTORY),
	PUBLIC("/dinas/:slug", "agency", agencies_show_page, "agency", QUESTIONS),
	/* a department's official answers for feed readers (raw bytes, kept) */
	PUBLIC("/dinas/:slug/atom", "agency_atom", questions_agency_feed_atom, NULL, QUESTIONS),
	GET("/dinas/:slug/kelola", "agency_desk", agency_desk_page, "agency_desk", AGENCY_STAFF),
	GET("/dinas/:slug/program/baru", "program_new", programs_new_page, "program_form", AGENCY_OFFICER),
	POST("/dinas/:slug/program/baru", "program_create", programs_new_submit, "program_form", AGENCY_OFFICER, LIMIT_POST),
	GET("/dinas/:slug/program/:id/ubah", "program_edit", programs_edit_page, "program_form", AGENCY_OFFICER),
	POST("/dinas/:slug/program/:id/ubah", "program_update", programs_edit_submit, "program_form", AGENCY_OFFICER, LIMIT_POST),
	POST_UPLOAD("/dinas/:slug/program/:id/kabar", "program_report", programs_update_submit, "program", AGENCY_OFFICER, LIMIT_POST),
	POST_UPLOAD("/dinas/:slug/program/:id/berkas", "program_file", programs_file_submit, "program", AGENCY_OFFICER, LIMIT_POST),

	PUBLIC("/program", "programs", programs_index_page, "programs", PROGRAMMES),
	GET("/program/unduh", "programs_csv", programs_csv, NULL, EVERYONE),
	PUBLIC("/program/:id-slug", "program", programs_show_page, "program", PROGRAMMES),
	PUBLIC("/program/:id/atom", "program_atom", programs_feed_atom, NULL, PROGRAMMES),
	POST("/program/:id/ikuti", "program_follow", programs_follow_submit, "program", SIGNED_IN, LIMIT_POST),

	PUBLIC("/pertanyaan", "questions", questions_index_page, "questions", QUESTIONS),
	PUBLIC("/pertanyaan/atom", "questions_atom", questions_feed_atom, NULL, QUESTIONS),
	PUBLIC("/pertanyaan/:id-slug", "question", questions_show_page, "question", QUESTIONS),
	GET("/tanya", "ask", questions_ask_page, "ask", SIGNED_IN),
	POST_UPLOAD("/tanya", "ask_submit", questions_ask_submit, "ask", SIGNED_IN, LIMIT_POST),
	POST("/pertanyaan/:id/dukung", "question_vote", questions_vote_submit, "question", SIGNED_IN, LIMIT_POST),
	POST("/pertanyaan/:id/ikuti", "question_follow", questions_follow_submit, "question", SIGNED_IN, LIMIT_POST),
	POST("/pertanyaan/:id/nilai", "answer_rate", questions_rate_submit, "question", SIGNED_IN, LIMIT_POST),
	POST("/pertanyaan/:id/balas", "question_reply", questions_reply_submit, "question", SIGNED_IN, LIMIT_POST),
	POST("/pertanyaan/:id/tanggapan", "question_verdict", questions_verdict_submit, "question", SIGNED_IN, LIMIT_POST),
	POST("/pertanyaan/:id/buka", "question_reopen", questions_reopen_submit, "question", SIGNED_IN, LIMIT_POST),
	POST_UPLOAD("/dinas/:slug/pertanyaan/:id/jawab", "question_answer", questions_answer_submit, "question", AGENCY_OFFICER, LIMIT_POST),
	POST("/dinas/:slug/jawaban/:id/ubah", "answer_edit", questions_answer_edit_submit, "question", AGENCY_OFFICER, LIMIT_POST),
	POST("/dinas/:slug/pertanyaan/:id/teruskan", "question_forward", questions_forward_submit, "question", AGENCY_OFFICER, LIMIT_POST),
	POST("/pertanyaan/:id/laporkan", "question_flag", questions_flag_submit, "question", SIGNED_IN, LIMIT_POST),
	GET("/moderasi", "moderation", moderation_queue_page, "moderation", MODERATORS),
	POST("/moderasi/:id/setujui", "moderation_approve", moderation_approve_submit, "moderation", MODERATORS, LIMIT_POST),
	POST("/moderasi/:id/tolak", "moderation_reject", moderation_reject_submit, "moderation", MODERATORS, LIMIT_POST),
	POST("/moderasi/:id/arahkan", "moderation_route", moderation_route_submit, "moderation", MODERATORS, LIMIT_POST),
	POST("/moderasi/:id/sembunyikan", "moderation_hide", moderation_hide_submit, "moderation", MODERATORS, LIMIT_POST),
	POST("/moderasi/:id/tampilkan", "moderation_show", moderation_show_submit, "moderation", MODERATORS, LIMIT_POST),
	POST("/moderasi/jawaban/:id/sembunyikan", "moderation_hide_answer", moderation_hide_answer_submit, "moderation", MODERATORS, LIMIT_POST),
	POST("/moderasi/jawaban/:id/tampilkan", "moderation_show_answer", moderation_show_answer_submit, "moderation", MODERATORS, LIMIT_POST),
	GET("/moderasi/log", "moderation_log", moderation_log_view, "moderation_log", MODERATORS),
	GET("/moderasi/pengaturan", "moderation_settings", moderation_settings_page, "moderation_settings", MODERATORS),
	POST("/moderasi/pengaturan", "moderation_settings_submit", moderation_settings_submit, "moderation_settings", MODERATORS, LIMIT_POST),
	GET("/berhenti/:slug", "unsubscribe", questions_unsubscribe_page, "unsubscribe", EVERYONE),
	POST("/berhenti/:slug", "unsubscribe_submit", questions_unsubscribe_submit, "unsubscribe", EVERYONE, LIMIT_POST),

	PUBLIC("/cari", "search", search_page, "search", SEARCH),
	/* the verifiable public record (src/ledger/): pages built each time
	 * (a signed head changes no data version); proofs and heads are JSON */
	GET("/catatan", "ledger", ledger_index_page, "ledger_index", EVERYONE),
	GET("/catatan/entri", "ledger_entries", ledger_entries_json, NULL, EVERYONE),
	GET("/catatan/kepala", "ledger_heads", ledger_heads_json, NULL, EVERYONE),
	GET("/catatan/konsistensi", "ledger_consistency", ledger_consistency_json, NULL, EVERYONE),
	GET("/catatan/:id", "ledger_entry", ledger_entry_page, "ledger_entry", EVERYONE),
	GET("/catatan/:id/bukti", "ledger_inclusion", ledger_inclusion_json, NULL, EVERYONE),
	GET("/.well-known/terbuka-log-key", "ledger_key", ledger_key_json, NULL, EVERYONE),
	/* formal information requests (UU KIP): the public deadline calculator
	 * reads the region's rules (settings) and holidays (questions topic) */
	PUBLIC("/permohonan/tenggat", "kip_deadlines", kip_deadlines_page, "kip_deadlines",
	       TOPIC_SITE | TOPIC_QUESTIONS),
	PUBLIC("/permohonan", "kip_register", kip_register_page, "kip_register", KIP_PAGES),
	PUBLIC("/permohonan/maklumat", "kip_charter", kip_charter_page, "kip_charter", TOPIC_SITE),
	/* the annual service report (Pasal 12): figures from the requests, the
	 * calendar (questions topic) and the rules; the PPID's names (people) */
	PUBLIC("/laporan", "report", report_page, "report", REPORT_PAGES),
	PUBLIC("/laporan/unduh.csv", "report_csv", report_csv, NULL, REPORT_PAGES),
	PUBLIC("/laporan/cetak.pdf", "report_pdf", report_pdf, NULL, REPORT_PAGES),
	PUBLIC("/laporan/:slug", "report_agency", report_page, "report", REPORT_PAGES),
	PUBLIC("/laporan/:slug/unduh.csv", "report_agency_csv", report_csv, NULL, REPORT_PAGES),
	PUBLIC("/laporan/:slug/cetak.pdf", "report_agency_pdf", report_pdf, NULL, REPORT_PAGES),
	POST("/admin/laporan/hitung", "report_recount", report_recount_submit, "report", ADMIN, LIMIT_POST),
	PUBLIC("/permohonan/laporan", "kip_report", kip_report_page, "kip_report", KIP_REPORT),
	PUBLIC("/permohonan/laporan.csv", "kip_report_csv", kip_report_csv, NULL, KIP_REPORT),
	PUBLIC("/permohonan/laporan.pdf", "kip_report_pdf", kip_report_pdf, NULL, KIP_REPORT),
	GET("/permohonan/baru", "kip_new", kip_new_page, "kip_new", EVERYONE),
	POST_UPLOAD("/permohonan/baru", "kip_new_submit", kip_new_submit, "kip_new", EVERYONE, LIMIT_POST),
	/* the register for feed readers (before /permohonan/:no) */
	PUBLIC("/permohonan/atom", "kip_atom", kip_feed_atom, NULL, KIP_PAGES),
	/* with ?kode= the requester's receipt: marked private, never kept */
	PUBLIC("/permohonan/:no", "kip_request", kip_request_page, "kip_request", KIP_PAGES),
	/* the Daftar Informasi Publik for everyone (an item's page shows its
	 * documents' rows of the files table, programmes topic) */
	PUBLIC("/dip", "kip_dip", kip_dip_page, "dip_index", KIP_PAGES),
	GET("/dip/unduh", "kip_dip_csv", kip_dip_csv, NULL, EVERYONE),
	PUBLIC("/dip/:id", "kip_dip_item", kip_dip_item_page, "dip_item", KIP_PAGES | TOPIC_PROGRAMS),
	/* the PPID keeps it: which items are theirs is the handler's
	 * (dip_admin.c); these literal addresses come before /ppid/:no */
	GET("/ppid/dip", "kip_dip_desk", kip_dip_desk_page, "dip_desk", PPIDS),
	GET("/ppid/dip/baru", "kip_dip_new", kip_dip_new_page, "dip_form", PPIDS),
	POST("/ppid/dip/baru", "kip_dip_create", kip_dip_new_submit, "dip_form", PPIDS, LIMIT_POST),
	GET("/ppid/dip/:id", "kip_dip_edit", kip_dip_edit_page, "dip_form", PPIDS),
	POST("/ppid/dip/:id", "kip_dip_update", kip_dip_edit_submit, "dip_form", PPIDS, LIMIT_POST),
	POST("/ppid/dip/:id/hapus", "kip_dip_delete", kip_dip_delete_submit, "dip_form", PPIDS, LIMIT_POST),
	POST_UPLOAD("/ppid/dip/:id/berkas", "kip_dip_file", kip_dip_file_submit, "dip_form", PPIDS, LIMIT_POST),
	POST("/ppid/dip/:id/berkas/hapus", "kip_dip_file_remove", kip_dip_file_remove_submit, "dip_form", PPIDS,
	     LIMIT_POST),
	/* the PPID's desk: which cases a PPID sees is the handler's (desk.c) */
	GET("/ppid", "kip_desk", kip_desk_page, "kip_desk", PPIDS),
	/* the PPID writes its part of the annual report (before /ppid/:no) */
	GET("/ppid/laporan", "kip_report_edit", kip_report_edit_page, "kip_report_edit", PPIDS),
	POST("/ppid/laporan", "kip_report_save", kip_report_edit_submit, "kip_report_edit", PPIDS, LIMIT_POST),
	GET("/ppid/:no", "kip_case", kip_case_page, "kip_case", PPIDS),
	POST("/ppid/:no", "kip_case_step", kip_case_submit, "kip_case", PPIDS, LIMIT_POST),
	POST("/ppid/:no/keberatan", "kip_objection_answer", kip_objection_answer, "kip_case", PPIDS, LIMIT_POST),
	/* a request answered from the DIP (dip_answer.c) */
	POST("/ppid/:no/dip", "kip_case_dip", kip_dip_answer_submit, "kip_case", PPIDS, LIMIT_POST),
	/* opening the requester's identity is logged: a POST, never a GET */
	POST("/ppid/:no/identitas", "kip_case_identity", kip_case_reveal, "kip_case", PPIDS, LIMIT_POST),
	/* what is released with the notice, prepared while the case is open */
	POST_UPLOAD("/ppid/:no/dokumen", "kip_document_add", kip_document_add, "kip_case", PPIDS, LIMIT_POST),
	POST("/ppid/:no/dokumen/:doc/hitamkan", "kip_document_redact", kip_document_redact, "kip_case", PPIDS, LIMIT_POST),
	POST("/ppid/:no/dokumen/:doc/kembalikan", "kip_document_unredact", kip_document_unredact, "kip_case", PPIDS, LIMIT_POST),
	POST("/ppid/:no/dokumen/:doc/hapus", "kip_document_remove", kip_document_remove, "kip_case", PPIDS, LIMIT_POST),
	GET("/ppid/:no/dokumen/:doc/salinan", "kip_document_copy", kip_document_copy_page, NULL, PPIDS),
	/* the printed notice (addressed with ?kode=) and, for the requester
	 * with the code, the public copies of released text documents */
	GET("/permohonan/:no/pemberitahuan.pdf", "kip_notice_pdf", kip_notice_pdf_page, NULL, EVERYONE),
	GET("/permohonan/:no/dokumen/:doc/salinan.pdf", "kip_document_pdf", kip_document_pdf_page, NULL, EVERYONE),
	/* the requester's objection: the tracking code in the form decides */
	POST("/permohonan/:no/keberatan", "kip_objection", kip_objection_submit, "kip_request", EVERYONE, LIMIT_POST),
	GET("/cari/saran", "search_suggest", search_suggest, NULL, EVERYONE),
	/* share cards (PNG, 3 sizes) and short links (share/) */
	GET("/kartu/:kind/:nomor/:size", "share_card", share_card_page, NULL, EVERYONE),
	GET("/s/:slug", "share_short", share_short_page, NULL, EVERYONE),
	GET("/poster/:kind/:nomor", "share_poster", share_poster_page, NULL, EVERYONE),

	PUBLIC("/sesi", "live_sessions", live_index_page, "live_index", TOPIC_SITE | TOPIC_AGENCIES | TOPIC_LIVE),
	GET("/sesi/baru", "live_new", live_new_page, "live_form", MODERATORS),
	POST("/sesi/baru", "live_create", live_new_submit, "live_form", MODERATORS, LIMIT_POST),
	GET("/sesi/:id", "live_session", live_show_page, "live", EVERYONE),
	POST("/sesi/:id/tanya", "live_ask", live_ask_submit, "live", EVERYONE, LIMIT_LIVE),
	POST("/sesi/:id/dukung", "live_vote", live_vote_submit, "live", EVERYONE, LIMIT_LIVE),
	GET("/sesi/:id/layar", "live_screen", live_screen_page, "live_screen", EVERYONE),
	GET("/sesi/:id/overlay", "live_overlay", live_overlay_page, "live_overlay", EVERYONE),
	GET("/sesi/:id/aliran", "live_stream", live_stream, NULL, EVERYONE),
	GET("/sesi/:id/ubah", "live_edit", live_edit_page, "live_form", MODERATORS),
	POST("/sesi/:id/ubah", "live_update", live_edit_submit, "live_form", MODERATORS, LIMIT_POST),
	POST("/sesi/:id/status", "live_state", live_state_submit, "live_moderate", MODERATORS, LIMIT_POST),
	GET("/sesi/:id/moderasi", "live_moderate", live_moderate_page, "live_moderate", MODERATORS),
	POST("/sesi/:id/moderasi", "live_decide", live_moderate_submit, "live_moderate", MODERATORS, LIMIT_LIVE),

	/* live sessions for feed readers and calendars (the Atom feed answers raw
	 * bytes, which the page cache keeps like a page) */
	PUBLIC("/sesi/atom", "live_atom", live_feed_atom, NULL, TOPIC_SITE | TOPIC_AGENCIES | TOPIC_LIVE),
	GET("/sesi/:id/kalender.ics", "live_ics", live_feed_ics, NULL, EVERYONE),

	/* cards that other sites may frame (the only pages besides the overlay
	 * that allow it: response.allow_framing), and the oEmbed endpoint
	 * that hands them out for a page's URL (JSON only) */
	PUBLIC("/sematkan/pertanyaan/:id", "embed_question", questions_embed_page, "embed_question", QUESTIONS),
	PUBLIC("/sematkan/program/:id", "embed_program", programs_embed_page, "embed_program", PROGRAMMES),
	PUBLIC("/sematkan/sesi/:id", "embed_session", live_embed_page, "embed_session",
	       TOPIC_SITE | TOPIC_AGENCIES | TOPIC_LIVE),
	PUBLIC("/oembed", "oembed", site_oembed, NULL, QUESTIONS | TOPIC_LIVE),

	GET("/masuk", "login", login_page, "login", EVERYONE),
	POST("/masuk", "login_submit", login_submit, "login", EVERYONE, LIMIT_LOGIN),
	GET("/keluar", "logout", logout_page, "logout", EVERYONE),
	POST("/keluar", "logout_submit", logout_submit, "logout", EVERYONE, LIMIT_NONE),
	POST("/keluar/semua", "logout_all", logout_all_submit, "account", SIGNED_IN, LIMIT_POST),
	GET("/daftar", "register", register_page, "register", EVERYONE),
	POST("/daftar", "register_submit", register_submit, "register", EVERYONE, LIMIT_REGISTER),
	GET("/lupa-sandi", "forgot", forgot_page, "forgot", EVERYONE),
	POST("/lupa-sandi", "forgot_submit", forgot_submit, "forgot", EVERYONE, LIMIT_RESET),
	GET("/atur-sandi", "reset", reset_page, "reset", EVERYONE),
	POST("/atur-sandi", "reset_submit", reset_submit, "reset", EVERYONE, LIMIT_RESET),

	GET("/akun", "account", account_page, "account", SIGNED_IN),
	POST("/akun/nama", "account_name", account_name_submit, "account", SIGNED_IN, LIMIT_POST),
	POST("/akun/sandi", "account_password", account_password_submit, "account", SIGNED_IN, LIMIT_POST),
	POST("/akun/email", "account_email", account_email_submit, "account", SIGNED_IN, LIMIT_POST),
	GET("/akun/email/konfirmasi", "account_email_confirm", account_email_confirm_page, "confirm", EVERYONE),
	POST("/akun/email/konfirmasi", "account_email_confirm_submit", account_email_confirm_submit, "notice", EVERYONE, LIMIT_RESET),
	GET("/akun/verifikasi", "verify_email", verify_email_page, "confirm", EVERYONE),
	POST("/akun/verifikasi", "verify_email_submit", verify_email_submit, "notice", EVERYONE, LIMIT_RESET),
	POST("/akun/verifikasi/kirim-ulang", "verify_resend", verify_resend_submit, "account", SIGNED_IN, LIMIT_POST),
	GET("/akun/data", "account_data", account_data_download, NULL, SIGNED_IN),
	GET("/akun/hapus", "account_delete", account_delete_page, "account_delete", SIGNED_IN),
	POST("/akun/hapus", "account_delete_submit", account_delete_submit, "account_delete", SIGNED_IN, LIMIT_POST),

	GET("/admin/pengguna", "admin_users", admin_users_page, "admin_users", ADMIN),
	GET("/admin/pengguna/:id", "admin_user", admin_user_page, "admin_user", ADMIN),
	POST("/admin/pengguna/:id/peran", "admin_user_grant", admin_user_grant_submit, "admin_user", ADMIN, LIMIT_POST),
	POST("/admin/pengguna/:id/peran/hapus", "admin_user_revoke", admin_user_revoke_submit, "admin_user", ADMIN, LIMIT_POST),
	POST("/admin/pengguna/:id/status", "admin_user_status", admin_user_status_submit, "admin_user", ADMIN, LIMIT_POST),

	GET("/admin/dinas", "admin_agencies", agencies_admin_page, "admin_agencies", ADMIN),
	GET("/admin/dinas/baru", "admin_agency_new", agencies_new_page, "admin_agency", ADMIN),
	POST_UPLOAD("/admin/dinas/baru", "admin_agency_create", agencies_create_submit, "admin_agency", ADMIN, LIMIT_POST),
	GET("/admin/dinas/:slug/ubah", "admin_agency_edit", agencies_edit_page, "admin_agency", ADMIN),
	POST_UPLOAD("/admin/dinas/:slug/ubah", "admin_agency_update", agencies_update_submit, "admin_agency", ADMIN, LIMIT_POST),

	/* webhooks: addresses outside that hear of public events (":id" an
	 * endpoint; the delivery to send again is a form field) */
	GET("/admin/webhook", "admin_webhooks", webhooks_admin_page, "admin_webhooks", ADMIN),
	POST("/admin/webhook", "admin_webhook_create", webhooks_create_submit, "admin_webhooks", ADMIN, LIMIT_POST),
	GET("/admin/webhook/:id", "admin_webhook", webhooks_endpoint_page, "admin_webhook", ADMIN),
	POST("/admin/webhook/:id", "admin_webhook_update", webhooks_update_submit, "admin_webhook", ADMIN, LIMIT_POST),
	POST("/admin/webhook/:id/rahasia", "admin_webhook_rotate", webhooks_rotate_submit, "admin_webhook", ADMIN, LIMIT_POST),
	POST("/admin/webhook/:id/kirim-ulang", "admin_webhook_resend", webhooks_resend_submit, "admin_webhook", ADMIN, LIMIT_POST),
	POST("/admin/webhook/:id/hapus", "admin_webhook_delete", webhooks_delete_submit, "admin_webhook", ADMIN, LIMIT_POST),

	/* the holiday calendar the working-day clocks count on (":slug" is a
	 * date, 2027-03-10; the two literal addresses come first) */
	GET("/admin/libur", "admin_holidays", holidays_admin_page, "admin_holidays", ADMIN),
	POST("/admin/libur", "admin_holiday_add", holidays_add_submit, "admin_holidays", ADMIN, LIMIT_POST),
	POST("/admin/libur/konfirmasi", "admin_holidays_confirm", holidays_confirm_submit, "admin_holidays", ADMIN, LIMIT_POST),
	POST_UPLOAD("/admin/libur/impor", "admin_holidays_import", holidays_import_submit, "admin_holidays", ADMIN, LIMIT_POST),
	GET("/admin/libur/:slug", "admin_holiday", holiday_edit_page, "admin_holiday", ADMIN),
	POST("/admin/libur/:slug", "admin_holiday_update", holiday_update_submit, "admin_holiday", ADMIN, LIMIT_POST),
	POST("/admin/libur/:slug/hapus", "admin_holiday_delete", holiday_delete_submit, "admin_holiday", ADMIN, LIMIT_POST),

	/* the KIP service's settings: how days are counted, the fee schedule,
	 * how long a requester's identity is kept (kip/settings.h) */
	GET("/admin/permohonan", "admin_kip_settings", kip_settings_page, "admin_kip_settings", ADMIN),
	POST("/admin/permohonan", "admin_kip_settings_submit", kip_settings_submit, "admin_kip_settings", ADMIN, LIMIT_POST),

	GET("/berkas/:slug", "file", uploads_serve, NULL, EVERYONE),
	GET("/berkas/:slug/:size", "file_thumb", uploads_serve, NULL, EVERYONE),

	GET("/healthz", "healthz", site_healthz, NULL, EVERYONE),
	GET("/metrics", "metrics", site_metrics, NULL, EVERYONE),
	GET("/static/*", "static", site_static, NULL, EVERYONE),
};

const unsigned app_nroutes = sizeof(app_routes) / sizeof(app_routes[0]);
