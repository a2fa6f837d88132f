/* newskg actor network page: vis-network over the graph data embedded in #newskg-data.
   Everything is built with DOM calls and textContent, never innerHTML, so no article text can
   inject markup. When the layout has stabilised the page sets window.newskgReady = true,
   window.newskgCounts = {nodes, edges} and data-* attributes on #newskg-status (read by tests). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("newskg-data").textContent);
  var status = document.getElementById("newskg-status");
  var MAX_TIP = 4;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "style") e.setAttribute("style", attrs[k]);
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function signed(x) { return (x > 0 ? "+" : x < 0 ? "\u2212" : "") + Math.abs(x); }
  function list(items, render, max) {
    var ul = el("ul", {"class": "facts"});
    items.slice(0, max || items.length).forEach(function (it) { ul.appendChild(el("li", null, render(it))); });
    if (max && items.length > max) ul.appendChild(el("li", {"class": "kind", text: "+" + (items.length - max) + " more \u2014 click for all"}));
    return ul;
  }
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  function nodeFacts(n, max) {
    var parts = [
      el("h3", {text: n.label}),
      el("div", {"class": "kind", text: n.type + " \u00b7 " + plural(n.mentions, "mention") + " in " + plural(n.articles, "article") +
        (n.wikidata ? " \u00b7 Wikidata " + n.wikidata : "")}),
    ];
    if (n.posts.length) {
      parts.push(el("h4", {text: "Posts"}));
      parts.push(list(n.posts, function (p) {
        return [p.role + (p.org ? " \u2014 " + p.org : "") + " ", el("span", {"class": "src", text: p.source})];
      }, max));
    }
    if (n.quotes.length) {
      parts.push(el("h4", {text: "Quotes (" + n.quotes.length + ")"}));
      parts.push(list(n.quotes, function (q) {
        return [el("q", {text: q.text}), " ", el("span", {"class": "src", text: q.source})];
      }, max));
    }
    if (!n.posts.length && !n.quotes.length) parts.push(el("div", {"class": "note", text: "No posts or quotes."}));
    return parts;
  }
  function edgeFacts(e, max) {
    var a = byId[e.from], b = byId[e.to];
    var parts = [
      el("h3", {text: a.label + " \u2192 " + e.label + " \u2192 " + b.label}),
      el("div", {"class": "kind", text: e.relation + " \u00b7 asserted by " + plural(e.weight, "article") + " \u00b7 " +
        e.tone + " (Goldstein " + signed(e.goldstein) + ")" + (e.cameo ? " \u00b7 CAMEO " + e.cameo : "")}),
    ];
    if (e.evidence.length) {
      parts.push(el("h4", {text: "Evidence"}));
      parts.push(list(e.evidence, function (s) {
        return [s.sentence + " ", el("span", {"class": "src", text: s.source})];
      }, max));
    }
    return parts;
  }
  function tip(parts) { return el("div", {"class": "tip"}, parts); }

  // ------------------------------------------------------------------ legend
  var legend = document.getElementById("legend");
  legend.appendChild(el("h2", {text: "Actors"}));
  Object.keys(data.types).forEach(function (t) {
    legend.appendChild(el("div", {"class": "legend-row"}, [el("span", {"class": "dot", style: "background:" + data.types[t]}), t]));
  });
  legend.appendChild(el("div", {"class": "note", text: "Size: how often the articles mention the actor."}));
  legend.appendChild(el("h2", {text: "Relations"}));
  legend.appendChild(el("div", {"class": "scale", style: "background:linear-gradient(to right," + data.scale.join(",") + ")"}));
  legend.appendChild(el("div", {"class": "scale-labels"}, [el("span", {text: "hostile \u221210"}), el("span", {text: "0"}), el("span", {text: "+10 cooperative"})]));
  data.relations.forEach(function (r) {
    legend.appendChild(el("div", {"class": "legend-row"}, [el("span", {"class": "line", style: "background:" + r.color}), r.name,
      el("span", {"class": "score", text: signed(r.goldstein)})]));
  });
  legend.appendChild(el("div", {"class": "note", text: "Colour: Goldstein-like score of the relation type (CAMEO). Width: how many articles assert it. Negated and hypothetical relations are left out."}));

  var container = document.getElementById("network");
  var summary = document.getElementById("summary");
  summary.textContent = plural(data.nodes.length, "actor") + ", " + plural(data.edges.length, "relation") +
    (data.filters ? " \u00b7 " + data.filters : "");
  var names = document.getElementById("names");
  data.nodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label); })
    .forEach(function (n) { names.appendChild(el("option", {value: n.label})); });

  // ------------------------------------------------------------------ network
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {
      id: n.id, label: n.label, value: n.mentions, title: tip(nodeFacts(n, MAX_TIP)), shape: "dot",
      color: {background: n.color, border: n.border, highlight: {background: n.color, border: "#000"},
              hover: {background: n.color, border: "#000"}},
      borderWidth: 1.5, font: {size: 17, color: "#111", strokeWidth: 4, strokeColor: "#ffffff"}
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return {
      id: e.id, from: e.from, to: e.to, label: e.relation, title: tip(edgeFacts(e, MAX_TIP)), width: e.width,
      color: {color: e.color, highlight: e.color, hover: e.color, opacity: 0.95}, arrows: {to: {enabled: true, scaleFactor: 0.7}},
      smooth: e.roundness ? {enabled: true, type: "curvedCW", roundness: e.roundness} : {enabled: false},
      font: {size: 12, color: "#333", strokeWidth: 3, strokeColor: "#ffffff", align: "middle"}
    };
  }));
  var ready = false;
  function markReady() {
    if (ready) return;
    ready = true;
    window.newskgCounts = {nodes: nodes.length, edges: edges.length};
    status.setAttribute("data-nodes", String(nodes.length));
    status.setAttribute("data-edges", String(edges.length));
    status.setAttribute("data-labels", JSON.stringify(nodes.get().map(function (n) { return n.label; }).sort()));
    status.setAttribute("data-ready", "true");
    window.newskgReady = true;
  }
  if (!data.nodes.length) {
    container.appendChild(el("div", {"class": "empty", text: "The network is empty."}));
    markReady();
    return;
  }
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, {
    autoResize: true,
    nodes: {scaling: {min: 10, max: 42, label: {enabled: false}}},
    edges: {selectionWidth: 1.5, hoverWidth: 0.5},
    interaction: {hover: true, tooltipDelay: 120, navigationButtons: false, keyboard: false, multiselect: false},
    physics: {
      solver: "forceAtlas2Based",
      forceAtlas2Based: {gravitationalConstant: -120, centralGravity: 0.012, springLength: 150, springConstant: 0.06, avoidOverlap: 0.6},
      stabilization: {enabled: true, iterations: 800, updateInterval: 50, fit: true}
    },
    layout: {randomSeed: 7, improvedLayout: data.nodes.length <= 150}
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: false});
    network.fit({animation: false});
    markReady();
  });

  // ------------------------------------------------------------------ focus, search, info
  var info = document.getElementById("info");
  var infoHint = info.firstElementChild;
  function showInfo(parts) {
    while (info.firstChild) info.removeChild(info.firstChild);
    parts.forEach(function (p) { info.appendChild(p); });
  }
  function showAll() {
    nodes.update(nodes.getIds().map(function (id) { return {id: id, hidden: false}; }));
    edges.update(edges.getIds().map(function (id) { return {id: id, hidden: false}; }));
    network.unselectAll();
    if (infoHint) showInfo([infoHint]);
    network.fit({animation: {duration: 300}});
  }
  function focusOn(id) {
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    nodes.update(nodes.getIds().map(function (n) { return {id: n, hidden: !keep[n]}; }));
    edges.update(edges.get().map(function (e) { return {id: e.id, hidden: !(keep[e.from] && keep[e.to])}; }));
    network.selectNodes([id]);
    showInfo(nodeFacts(byId[id]));
    network.fit({nodes: Object.keys(keep), animation: {duration: 300}});
  }
  network.on("click", function (params) {
    if (params.nodes.length) focusOn(params.nodes[0]);
    else if (params.edges.length) {
      var e = data.edges.filter(function (x) { return x.id === params.edges[0]; })[0];
      if (e) showInfo(edgeFacts(e));
    } else showAll();
  });
  document.getElementById("reset").addEventListener("click", showAll);
  var search = document.getElementById("search");
  function find(text) {
    var t = text.trim().toLowerCase();
    if (!t) return null;
    var exact = data.nodes.filter(function (n) { return n.label.toLowerCase() === t; });
    if (exact.length) return exact[0];
    var part = data.nodes.filter(function (n) { return n.label.toLowerCase().indexOf(t) >= 0; });
    return part.length ? part[0] : null;
  }
  function runSearch() {
    var n = find(search.value);
    search.classList.toggle("nomatch", !n && search.value.trim() !== "");
    if (n) focusOn(n.id);
  }
  search.addEventListener("change", runSearch);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") runSearch(); });
  document.getElementById("edge-labels").addEventListener("change", function (ev) {
    var on = ev.target.checked;
    edges.update(data.edges.map(function (e) { return {id: e.id, label: on ? e.relation : " "}; }));
  });
  window.newskgNetwork = network;
})();
