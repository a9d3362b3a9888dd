// erslint dashboard: renders the matrix a page at a time from the page's
// data, filters and sorts it, and shows an organisation's details when its
// link is followed. Values are only ever set as text (textContent), never as
// markup. No request leaves the page; no inline handler is used (the page's
// Content-Security-Policy allows this script by its hash only).
(function () {
  "use strict";
  function read(id) { return JSON.parse(document.getElementById(id).textContent); }
  var meta = read("data-meta");
  var rows = read("data-rows");
  var details = null; // unpacked after the first view (detailsReady)
  // The details come gzipped in base64 (the page's largest part): unpacked
  // by the browser, off the path of the first view.
  function unpackDetails() {
    var bin = atob(document.getElementById("data-details").textContent);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(function (s) { details = JSON.parse(s); });
  }
  var detailsReady = null;
  var verdictRank = { "blocked": 3, "at-risk": 2, "ready": 1 };
  var verdictTitle = { "blocked": "Blocked", "at-risk": "At risk", "ready": "Ready" };
  var verdictMark = { "blocked": "\u2716 ", "at-risk": "\u25B2 ", "ready": "\u2714 " };
  var sevName = { 3: "error", 2: "warning", 1: "info", 0: "met" };
  var sevMark = { "error": "\u2716", "warning": "\u25B2", "info": "\u2139", "met": "\u2714" };
  var byId = {};
  rows.forEach(function (r, i) {
    r.index = i;
    r.text = (r.name + " " + r.org + " " + r.file).toLowerCase();
    r.areas = {};
    meta.areas.forEach(function (a, j) { if (r.cells[j][0] > 0) { r.areas[a] = true; } });
    byId[r.id] = r;
  });

  // el builds an element: attributes as given (never from a manifest value
  // except class names and ids the page chose), children as text or nodes.
  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) { continue; }
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return e;
  }
  function sev(name, words) {
    return el("span", { "class": "sev sev-" + name }, el("span", { "aria-hidden": "true" }, sevMark[name] + " "), words);
  }
  function verdict(v) {
    return el("span", { "class": "verdict-" + v }, el("span", { "aria-hidden": "true" }, verdictMark[v]), verdictTitle[v]);
  }

  var table = document.getElementById("matrix");
  var tbody = table.tBodies[0];
  var form = document.getElementById("filters");
  var shown = document.getElementById("shown");
  var pageLabel = document.getElementById("page");
  var prev = document.getElementById("prev"), next = document.getElementById("next"), all = document.getElementById("all");
  var state = { list: rows.slice(), page: 0, all: false, sortCol: -1, ascending: true, sortWords: "" };

  function row(r) {
    var tr = el("tr", { "data-stage": r.stage, "data-verdict": r.verdict, "data-id": r.id });
    var th = el("th", { "scope": "row" }, el("a", { "href": "#" + r.id }, r.name));
    if (r.org) { th.appendChild(el("br")); th.appendChild(el("span", { "class": "muted" }, r.org)); }
    tr.appendChild(th);
    tr.appendChild(el("td", null, r.type));
    tr.appendChild(el("td", { "data-v": String(r.stageN) }, r.stage));
    tr.appendChild(el("td", { "data-v": String(verdictRank[r.verdict]) }, verdict(r.verdict)));
    tr.appendChild(el("td", null, r.next || "none"));
    r.cells.forEach(function (c) {
      var name = sevName[c[0]];
      tr.appendChild(el("td", { "data-v": String(c[0]) }, sev(name, c[0] ? name + " (" + c[1] + ")" : "met")));
    });
    return tr;
  }

  function render() {
    var size = state.all ? state.list.length : meta.pageSize;
    var pages = Math.max(1, Math.ceil(state.list.length / meta.pageSize));
    if (state.page >= pages) { state.page = pages - 1; }
    var start = state.all ? 0 : state.page * meta.pageSize;
    var end = Math.min(state.list.length, start + size);
    var frag = document.createDocumentFragment();
    for (var i = start; i < end; i++) { frag.appendChild(row(state.list[i])); }
    tbody.textContent = "";
    tbody.appendChild(frag);
    var words = state.list.length + " of " + rows.length + " organisations match";
    if (state.list.length > 0 && (end - start) < state.list.length) { words += "; showing " + (start + 1) + " to " + end; }
    if (state.sortWords) { words += "; sorted by " + state.sortWords; }
    shown.textContent = words;
    pageLabel.textContent = state.all || pages === 1 ? "All on one page" : "Page " + (state.page + 1) + " of " + pages;
    prev.disabled = state.all || state.page === 0;
    next.disabled = state.all || state.page >= pages - 1;
    all.disabled = state.all || pages === 1;
  }

  function value(name) { return form.elements[name].value; }

  function sortKey(r, col) {
    switch (col) {
      case 0: return r.name.toLowerCase();
      case 1: return r.type.toLowerCase();
      case 2: return r.stageN;
      case 3: return verdictRank[r.verdict];
      case 4: return r.next || "9999";
      default: return r.cells[col - 5][0] * 100000 + r.cells[col - 5][1];
    }
  }

  function sort() {
    if (state.sortCol < 0) { return; }
    var col = state.sortCol, dir = state.ascending ? 1 : -1;
    var keyed = state.list.map(function (r) { return { r: r, k: sortKey(r, col) }; });
    keyed.sort(function (a, b) { return (a.k < b.k ? -1 : a.k > b.k ? 1 : a.r.index - b.r.index) * (a.k === b.k ? 1 : dir); });
    state.list = keyed.map(function (x) { return x.r; });
  }

  function apply() {
    var stage = value("stage"), type = value("type"), v = value("verdict"), area = value("area");
    var q = value("q").trim().toLowerCase();
    state.list = rows.filter(function (r) {
      return (!stage || r.stage === stage) && (!type || r.type === type) && (!v || r.verdict === v) &&
        (!area || r.areas[area] === true) && (!q || r.text.indexOf(q) >= 0);
    });
    sort();
    state.page = 0;
    render();
    commissioners();
  }

  // The roll-up by commissioner of the organisations the filters let
  // through: each under every commissioner it counts under (row.coms).
  var comBody = document.getElementById("commissioner-table").tBodies[0];
  var comShown = document.getElementById("com-shown");
  function commissioners() {
    var coms = meta.commissioners.map(function (c) { return { c: c, n: 0, v: { "blocked": 0, "at-risk": 0, "ready": 0 }, rules: {}, lapse: "", lapsing: 0 }; });
    state.list.forEach(function (r) {
      (r.coms || []).forEach(function (i) {
        var k = coms[i];
        k.n++;
        k.v[r.verdict]++;
        (r.blk || []).forEach(function (id) { k.rules[id] = (k.rules[id] || 0) + 1; });
        if (r.lapse) {
          if (!k.lapse || r.lapse < k.lapse) { k.lapse = r.lapse; k.lapsing = 1; } else if (r.lapse === k.lapse) { k.lapsing++; }
        }
      });
    });
    var list = coms.filter(function (k) { return k.n > 0; });
    list.sort(function (a, b) { return b.v.blocked - a.v.blocked || b.v["at-risk"] - a.v["at-risk"] || (a.c.code < b.c.code ? -1 : 1); });
    var frag = document.createDocumentFragment();
    list.forEach(function (k) {
      var name = (k.c.name ? k.c.name + " (" + k.c.code + ")" : k.c.code) + (k.c.icb ? ", in " + k.c.icb : "");
      var rules = Object.keys(k.rules).sort(function (a, b) { return k.rules[b] - k.rules[a] || (a < b ? -1 : 1); });
      var words = rules.slice(0, 5).map(function (id) { return id + " (" + k.rules[id] + ")"; }).join(", ");
      if (rules.length > 5) { words += ", " + (rules.length - 5) + " more"; }
      frag.appendChild(el("tr", null, el("th", { "scope": "row" }, name),
        el("td", { "class": "num" }, String(k.n)), el("td", { "class": "num" }, String(k.v.blocked)),
        el("td", { "class": "num" }, String(k.v["at-risk"])), el("td", { "class": "num" }, String(k.v.ready)),
        el("td", null, words || "none"),
        el("td", null, k.lapse ? k.lapse + ": " + k.lapsing + (k.lapsing === 1 ? " organisation" : " organisations") : "none")));
    });
    comBody.textContent = "";
    comBody.appendChild(frag);
    comShown.textContent = list.length + " of " + meta.commissioners.length + " commissioners have organisations that match";
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  prev.addEventListener("click", function () { state.page--; render(); });
  next.addEventListener("click", function () { state.page++; render(); });
  all.addEventListener("click", function () { state.all = true; render(); });

  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (th, col) {
    var button = th.querySelector("button");
    button.addEventListener("click", function () {
      state.ascending = state.sortCol === col ? !state.ascending : true;
      state.sortCol = col;
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", state.ascending ? "ascending" : "descending");
      state.sortWords = button.textContent + (state.ascending ? ", ascending" : ", descending");
      sort();
      render();
    });
  });

  // An organisation's details, built from its data when it is opened.
  var panel = document.getElementById("org-detail");
  function findingsTable(cls, caption, list, withRemedy) {
    var t = el("table", { "class": cls }, el("caption", null, caption));
    var head = el("tr");
    ["Severity", "Rule", "Where", "Message"].concat(withRemedy ? ["Remedy"] : []).forEach(function (h) { head.appendChild(el("th", { "scope": "col" }, h)); });
    t.appendChild(el("thead", null, head));
    var body = el("tbody");
    list.forEach(function (f) {
      var rule = meta.rules[f.rule];
      var tr = el("tr", null, el("td", null, sev(f.sev, f.sev)),
        el("td", null, el("a", { "href": "#rule-" + f.rule.toLowerCase() }, f.rule)),
        el("td", { "class": "loc" }, f.where), el("td", null, f.msg));
      if (withRemedy) { tr.appendChild(el("td", { "class": "remedy" }, rule ? rule.remedy : "")); }
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }
  // build makes an organisation's details under a heading of the level given.
  function build(r, level, headingId) {
    var d = details[r.index];
    var sub = "h" + (level + 1);
    var out = document.createDocumentFragment();
    out.appendChild(el("h" + level, headingId ? { "id": headingId } : null, r.name + (r.org ? ", " + r.org : "") + " ", verdict(r.verdict)));
    out.appendChild(el("p", null, d.summary));
    if (d.findings.length === 0) {
      out.appendChild(el("p", null, "No open findings."));
    } else {
      out.appendChild(el(sub, null, "Open findings by area"));
      var order = meta.areas.slice();
      d.findings.forEach(function (f) { if (order.indexOf(f.area) < 0) { order.push(f.area); } });
      order.forEach(function (a) {
        var list = d.findings.filter(function (f) { return f.area === a; });
        if (list.length) { out.appendChild(findingsTable("findings", meta.areaTitles[a] || a, list, true)); }
      });
    }
    if (d.waived.length) {
      out.appendChild(el(sub, null, "Waived findings"));
      var t = el("table", { "class": "waived" });
      var head = el("tr");
      ["Rule", "Where", "Reason", "Approved by", "Expires"].forEach(function (h) { head.appendChild(el("th", { "scope": "col" }, h)); });
      t.appendChild(el("thead", null, head));
      var body = el("tbody");
      d.waived.forEach(function (w) {
        body.appendChild(el("tr", null, el("td", null, w.rule), el("td", { "class": "loc" }, w.where), el("td", null, w.reason),
          el("td", null, w.approvedBy), el("td", null, w.expires)));
      });
      t.appendChild(body);
      out.appendChild(t);
    }
    if (d.changes.length) {
      out.appendChild(el(sub, null, "Changes up to " + meta.until));
      var ul = el("ul");
      d.changes.forEach(function (c) {
        var inner = el("ul");
        c.appear.forEach(function (f) { inner.appendChild(el("li", null, "appears: ", sev(f.sev, f.sev), " " + f.rule + " " + f.msg)); });
        c.clear.forEach(function (f) { inner.appendChild(el("li", null, "clears: " + f.rule + " " + f.msg)); });
        ul.appendChild(el("li", null, c.date + ":", inner));
      });
      out.appendChild(ul);
    }
    if (d.rehearsal) {
      var h = d.rehearsal;
      out.appendChild(el(sub, null, "Go-live rehearsal, " + h.date));
      if (h.blocking.length === 0) {
        out.appendChild(el("p", null, "If you go live on " + h.date + " as planned, nothing at or above " + meta.failLevel + " blocks you."));
      } else {
        out.appendChild(el("p", null, "If you go live on " + h.date + " as planned, these " + h.blocking.length + " findings block you:"));
        out.appendChild(findingsTable("rehearsal", "Blocking on " + h.date + " at stage live", h.blocking, true));
      }
    }
    return out;
  }
  function show(id) {
    var r = byId[id];
    if (!r) { return false; }
    if (!details) {
      detailsReady.then(function () { show(id); });
      return true;
    }
    panel.textContent = "";
    panel.appendChild(build(r, 3, "org-detail-h"));
    panel.setAttribute("aria-labelledby", "org-detail-h");
    panel.focus();
    return true;
  }
  // Printing shows every row and, up to printDetails organisations, each
  // one's details (more would be a book: erslint forecast --format markdown).
  var printDetails = 500;
  var printed = document.getElementById("print-details");
  window.addEventListener("beforeprint", function () {
    state.all = true;
    render();
    if (details && printed.childNodes.length === 0 && rows.length <= printDetails) {
      rows.forEach(function (r) { printed.appendChild(el("section", { "class": "print-org" }, build(r, 3, null))); });
    }
  });
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id) { show(id); }
  }
  window.addEventListener("hashchange", openTarget);
  render();
  commissioners();
  // After DOMContentLoaded: the first view does not wait for the details.
  detailsReady = new Promise(function (resolve) { setTimeout(function () { unpackDetails().then(resolve); }, 0); });
  openTarget();
})();
