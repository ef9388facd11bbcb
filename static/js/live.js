/* live.js - the views of a live session follow it as it happens, over
 * Server-Sent Events from data-stream. The browser's EventSource
 * reconnects by itself and sends Last-Event-ID, so nothing is missed; the
 * first connection starts after the events the page was built with
 * (data-last). Without this script the pages are plain forms with a
 * refresh link. Text is always set with textContent, never as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("sesi-langsung");
  if (!root || !window.EventSource) return;
  var view = root.getAttribute("data-view") || "participant";
  var url = root.getAttribute("data-stream");
  var last = root.getAttribute("data-last");
  if (last) url += "?terakhir=" + encodeURIComponent(last);
  var open = document.getElementById("daftar-pertanyaan");
  var done = document.getElementById("daftar-terjawab");
  var now = document.getElementById("sekarang");
  var csrf = document.querySelector("input[name=csrf]");
  var session = root.getAttribute("data-session");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function item(q) {
    var li = document.getElementById("p-" + q.id);
    if (!li) {
      li = el("li");
      li.id = "p-" + q.id;
      li.setAttribute("data-id", q.id);
    }
    li.textContent = "";
    li.appendChild(el("p", "live-body", q.body));
    var meta = el("p", "meta-inline", (q.name || "Peserta") + " · ");
    var votes = el("span", "votes", q.votes || 0);
    meta.appendChild(votes);
    meta.appendChild(document.createTextNode(" dukungan"));
    li.appendChild(meta);
    if (q.answered && q.answer) {
      var a = el("p", "live-answer");
      a.appendChild(el("strong", null, "Jawaban:"));
      a.appendChild(document.createTextNode(" " + q.answer));
      li.appendChild(a);
    }
    if (!q.answered && csrf && session) {
      var f = el("form", "inline-form");
      f.method = "post";
      f.action = "/sesi/" + session + "/dukung";
      var t = el("input"); t.type = "hidden"; t.name = "csrf"; t.value = csrf.value;
      var h = el("input"); h.type = "hidden"; h.name = "pertanyaan"; h.value = q.id;
      var b = el("button", "button-secondary", "Saya juga ingin tahu"); b.type = "submit";
      f.appendChild(t); f.appendChild(h); f.appendChild(b);
      li.appendChild(f);
    }
    return li;
  }

  function sortOpen() {
    if (!open) return;
    var items = Array.prototype.slice.call(open.children);
    items.sort(function (x, y) {
      var vx = +(x.querySelector(".votes") || {}).textContent || 0;
      var vy = +(y.querySelector(".votes") || {}).textContent || 0;
      return vy - vx || (+x.getAttribute("data-id")) - (+y.getAttribute("data-id"));
    });
    items.forEach(function (li) { open.appendChild(li); });
  }

  function remove(id) {
    var li = document.getElementById("p-" + id);
    if (li) li.parentNode.removeChild(li);
  }

  function showCurrent(q) {
    if (!now) return;
    now.textContent = "";
    if (!q || !q.id) {
      if (view !== "overlay") now.appendChild(el("p", "meta-inline", "Belum ada pertanyaan yang sedang dijawab."));
      return;
    }
    now.appendChild(el("p", "now-question", q.body));
    now.appendChild(el("p", view === "participant" ? "meta-inline" : view + "-name", q.name || "Peserta"));
  }

  var currentId = null;
  var handlers = {
    question: function (q) {
      if (!open) return;
      if (q.state === "tampil" && !q.answered) { open.appendChild(item(q)); sortOpen(); }
      else remove(q.id);
    },
    vote: function (v) {
      var li = document.getElementById("p-" + v.id);
      var span = li && li.querySelector(".votes");
      if (span) { span.textContent = v.votes; sortOpen(); }
    },
    current: function (q) { currentId = q.id || null; showCurrent(q); },
    answered: function (q) {
      remove(q.id);
      if (done) done.insertBefore(item(q), done.firstChild);
      if (currentId === q.id) { currentId = null; showCurrent(null); }
    },
    removed: function (q) {
      remove(q.id);
      if (currentId === q.id) { currentId = null; showCurrent(null); }
    },
    state: function (s) {
      var badge = document.getElementById("sesi-status");
      if (badge) badge.textContent = s.state === "berlangsung" ? "Sedang berlangsung" : s.state === "selesai" ? "Selesai" : "Terjadwal";
      if (s.state === "selesai" && view === "participant") window.location.reload();
    }
  };

  var notice = null;
  function moderatorChanged() {
    if (notice) return;
    notice = el("p", "flash");
    notice.setAttribute("role", "status");
    var a = el("a", null, "Ada perubahan — muat ulang halaman");
    a.href = window.location.pathname;
    notice.appendChild(a);
    root.insertBefore(notice, root.firstChild);
  }

  var source = new EventSource(url);
  Object.keys(handlers).concat(["waiting", "reload"]).forEach(function (kind) {
    source.addEventListener(kind, function (e) {
      if (kind === "reload") { window.location.reload(); return; }
      if (view === "moderator") { moderatorChanged(); return; }
      var data;
      try { data = JSON.parse(e.data); } catch (err) { return; }
      if (handlers[kind] && (view === "participant" || kind === "current" || kind === "answered" || kind === "removed"))
        handlers[kind](data);
    });
  });
})();
