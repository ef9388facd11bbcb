/* ask.js - while a question's title is typed, questions already asked
 * that look like it are listed under the field, with links to their
 * answers. Without this script the same list comes on a confirm step
 * after the first submit; with it, having seen the list counts as that
 * step. No third-party code; only our own /cari/saran.json. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest]");
  var title = document.getElementById("judul");
  var box = document.getElementById("saran");
  if (!form || !title || !box || !window.fetch) return;
  var timer = null, last = "";

  function seen() {
    if (form.querySelector("input[name=periksa]")) return;
    var h = document.createElement("input");
    h.type = "hidden"; h.name = "periksa"; h.value = "1";
    form.appendChild(h);
  }

  function show(items) {
    box.textContent = "";
    if (!items.length) return;
    var p = document.createElement("p");
    p.className = "hint";
    p.textContent = box.getAttribute("data-lead") || "Pertanyaan serupa yang sudah ada:";
    var ul = document.createElement("ul");
    items.slice(0, 5).forEach(function (q) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = q.url; a.textContent = q.title;
      li.appendChild(a);
      if (q.answers) {
        var s = document.createElement("span");
        s.className = "meta-inline";
        s.textContent = " · " + q.answers + " jawaban";
        li.appendChild(s);
      }
      ul.appendChild(li);
    });
    box.appendChild(p);
    box.appendChild(ul);
    seen();
  }

  function ask() {
    var q = title.value.trim();
    if (q.length < 10 || q === last) return;
    last = q;
    fetch("/cari/saran.json?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        var items = Array.isArray(data) ? data : (data.questions || data.results || []);
        show(items);
      })
      .catch(function () { /* suggestions are a help, not a need */ });
  }

  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 350);
  });
})();
