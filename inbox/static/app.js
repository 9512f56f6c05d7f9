/* Reaction letters: keyboard triage, bulk selection and the new-letter announcement.
   No inline script anywhere (the CSP forbids it); everything hangs off data attributes. */
(function () {
  "use strict";

  function typing(event) {
    var t = event.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  function toggleHelp(show) {
    var help = document.getElementById("help");
    if (!help) return;
    help.hidden = show === undefined ? !help.hidden : !show;
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest(".help-toggle");
    if (el) { event.preventDefault(); toggleHelp(); }
  });

  /* ---- the queue ---- */
  var rows = Array.prototype.slice.call(document.querySelectorAll("#rows .row"));
  var current = -1;

  function focusRow(i) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r, j) { r.classList.toggle("current", j === current); });
    rows[current].focus();
    rows[current].scrollIntoView({block: "nearest"});
  }

  function actOnCurrent(buttonId) {
    var button = document.getElementById(buttonId);
    if (current < 0 || !button) return;
    rows.forEach(function (r, j) {
      var box = r.querySelector("input[type=checkbox]");
      if (box) box.checked = j === current;
    });
    button.form.requestSubmit(button);
  }

  var selectAll = document.getElementById("select-all");
  if (selectAll) {
    selectAll.addEventListener("change", function () {
      rows.forEach(function (r) { r.querySelector("input[type=checkbox]").checked = selectAll.checked; });
    });
  }
  rows.forEach(function (r, j) {
    r.addEventListener("click", function (event) {
      if (event.target.closest("a, button, input")) return;
      focusRow(j);
    });
  });

  /* ---- the letter view ---- */
  function click(id) { var b = document.getElementById(id); if (b) b.click(); }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") { toggleHelp(false); return; }
    if (typing(event)) return;
    var inQueue = rows.length > 0;
    switch (event.key) {
      case "?": toggleHelp(); break;
      case "j": if (inQueue) focusRow(current + 1); break;
      case "k": if (inQueue) focusRow(current - 1); break;
      case "x":
        if (inQueue && current >= 0) {
          var box = rows[current].querySelector("input[type=checkbox]");
          box.checked = !box.checked;
        }
        break;
      case "Enter": if (inQueue && current >= 0) window.location.href = rows[current].dataset.href; break;
      case "s": if (inQueue) actOnCurrent("bulk-shortlist"); else click("do-shortlist"); break;
      case "r": if (inQueue) actOnCurrent("bulk-reject"); else click("do-reject"); break;
      case "/":
        var q = document.getElementById("q");
        if (q) q.focus();
        break;
      default: return;
    }
    event.preventDefault();
  });

  /* ---- word count for the publication text ---- */
  var pub = document.getElementById("pub-publication_text");
  var wc = document.getElementById("wordcount");
  if (pub && wc) {
    pub.addEventListener("input", function () {
      // The same count as inbox/text.py's word_count: each Han or kana character is one.
      var cjk = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]/g;
      var chars = (pub.value.match(cjk) || []).length;
      var words = chars + pub.value.replace(cjk, " ").split(/\s+/).filter(Boolean).length;
      var limit = parseInt(wc.dataset.limit, 10);
      wc.textContent = words + " / " + limit + (2 * chars > words ? " characters" : " words");
      wc.classList.toggle("over", words > limit);
    });
  }

  /* ---- new letters, announced without a reload ---- */
  var live = document.getElementById("live");
  if (live && window.fetch) {
    var since = live.dataset.since;
    var banner = document.getElementById("new-letters");
    var poll = function () {
      fetch(live.dataset.url + "?since=" + encodeURIComponent(since), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          Object.keys(data.counts).forEach(function (tab) {
            var el = document.querySelector('[data-tab-count="' + tab + '"]');
            if (el) el.textContent = data.counts[tab];
          });
          if (data["new"] > 0) {
            banner.querySelector("span").textContent =
              data["new"] + (data["new"] === 1 ? " new letter" : " new letters");
            banner.hidden = false;
          }
        })
        .catch(function () { /* offline for a moment: try again next time */ });
    };
    var interval = parseInt(live.dataset.interval || "12000", 10);
    window.setInterval(poll, interval);
  }
})();
