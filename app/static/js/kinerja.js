// The back office's look and feel on every page (loaded by admin/kinerja_base.html; no inline
// code: the Content-Security-Policy runs none):
// - list tables become stacked cards on a phone: each cell carries its column's name;
// - bulk-action questions say how many records they touch (Flask-Admin's only ask "sure?").
(function () {
  "use strict";

  // Phones show a list row (Flask-Admin's lists, and tables marked "stack-table") as a card
  // whose cells read "Column: value" (kinerja.css). The column names come from the header, so
  // a column HR adds (a custom field) gets one too.
  function labelCells(table) {
    var heads = table.querySelectorAll("thead th");
    var names = Array.prototype.map.call(heads, function (th) {
      return (th.textContent || "").replace(/\s+/g, " ").trim();
    });
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (names[i] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", names[i]);
        }
      });
    });
    table.classList.add("stack-on-phone");
  }

  // Flask-Admin names its tick boxes only by a tooltip (title); screen readers want a label.
  function nameTickBoxes() {
    var boxes = document.querySelectorAll("input.action-checkbox, input.action-rowtoggle");
    Array.prototype.forEach.call(boxes, function (box) {
      if (!box.hasAttribute("aria-label") && box.title) {
        box.setAttribute("aria-label", box.title);
      }
    });
  }

  function ready() {
    Array.prototype.forEach.call(document.querySelectorAll("table.model-list, table.stack-table"), labelCells);
    nameTickBoxes();
    bindCountedActions();
  }

  // Flask-Admin's actions.js asks its own question; ours names the number of records first.
  // The question per action comes from the server (#actions-confirmation-data), and the
  // sentence about the count from #actions-count-data, translated there: "{count}" is the
  // number of ticked rows.
  function bindCountedActions() {
    var countData = document.getElementById("actions-count-data");
    if (!countData || !window.modelActions) { return; }
    var countText = JSON.parse(countData.textContent);
    var questions = JSON.parse(document.getElementById("actions-confirmation-data").textContent);
    var empty = JSON.parse(document.getElementById("message-data").textContent);
    window.modelActions.execute = function (name) {
      var ticked = document.querySelectorAll("input.action-checkbox:checked");
      if (ticked.length === 0) {
        window.alert(empty);
        return false;
      }
      var question = questions[name];
      if (question) {
        var sentence = countText.replace("{count}", String(ticked.length));
        if (!window.confirm(sentence + " " + question)) {
          return false;
        }
      }
      var form = document.getElementById("action_form");
      form.querySelector("#action").value = name;
      Array.prototype.forEach.call(form.querySelectorAll("input.action-checkbox"), function (el) {
        el.parentNode.removeChild(el);
      });
      Array.prototype.forEach.call(ticked, function (el) {
        var copy = el.cloneNode();
        copy.checked = true;
        form.appendChild(copy);
      });
      form.submit();
      return false;
    };
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
