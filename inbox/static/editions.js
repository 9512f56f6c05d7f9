/* Reaction letters: the edition planner (budget bar, keyboard and drag-and-drop ordering, adding
   by drag from the shortlist) and stance keys in the queue and the letter view.
   No inline script (the CSP forbids it); every action is an ordinary form the page also offers
   without script, posted here with fetch where a reload would lose the editor's place. */
(function () {
  "use strict";

  function typing(event) {
    var t = event.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  function csrf() {
    var input = document.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  function post(url, fields) {
    var body = new URLSearchParams();
    body.append("csrf_token", csrf());
    Object.keys(fields).forEach(function (k) {
      [].concat(fields[k]).forEach(function (v) { body.append(k, v); });
    });
    return fetch(url, {method: "POST", body: body, credentials: "same-origin",
                       headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json().then(function (data) { return {ok: r.ok, data: data}; }); });
  }

  /* ---- the planner ---- */
  var list = document.getElementById("edition-letters");
  var budget = document.getElementById("budget");

  function entries() { return list ? Array.prototype.slice.call(list.querySelectorAll(".plan-entry")) : []; }

  // The budget bar: the sum of the publication word counts of what is on the page now.
  function updateBudget() {
    if (!list || !budget) return;
    var words = 0;
    Array.prototype.forEach.call(list.querySelectorAll("[data-words]"), function (li) {
      words += parseInt(li.dataset.words, 10) || 0;
    });
    var limit = parseInt(budget.dataset.budget, 10);
    document.getElementById("budget-meter").value = words;
    document.getElementById("budget-words").textContent = words;
    document.getElementById("budget-left").textContent =
      words > limit ? (words - limit) + " over" : (limit - words) + " left";
    budget.classList.toggle("over", words > limit);
  }

  function renumber() {
    entries().forEach(function (li, i) {
      var pos = li.querySelector(".pos");
      if (pos) pos.textContent = i + 1;
    });
  }

  function saveOrder() {
    var ids = Array.prototype.map.call(list.querySelectorAll("[data-letter-id]"), function (li) {
      return li.dataset.letterId;
    });
    return post(list.dataset.orderUrl, {order: ids.join(",")});
  }

  if (list && list.dataset.draft) {
    // Back from a move: keep the moved letter focused, so the next Alt+arrow moves it again.
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.classList.contains("plan-entry")) target.focus();

    list.addEventListener("keydown", function (event) {
      var li = event.target.closest && event.target.closest(".plan-entry");
      if (!li || typing(event)) return;
      var all = entries(), i = all.indexOf(li), button = null;
      if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
        button = li.querySelector(event.key === "ArrowUp" ? ".move-up" : ".move-down");
        if (button && !button.disabled) button.form.requestSubmit(button);   // a reload: focus comes back by #entry-
      } else if (!event.altKey && !event.ctrlKey && !event.metaKey && (event.key === "j" || event.key === "k")) {
        var next = all[i + (event.key === "j" ? 1 : -1)];
        if (next) next.focus();
      } else {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
    });

    // Drag and drop: order within the page, or bring a letter in from the shortlist.
    var dragged = null;
    document.addEventListener("dragstart", function (event) {
      var item = event.target.closest && event.target.closest("[draggable=true][data-letter-id]");
      if (!item) return;
      dragged = item;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.dataset.letterId);
      item.classList.add("dragging");
    });
    document.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("dragging");
      dragged = null;
    });
    // The dragged letter goes before the first letter whose middle is below the pointer.
    function place(event) {
      var before = entries().filter(function (li) {
        if (li === dragged) return false;
        var box = li.getBoundingClientRect();
        return event.clientY < box.top + box.height / 2;
      })[0];
      if (before) list.insertBefore(dragged, before); else list.appendChild(dragged);
      renumber();
      updateBudget();
    }
    list.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      place(event);
    });
    list.addEventListener("drop", function (event) {
      if (!dragged) return;
      event.preventDefault();
      place(event);      // where it was let go, even if no dragover came after the last move
      var item = dragged, fromShortlist = !item.classList.contains("plan-entry");
      var done = fromShortlist
        ? post(list.dataset.addUrl, {letter: item.dataset.letterId}).then(function (r) {
            return r.ok ? saveOrder() : r;
          })
        : saveOrder();
      done.then(function (r) {
        if (!r.ok) window.alert(r.data.error || "The change was not saved.");
        window.location.reload();
      });
    });
  }

  /* ---- stance keys: f for, a against, m mixed, n none (the digits reject with a canned reason) ---- */
  var STANCE_KEYS = {"f": "for", "a": "against", "m": "mixed", "n": "none"};
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    var stance = STANCE_KEYS[event.key];
    if (!stance) return;
    var row = document.querySelector("#rows .row.current");
    var form = document.getElementById("stance-form");
    if (row) {
      post("/letters/" + row.dataset.id + "/stance", {stance: stance}).then(function (r) {
        if (!r.ok) { window.alert(r.data.error); return; }
        var badge = row.querySelector(".badge.stance");
        if (!badge) {
          badge = document.createElement("span");
          badge.className = "badge stance";
          row.querySelector(".row-head").appendChild(badge);
        }
        badge.textContent = r.data.stance === "none" ? "" : r.data.label;
        badge.hidden = r.data.stance === "none";
        var box = row.querySelector("input[type=checkbox]");   // the row's version moved on
        if (box) box.value = row.dataset.id + ":" + r.data.version;
      });
    } else if (form && !document.getElementById("rows")) {
      form.querySelector("select[name=stance]").value = stance;
      form.requestSubmit();
    } else {
      return;
    }
    event.preventDefault();
  });

})();
