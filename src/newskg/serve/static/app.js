// newskg query page: ready queries, an editor, results as a table. No external resources.
// URL options (query string or fragment): run=NAME loads and runs a ready query; query=TEXT runs a query;
// param.NAME=VALUE (or p.NAME=VALUE) fills a parameter. The row count lands in #row-count,
// the state in #status[data-state] (idle, running, done, error).
"use strict";

const $ = (id) => document.getElementById(id);
let READY = [];
let PREFIXES = {};

function compact(iri) {
  for (const [p, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && iri.length > ns.length) return p + ":" + iri.slice(ns.length);
  }
  return iri;
}

function setStatus(state, text) {
  const s = $("status");
  s.dataset.state = state;
  s.textContent = text;
  document.body.dataset.state = state;
}

function showParams(names, values) {
  const box = $("params");
  box.replaceChildren();
  for (const name of names) {
    const label = document.createElement("label");
    label.textContent = "?" + name;
    const input = document.createElement("input");
    input.name = name;
    input.dataset.param = name;
    input.placeholder = "value";
    input.value = (values && values[name]) || "";
    label.appendChild(input);
    box.appendChild(label);
  }
  box.hidden = names.length === 0;
}

function loadReady(name, values) {
  const q = READY.find((r) => r.name === name);
  if (!q) return false;
  $("query").value = q.query;
  showParams(q.params, values);
  for (const b of document.querySelectorAll("#ready button")) b.classList.toggle("active", b.dataset.name === name);
  return true;
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    td.className = "iri";
    td.textContent = compact(term.value);
    td.title = term.value;
  } else if (term.type === "bnode") {
    td.className = "bnode";
    td.textContent = "_:" + term.value;
  } else if (term.type === "triple") {
    td.textContent = "<< " + [term.value.subject, term.value.predicate, term.value.object]
      .map((t) => (t.type === "uri" ? compact(t.value) : t.value)).join(" ") + " >>";
  } else {
    td.textContent = term.value;
    if (term["xml:lang"] || term.datatype) {
      const dt = document.createElement("span");
      dt.className = "dt";
      dt.textContent = term["xml:lang"] ? " @" + term["xml:lang"] : " ^^" + compact(term.datatype);
      td.appendChild(dt);
    }
  }
  return td;
}

function renderTable(data) {
  const table = document.createElement("table");
  table.id = "result-table";
  const head = table.createTHead().insertRow();
  for (const v of data.head.vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const b of data.results.bindings) {
    const tr = body.insertRow();
    tr.className = "result-row";
    for (const v of data.head.vars) tr.appendChild(cell(b[v]));
  }
  return table;
}

async function run() {
  const query = $("query").value;
  const form = new URLSearchParams();
  form.append("query", query);
  for (const input of document.querySelectorAll("#params input")) {
    if (input.value !== "") form.append("param", input.dataset.param + "=" + input.value);
  }
  const out = $("results");
  out.replaceChildren();
  $("row-count").textContent = "";
  $("run").disabled = true;
  setStatus("running", "running…");
  const t0 = performance.now();
  try {
    const resp = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
      body: form,
    });
    const type = (resp.headers.get("Content-Type") || "").split(";")[0];
    const text = await resp.text();
    const ms = Math.round(performance.now() - t0);
    if (!resp.ok) {
      setStatus("error", "error " + resp.status + ": " + text.trim());
      return;
    }
    if (resp.headers.get("X-Newskg-Truncated") === "true") {
      const note = document.createElement("p");
      note.className = "truncated";
      note.id = "truncated";
      note.textContent = "Only the first " + resp.headers.get("X-Newskg-Result-Limit") +
        " results are shown: the server's result cap cut the rest off.";
      out.appendChild(note);
    }
    let count = 0;
    if (type === "application/sparql-results+json") {
      const data = JSON.parse(text);
      if ("boolean" in data) {
        const p = document.createElement("p");
        p.id = "boolean";
        p.textContent = data.boolean ? "yes (true)" : "no (false)";
        out.appendChild(p);
        count = 1;
      } else {
        out.appendChild(renderTable(data));
        count = data.results.bindings.length;
      }
    } else {
      const pre = document.createElement("pre");
      pre.className = "rdf";
      pre.textContent = text;
      out.appendChild(pre);
      count = Number(resp.headers.get("X-Newskg-Result-Count") || 0);
    }
    $("row-count").textContent = String(count);
    setStatus("done", count + (type === "application/sparql-results+json" ? " row(s)" : " triple(s)") + " in " + ms + " ms");
  } catch (err) {
    setStatus("error", "request failed: " + err);
  } finally {
    $("run").disabled = false;
  }
}

function urlOptions() {
  const opts = new URLSearchParams(location.search);
  const hash = new URLSearchParams(location.hash.replace(/^#/, ""));
  for (const [k, v] of hash) opts.append(k, v);
  const values = {};
  for (const [k, v] of opts) {
    const m = /^(?:param|p)\.(\w+)$/.exec(k);
    if (m) values[m[1]] = v;
  }
  return { run: opts.get("run"), query: opts.get("query"), values };
}

async function init() {
  $("query-form").addEventListener("submit", (e) => { e.preventDefault(); run(); });
  $("query").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });
  const list = $("ready");
  try {
    const resp = await fetch("/api/queries", { headers: { "Accept": "application/json" } });
    const data = await resp.json();
    READY = data.queries;
    PREFIXES = data.prefixes || {};
    list.replaceChildren();
    for (const q of READY) {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.dataset.name = q.name;
      b.textContent = q.name + (q.params.length ? " (" + q.params.map((p) => "?" + p).join(", ") + ")" : "");
      b.addEventListener("click", () => { loadReady(q.name); });
      const d = document.createElement("div");
      d.className = "desc";
      d.textContent = q.description;
      li.append(b, d);
      list.appendChild(li);
    }
  } catch (err) {
    list.replaceChildren();
    setStatus("error", "could not load the ready queries: " + err);
  }
  const opts = urlOptions();
  if (opts.run) {
    if (loadReady(opts.run, opts.values)) await run();
    else setStatus("error", "no ready query named " + opts.run);
  } else if (opts.query) {
    $("query").value = opts.query;
    showParams([], {});
    await run();
  }
  document.body.dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", init);
