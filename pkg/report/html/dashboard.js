// erslint dashboard: filter and sort the matrix, open an organisation's
// details when its link is followed, and everything before printing.
// No request leaves the page; no inline handler is used (the page's
// Content-Security-Policy allows this script by its hash only).
(function () {
  "use strict";
  var table = document.getElementById("matrix");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var data = rows.map(function (r) {
    return { row: r, stage: r.getAttribute("data-stage"), type: r.getAttribute("data-type"),
      verdict: r.getAttribute("data-verdict"), areas: " " + r.getAttribute("data-areas") + " ",
      text: r.getAttribute("data-text") };
  });
  var form = document.getElementById("filters");
  var shown = document.getElementById("shown");
  var total = rows.length;

  function value(name) { return form.elements[name].value; }

  function apply() {
    var stage = value("stage"), type = value("type"), verdict = value("verdict"), area = value("area");
    var q = value("q").trim().toLowerCase();
    var n = 0;
    for (var i = 0; i < data.length; i++) {
      var d = data[i];
      var show = (!stage || d.stage === stage) && (!type || d.type === type) &&
        (!verdict || d.verdict === verdict) && (!area || d.areas.indexOf(" " + area + " ") >= 0) &&
        (!q || d.text.indexOf(q) >= 0);
      if (d.row.hidden === show) { d.row.hidden = !show; }
      if (show) { n++; }
    }
    shown.textContent = "Showing " + n + " of " + total + " organisations";
    document.body.setAttribute("data-filtered", String(n));
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });

  var headers = table.tHead.rows[0].cells;
  function key(row, col, numeric) {
    var cell = row.cells[col];
    var v = cell.getAttribute("data-v");
    if (v === null) { v = cell.textContent; }
    return numeric ? Number(v) : v.toLowerCase();
  }
  Array.prototype.forEach.call(headers, function (th, col) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var numeric = th.getAttribute("data-kind") === "num";
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var keyed = rows.map(function (r, i) { return { r: r, k: key(r, col, numeric), i: i }; });
      keyed.sort(function (a, b) {
        var c = a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i;
        return ascending ? c : -c;
      });
      var frag = document.createDocumentFragment();
      keyed.forEach(function (x) { frag.appendChild(x.r); });
      tbody.appendChild(frag);
      rows = keyed.map(function (x) { return x.r; });
      shown.textContent = shown.textContent.replace(/;.*$/, "") + "; sorted by " + button.textContent + (ascending ? ", ascending" : ", descending");
    });
  });

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.tagName === "DETAILS") { el.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
  apply();
})();
