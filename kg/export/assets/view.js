/* The page logic of kg.html: build the vis-network view from the embedded JSON,
   with type and date filters, search, tooltips, and a status line for tests. */
(function () {
  "use strict";
  var status = document.getElementById("kg-status");
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var styles = {};
  data.styles.forEach(function (s) { styles[s.type] = s; });

  /* Tooltip as a DOM element filled with textContent: no HTML injection from data. */
  function tip(n) {
    var d = document.createElement("div");
    d.className = "kg-tip";
    function line(k, v, cls) {
      if (v === undefined || v === null || v === "" || (Array.isArray(v) && !v.length)) return;
      var p = document.createElement("div");
      if (cls) p.className = cls;
      if (k) { var b = document.createElement("b"); b.textContent = k + ": "; p.appendChild(b); }
      p.appendChild(document.createTextNode(Array.isArray(v) ? v.join("; ") : String(v)));
      d.appendChild(p);
    }
    var head = document.createElement("b");
    head.textContent = n.label;
    d.appendChild(head);
    line("type", n.type + (n.kind ? " / " + n.kind : ""));
    line("date", n.date ? n.date + (n.end_date && n.end_date !== n.date ? " – " + n.end_date : "") : "");
    line("places", n.places);
    line("roles", n.roles);
    line("level", n.level);
    line("code", n.divisionCode);
    line("status", n.status);
    line("", n.evidence, "ev");
    return d;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var s = styles[n.type] || {color: "#b0b0b0", shape: "dot"};
    return {id: n.id, label: n.label, title: tip(n), shape: s.shape, size: n.size,
            color: s.color, font: {size: 12}, kgType: n.type, kgDate: n.date || "",
            kgEnd: n.end_date || n.date || ""};
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return {id: i, from: e.from, to: e.to, title: e.label + (e.weight > 1 ? " ×" + e.weight : ""),
            width: Math.min(1 + Math.log(e.weight), 6), arrows: "to",
            color: {color: "#bbbbbb", highlight: "#555555"}};
  }));

  var shownTypes = {};
  data.styles.forEach(function (s) { shownTypes[s.type] = true; });
  var from = document.getElementById("kg-from"), to = document.getElementById("kg-to");
  function nodeVisible(n) {
    if (!shownTypes[n.kgType]) return false;
    if (n.kgDate) {  /* undated nodes are never hidden by the date range */
      if (from.value && n.kgEnd < from.value) return false;
      if (to.value && n.kgDate > to.value) return false;
    }
    return true;
  }
  var nodeView = new vis.DataView(nodes, {filter: nodeVisible});
  var edgeView = new vis.DataView(edges, {filter: function (e) {
    return nodeView.get(e.from) !== null && nodeView.get(e.to) !== null; }});

  var big = data.nodes.length > 300;
  var network = new vis.Network(document.getElementById("kg-network"),
    {nodes: nodeView, edges: edgeView}, {
      layout: {randomSeed: 7, improvedLayout: !big},
      interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: big},
      physics: {solver: "barnesHut",
                barnesHut: {gravitationalConstant: -4000, springLength: 120, avoidOverlap: 0.2},
                stabilization: {enabled: true, iterations: big ? 400 : 250, updateInterval: 50}},
      edges: {smooth: false}
    });

  function refresh() {
    nodeView.refresh(); edgeView.refresh();
    report();
  }
  function report() {
    var ext = 0;
    if (window.performance && performance.getEntriesByType) {
      performance.getEntriesByType("resource").forEach(function (r) {
        if (/^(https?|wss?):/i.test(r.name)) ext += 1; });
    }
    status.setAttribute("data-nodes", String(data.nodes.length));
    status.setAttribute("data-edges", String(data.edges.length));
    status.setAttribute("data-visible-nodes", String(nodeView.length));
    status.setAttribute("data-visible-edges", String(edgeView.length));
    status.setAttribute("data-external", String(ext));
    status.setAttribute("data-errors", String(window.kgErrors.length));
    status.textContent = nodeView.length + " / " + data.nodes.length + " nodes, " +
      edgeView.length + " / " + data.edges.length + " edges shown" +
      (window.kgErrors.length ? " — errors: " + window.kgErrors.join(" | ") : "");
  }

  /* Settle, then freeze: no jitter once the layout is done. */
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: false});
    status.setAttribute("data-stabilized", "true");
  });

  /* Legend doubling as the type filter. */
  var legend = document.getElementById("kg-legend");
  data.styles.forEach(function (s) {
    var l = document.createElement("label");
    var cb = document.createElement("input");
    cb.type = "checkbox"; cb.checked = true; cb.value = s.type;
    cb.addEventListener("change", function () { shownTypes[s.type] = cb.checked; refresh(); });
    var g = document.createElement("span");
    g.className = "glyph"; g.style.color = s.color; g.textContent = s.glyph;
    l.appendChild(cb); l.appendChild(g); l.appendChild(document.createTextNode(s.legend));
    legend.appendChild(l);
  });
  from.addEventListener("change", refresh);
  to.addEventListener("change", refresh);
  document.getElementById("kg-reset").addEventListener("click", function () {
    from.value = ""; to.value = "";
    legend.querySelectorAll("input").forEach(function (cb) { cb.checked = true; shownTypes[cb.value] = true; });
    refresh(); network.fit();
  });

  /* Search by name: pick from the list (or type a name) to select and zoom. */
  var names = document.getElementById("kg-names");
  var byLabel = {};
  data.nodes.slice().sort(function (a, b) { return a.label < b.label ? -1 : a.label > b.label ? 1 : 0; })
    .forEach(function (n) {
      if (byLabel[n.label] !== undefined) return;
      byLabel[n.label] = n.id;
      var o = document.createElement("option"); o.value = n.label; names.appendChild(o);
    });
  var search = document.getElementById("kg-search");
  search.addEventListener("change", function () {
    var q = search.value.trim(), id = byLabel[q];
    if (id === undefined) {
      var hit = data.nodes.filter(function (n) { return q && n.label.indexOf(q) >= 0; })[0];
      id = hit ? hit.id : undefined;
    }
    if (id !== undefined && nodeView.get(id) !== null) {
      network.selectNodes([id]);
      network.focus(id, {scale: 1.3, animation: false});
    }
  });

  if (data.hidden_nodes > 0) {
    var note = document.getElementById("kg-note");
    note.hidden = false;
    note.textContent = "显示连接最多的 " + data.nodes.length + " 个节点（共 " + data.total_nodes +
      " 个），" + data.hidden_nodes + " 个节点及其连线未显示。 Showing the " + data.nodes.length +
      " most connected of " + data.total_nodes + " nodes; " + data.hidden_nodes +
      " nodes and their edges are hidden (see kg.graphml for everything).";
  }
  report();
  status.setAttribute("data-ready", "true");
})();
