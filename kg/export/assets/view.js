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

  /* Canvas labels are short (full text on hover); articles are small and unlabelled,
     so headlines do not cover the entities they mention. */
  var FACE = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var s = styles[n.type] || {color: "#b0b0b0", shape: "dot"};
    var small = n.type === "article";
    return {id: n.id, label: n.short !== undefined ? n.short : n.label, title: tip(n),
            shape: s.shape, value: small ? 1 : n.size, color: s.color,
            /* Label inside the shape (ellipse, box): white on colour, no halo. */
            font: (s.shape === "ellipse" || s.shape === "box")
              ? {size: 13, face: FACE, color: "#ffffff", strokeWidth: 0}
              : {size: 13, face: FACE, strokeWidth: 3, strokeColor: "#ffffff"},
            kgType: n.type, kgDate: n.date || "", kgEnd: n.end_date || n.date || ""};
  }));
  /* "mentions" (article -> everything it names) is most of the edges: drawn faint. */
  function isMention(label) { return label === "mentions"; }
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    var faint = isMention(e.label);
    return {id: i, from: e.from, to: e.to,
            title: e.label + (e.weight > 1 ? " ×" + e.weight : "") +
                   (e.places ? " @ " + e.places : ""),
            width: faint ? 0.5 : Math.min(1 + Math.log(e.weight), 6),
            arrows: {to: {enabled: true, scaleFactor: faint ? 0.3 : 0.6}},
            kgMention: faint,
            color: faint ? {color: "#e2e2e2", highlight: "#888888", hover: "#888888"}
                         : {color: "#a9a9a9", highlight: "#444444", hover: "#444444"}};
  }));
  var showMentions = document.getElementById("kg-mentions");

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
    if (e.kgMention && !showMentions.checked) return false;
    return nodeView.get(e.from) !== null && nodeView.get(e.to) !== null; }});

  var big = data.nodes.length > 300;
  var network = new vis.Network(document.getElementById("kg-network"),
    {nodes: nodeView, edges: edgeView}, {
      layout: {randomSeed: 7, improvedLayout: !big},
      interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: big},
      physics: {solver: "barnesHut",
                barnesHut: {gravitationalConstant: -6000, springLength: 140, avoidOverlap: 0.4},
                stabilization: {enabled: true, iterations: big ? 400 : 250, updateInterval: 50}},
      edges: {smooth: false},
      /* Size and label size grow with the node's size (degree): hubs stay labelled when
         zoomed out, small nodes' labels appear on zooming in (as in Gephi). */
      nodes: {scaling: {min: 6, max: 34,
                        label: {enabled: true, min: 11, max: 30, maxVisible: 30, drawThreshold: 6}}}
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

  /* Legend glyphs drawn as SVG like the canvas shapes (font glyphs for ◆▲⬮ vary). */
  function glyph(shape, color) {
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 14 14"); svg.setAttribute("width", "14");
    svg.setAttribute("height", "14"); svg.setAttribute("class", "glyph");
    var el, pts = {diamond: "7,0.5 13.5,7 7,13.5 0.5,7", triangle: "7,1 13.5,13 0.5,13",
                   triangleDown: "0.5,1 13.5,1 7,13", star: "7,0.5 8.8,5 13.5,5.2 9.8,8.2 11,13 7,10.3 3,13 4.2,8.2 0.5,5.2 5.2,5",
                   hexagon: "3.5,1 10.5,1 13.5,7 10.5,13 3.5,13 0.5,7"};
    if (pts[shape]) {
      el = document.createElementNS(NS, "polygon"); el.setAttribute("points", pts[shape]);
    } else if (shape === "square" || shape === "box") {
      el = document.createElementNS(NS, "rect");
      el.setAttribute("x", "1.5"); el.setAttribute("width", "11");
      el.setAttribute("y", shape === "box" ? "3.5" : "1.5");
      el.setAttribute("height", shape === "box" ? "7" : "11");
    } else {
      el = document.createElementNS(NS, "ellipse");
      el.setAttribute("cx", "7"); el.setAttribute("cy", "7");
      el.setAttribute("rx", shape === "ellipse" ? "6.5" : "5.5");
      el.setAttribute("ry", shape === "ellipse" ? "4" : "5.5");
    }
    el.setAttribute("fill", color);
    svg.appendChild(el);
    return svg;
  }

  /* Legend doubling as the type filter. */
  var legend = document.getElementById("kg-legend");
  data.styles.forEach(function (s) {
    var l = document.createElement("label");
    var cb = document.createElement("input");
    cb.type = "checkbox"; cb.checked = true; cb.value = s.type;
    cb.addEventListener("change", function () { shownTypes[s.type] = cb.checked; refresh(); });
    l.appendChild(cb); l.appendChild(glyph(s.shape, s.color)); l.appendChild(document.createTextNode(s.legend));
    legend.appendChild(l);
  });
  showMentions.addEventListener("change", refresh);
  from.addEventListener("change", refresh);
  to.addEventListener("change", refresh);
  document.getElementById("kg-reset").addEventListener("click", function () {
    from.value = ""; to.value = ""; showMentions.checked = true;
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
