/* Reaction letters: keyboard triage, bulk selection, undo, the live queue and presence.
   No inline script anywhere (the CSP forbids it); everything hangs off ids and data attributes. */
(function () {
  "use strict";

  var store = window.sessionStorage;
  var here = window.location.pathname + window.location.search;

  /* Keys are for the page unless the editor is typing; a checkbox or a button in a row is not typing. */
  function typing(event) {
    var t = event.target;
    if (!t) return false;
    if (t.isContentEditable || /^(TEXTAREA|SELECT)$/.test(t.tagName)) return true;
    return t.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset)$/.test(t.type);
  }

  /* ---- the keyboard help: a dialog that takes focus, keeps it, and gives it back ---- */
  var help = document.getElementById("help");
  var returnFocus = null;

  function toggleHelp(show) {
    if (!help) return;
    var open = show === undefined ? help.hidden : show;
    if (open === !help.hidden) return;
    help.hidden = !open;
    if (open) {
      returnFocus = document.activeElement;
      help.querySelector("button").focus();
    } else if (returnFocus && returnFocus.focus) {
      returnFocus.focus();
    }
  }

  if (help) {
    help.addEventListener("keydown", function (event) {
      if (event.key !== "Tab") return;
      var items = help.querySelectorAll("button, a[href], [tabindex='0']");
      var first = items[0], last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) { last.focus(); event.preventDefault(); }
      else if (!event.shiftKey && document.activeElement === last) { first.focus(); event.preventDefault(); }
    });
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest(".help-toggle");
    if (el) { event.preventDefault(); toggleHelp(); }
  });

  /* ---- the queue ---- */
  var rows = liveRows();
  var current = -1;

  /* The rows as they are now: the live queue adds and removes them. */
  function liveRows() { return Array.prototype.slice.call(document.querySelectorAll("#rows .row")); }

  function focusRow(i, quiet) {
    rows = liveRows();
    if (!rows.length) { current = -1; return; }
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r, j) { r.classList.toggle("current", j === current); });
    if (!quiet) rows[current].focus({preventScroll: true});
    rows[current].scrollIntoView({block: "nearest"});
  }

  /* Where the cursor goes after the page reloads: the row after the one decided on. */
  function rememberNextRow() {
    var next = rows[current + 1] || rows[current - 1];
    store.setItem("inbox.cursor", JSON.stringify({page: here, id: next ? next.dataset.id : null, index: current}));
  }

  function actOnCurrent(button) {
    if (current < 0 || !button) return;
    var scope = document.getElementById("scope");
    if (scope) scope.value = "";
    rows.forEach(function (r, j) {
      var box = r.querySelector("input[type=checkbox]");
      if (box) box.checked = j === current;
    });
    rememberNextRow();
    button.form.requestSubmit(button);
  }

  var selectAll = document.getElementById("select-all");
  var selectMatching = document.getElementById("select-matching");
  var matchingNote = document.getElementById("matching-note");

  function setMatching(on) {
    var scope = document.getElementById("scope");
    if (scope) scope.value = on ? "matching" : "";
    if (matchingNote) matchingNote.hidden = !on;
    if (selectMatching) selectMatching.hidden = on || !(selectAll && selectAll.checked);
  }

  if (selectAll) {
    selectAll.addEventListener("change", function () {
      liveRows().forEach(function (r) { r.querySelector("input[type=checkbox]").checked = selectAll.checked; });
      setMatching(false);
    });
  }
  if (selectMatching) selectMatching.addEventListener("click", function () { setMatching(true); });
  var list = document.getElementById("rows");
  if (list) {
    list.addEventListener("change", function (event) {
      if (event.target.type === "checkbox" && !event.target.checked) setMatching(false);
    });
    list.addEventListener("click", function (event) {
      var r = event.target.closest(".row");
      if (r && !event.target.closest("a, button, input")) focusRow(liveRows().indexOf(r));
    });
    /* Whatever in the row has focus (its checkbox, its link), the keys act on that row. */
    list.addEventListener("focusin", function (event) {
      var r = event.target.closest(".row");
      if (r) focusRow(liveRows().indexOf(r), true);
    });
  }

  if (rows.length) {
    var saved = null;
    try { saved = JSON.parse(store.getItem("inbox.cursor") || "null"); } catch (e) { saved = null; }
    store.removeItem("inbox.cursor");
    var scroll = store.getItem("inbox.scroll:" + here.split("#")[0]);
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    var place = function () {
      /* Back where the editor was: the scroll position kept on leaving (over the #row jump),
         then the cursor on the row after the last decision, or on the letter last read. */
      if (scroll !== null) window.scrollTo(0, parseInt(scroll, 10));
      if (saved && saved.page === here) {
        var byId = saved.id && document.getElementById("l" + saved.id);
        focusRow(byId ? rows.indexOf(byId) : saved.index);
      } else if (target && rows.indexOf(target) >= 0) {
        focusRow(rows.indexOf(target));
      }
    };
    if (document.readyState === "complete") place();
    else window.addEventListener("load", function () { window.setTimeout(place, 0); });
    window.addEventListener("pagehide", function () {
      store.setItem("inbox.scroll:" + here, String(window.scrollY));
    });
  }

  /* ---- the letter view ---- */
  function click(id) { var b = document.getElementById(id); if (b) { b.click(); return true; } return false; }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") { toggleHelp(false); return; }
    if (typing(event)) return;
    if (help && !help.hidden && event.key !== "?") return;
    var inQueue = liveRows().length > 0;
    var key = event.key;
    if (/^[1-9]$/.test(key)) {
      var reason = document.querySelector('[data-reason-key="' + key + '"]');
      if (!reason) return;
      if (inQueue) actOnCurrent(reason); else reason.click();
      event.preventDefault();
      return;
    }
    switch (key) {
      case "?": toggleHelp(); break;
      case "j": if (inQueue) focusRow(current + 1); else click("next-letter"); break;
      case "k": if (inQueue) focusRow(current - 1); else click("prev-letter"); break;
      case "x":
        if (inQueue && current >= 0) {
          var box = rows[current].querySelector("input[type=checkbox]");
          box.checked = !box.checked;
          if (!box.checked) setMatching(false);
        }
        break;
      case "Enter":
        if (!inQueue || current < 0 || event.target.closest("a, button")) return;
        window.location.href = rows[current].dataset.href;
        break;
      case "s": if (inQueue) actOnCurrent(document.getElementById("bulk-shortlist")); else click("do-shortlist"); break;
      case "r": if (inQueue) actOnCurrent(document.getElementById("bulk-reject")); else click("do-reject"); break;
      case "u": if (!click("undo")) return; break;
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

  /* ---- presence: who else has this letter open, and who is editing it ---- */
  var presence = document.getElementById("presence");
  var csrf = document.querySelector("input[name=csrf_token]");
  if (presence && window.fetch && csrf) {
    var editing = false;
    if (pub) {
      pub.addEventListener("input", function () { if (!editing) { editing = true; beat(); } });
    }
    var changed = document.getElementById("changed-since");
    var shownVersion = presence.dataset.version;
    var render = function (viewers) {
      presence.textContent = "";
      viewers.forEach(function (v) {
        var span = document.createElement("span");
        span.className = "viewer" + (v.editing ? " editing" : "");
        span.textContent = v.name + (v.editing ? " is editing the publication text" : " has this letter open");
        presence.appendChild(span);
      });
    };
    var beat = function () {
      var body = new FormData();
      body.append("editing", editing ? "1" : "0");
      fetch(presence.dataset.url, {method: "POST", body: body, credentials: "same-origin",
                                   headers: {"X-CSRFToken": csrf.value}})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          render(data.viewers);
          if (changed && String(data.version) !== shownVersion) {
            changed.textContent = "This letter has changed since you opened it" +
              (data.edited_by ? " (publication text last saved by " + data.edited_by + ")" : "") +
              ". Saving will show you both versions first; nothing of theirs is overwritten.";
            changed.hidden = false;
          }
        })
        .catch(function () { /* try again at the next beat */ });
    };
    beat();
    window.setInterval(beat, parseInt(presence.dataset.interval || "15000", 10));
    window.addEventListener("pagehide", function () {
      var body = new FormData();
      body.append("csrf_token", csrf.value);
      if (navigator.sendBeacon) navigator.sendBeacon(presence.dataset.leave, body);
    });
  }
  var useTheirs = document.getElementById("use-theirs");
  if (useTheirs && pub) {
    useTheirs.addEventListener("click", function () {
      pub.value = useTheirs.dataset.text;
      pub.dispatchEvent(new Event("input"));
      pub.focus();
    });
  }

  /* ---- the live queue: decided rows leave, new letters come in, counts stay true ---- */
  var live = document.getElementById("live");
  if (live && window.fetch) {
    var since = live.dataset.since;
    var banner = document.getElementById("new-letters");
    var addNew = function (newest) {
      /* The first page, newest first: fetch it again and put the letters not shown yet on top. */
      return fetch(here, {credentials: "same-origin"}).then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) return false;
          if (!list) { window.location.reload(); return true; }
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = Array.prototype.slice.call(doc.querySelectorAll("#rows .row")).filter(function (r) {
            return !document.getElementById(r.id);
          });
          fresh.reverse().forEach(function (r) {
            var node = document.importNode(r, true);
            node.classList.add("arrived");
            list.insertBefore(node, list.firstChild);
          });
          since = newest;
          var cur = document.querySelector("#rows .row.current");
          if (cur) current = liveRows().indexOf(cur);
          if (fresh.length) banner.querySelector("span").textContent += ", added at the top";
          return fresh.length > 0;
        });
    };
    var poll = function () {
      var ids = liveRows().map(function (r) { return r.dataset.id; }).join(",");
      var sep = live.dataset.url.indexOf("?") >= 0 ? "&" : "?";
      fetch(live.dataset.url + sep + "since=" + encodeURIComponent(since) + "&ids=" + ids, {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          Object.keys(data.counts).forEach(function (tab) {
            var el = document.querySelector('[data-tab-count="' + tab + '"]');
            if (el) el.textContent = data.counts[tab];
          });
          Object.keys(data.saved || {}).forEach(function (id) {
            var el = document.querySelector('[data-saved-count="' + id + '"]');
            if (el) el.textContent = data.saved[id].toLocaleString("en-GB");
          });
          (data.gone || []).forEach(function (id) {
            var row = document.getElementById("l" + id);
            if (!row) return;
            var wasCurrent = row.classList.contains("current");
            var index = liveRows().indexOf(row);
            row.remove();
            if (wasCurrent) focusRow(index, true);
          });
          if (data["new"] > 0) {
            banner.querySelector("span").textContent =
              data["new"] + (data["new"] === 1 ? " new letter" : " new letters");
            banner.hidden = false;
            if (live.dataset.firstPage && !document.querySelector("#rows input:checked")) addNew(data.newest_id);
          }
        })
        .catch(function () { /* offline for a moment: try again next time */ });
    };
    var interval = parseInt(live.dataset.interval || "12000", 10);
    window.setInterval(poll, interval);
  }
})();
