/* The page logic of kg.html: an offline explorer of the embedded graph.
   The overview (hubs at positions computed by the exporter) is drawn first with physics
   off; search, clicks and the date range then draw neighbourhoods from the embedded
   adjacency. Every node is searchable, whether drawn or not. */
(function () {
  "use strict";
  var T0 = performance.now();
  var status = document.getElementById("kg-status");
  var D = JSON.parse(document.getElementById("kg-data").textContent);
  status.setAttribute("data-parsed-ms", String(Math.round(performance.now())));
  var N = D.nodes, NN = N.length, E = D.edges, M = E.length / 3;
  var MAXN = D.max_nodes >= 0 ? Math.max(D.max_nodes, 1) : 1e9;
  var styles = {};
  D.styles.forEach(function (s) { styles[s.type] = s; });
  var FACE = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';

  /* ---- the embedded graph ------------------------------------------------------ */
  function type(i) { return D.types[N[i][0]]; }
  function label(i) { return N[i][1]; }
  function kind(i) { return D.kinds[N[i][2]]; }
  function date(i) { return N[i][3]; }
  function end(i) { return N[i][4] || N[i][3]; }
  function score(i) { return N[i][5] + N[i][6]; }
  function extra(i) { return D.extra[i] || {}; }
  function rel(e) { return D.rels[E[3 * e + 2]]; }
  function source(a) { var x = extra(a); return x.s !== undefined ? D.sources[x.s] : ""; }
  /* Adjacency as compressed rows: for node i, adj[off[i] .. off[i+1]) are edge ids. */
  var off = new Int32Array(NN + 1), adj = new Int32Array(2 * M);
  (function () {
    var e, i;
    for (e = 0; e < M; e++) { off[E[3 * e] + 1]++; off[E[3 * e + 1] + 1]++; }
    for (i = 0; i < NN; i++) off[i + 1] += off[i];
    var fill = off.slice(0, NN);
    for (e = 0; e < M; e++) { adj[fill[E[3 * e]]++] = e; adj[fill[E[3 * e + 1]]++] = e; }
  })();
  function other(e, i) { return E[3 * e] === i ? E[3 * e + 1] : E[3 * e]; }
  /* Each neighbour once: {j, e (first edge), rels}. */
  function neighbours(i) {
    var seen = {}, out = [];
    for (var k = off[i]; k < off[i + 1]; k++) {
      var e = adj[k], j = other(e, i);
      if (j === i) continue;
      if (seen[j] === undefined) { seen[j] = out.length; out.push({j: j, e: e, rels: [rel(e)]}); }
      else out[seen[j]].rels.push(rel(e));
    }
    return out;
  }
  var articleOf = {};  /* event -> its article (provenance) */
  for (var e0 = 0; e0 < M; e0++) {
    if (rel(e0) === "wasDerivedFrom") articleOf[E[3 * e0]] = E[3 * e0 + 1];
  }

  /* ---- date range: who and what was active ------------------------------------- */
  var from = document.getElementById("kg-from"), to = document.getElementById("kg-to");
  var active = null;  /* null: no range; else Uint8Array over nodes */
  function dated(i) { var t = type(i); return (t === "event" || t === "article") && !!date(i); }
  function inRange(i) {
    return !((from.value && end(i) < from.value) || (to.value && date(i).slice(0, 10) > to.value));
  }
  function computeActive() {
    if (!from.value && !to.value) { active = null; return; }
    active = new Uint8Array(NN);
    for (var i = 0; i < NN; i++) {
      if (!dated(i) || !inRange(i)) continue;
      active[i] = 1;
      /* Whoever and whatever an active event or article links to was active too. */
      for (var k = off[i]; k < off[i + 1]; k++) {
        var j = other(adj[k], i);
        if (!dated(j)) active[j] = 1;
      }
    }
    D.holdings.forEach(function (h) {  /* a post stated in the range */
      if (h[2] && (!from.value || h[2] >= from.value) && (!to.value || h[2] <= to.value)) {
        active[h[0]] = 1; active[h[1]] = 1;
      }
    });
  }
  function isActive(i) { return active === null || active[i] === 1; }

  /* ---- drawing ---------------------------------------------------------------- */
  var shownTypes = {};
  D.styles.forEach(function (s) { shownTypes[s.type] = true; });
  var showArticles = document.getElementById("kg-mentions");

  /* Hover text as a plain string (vis shows it as text, so nothing in the data can
     inject markup; a DOM element here would be deep-copied by vis, seconds per view). */
  function tip(i) {
    var lines = [label(i), type(i) + (kind(i) ? " / " + kind(i) : "") + (date(i) ? " · " + date(i) +
      (N[i][4] ? " – " + N[i][4] : "") : "")];
    if (N[i][5] || N[i][6]) lines.push(N[i][5] + " events · " + N[i][6] + " mentions");
    var ev = (extra(i).evidence || [])[0];
    if (ev) lines.push(ev.length > 120 ? ev.slice(0, 119) + "…" : ev);
    return lines.join("\n");
  }
  function shortLabel(i) {
    var t = type(i), s = label(i);
    if (t === "article") return "";
    if (t === "event" && date(i)) s = s.length > 10 ? s.slice(0, 9) + "…" : s;
    else if (s.length > 12) s = s.slice(0, 11) + "…";
    return s + (t === "event" && date(i) ? "\n" + date(i) : "");
  }
  /* Overview sizes grow with the log of events + mentions: the busiest hub has 100
     times the news of the 80th, but should not be 100 times as large. */
  var topScore = 1;
  D.overview.nodes.forEach(function (r) { topScore = Math.max(topScore, score(r[0])); });
  function visNode(i, big) {
    var s = styles[type(i)] || {color: "#b0b0b0", shape: "dot"};
    var inside = s.shape === "ellipse" || s.shape === "box";
    var w = big ? Math.log(score(i) + 1) / Math.log(topScore + 1) : Math.min(Math.sqrt(score(i) + 1) / 8, 1);
    return {id: i, label: shortLabel(i), title: tip(i), shape: s.shape, color: s.color,
            size: type(i) === "article" ? 7 : (big ? 8 + 14 * w : 10 + 14 * w),
            font: inside ? {size: 14, face: FACE, color: "#ffffff", strokeWidth: 0}
                         : {size: big ? Math.round(17 + 9 * w) : 14, face: FACE,
                            strokeWidth: 4, strokeColor: "#ffffff"}};
  }
  var EDGE_STYLE = {
    mentions: {color: "#dddddd", width: 0.6},
    hasPlace: {color: "#3bb273"}, impliedPlace: {color: "#3bb273", dashes: [6, 4]},
    containedInPlace: {color: "#3bb273", dashes: [2, 4]}, location: {color: "#3bb273", dashes: [2, 4]},
    holdsPost: {color: "#a05195"}, superEvent: {color: "#2e86ab", dashes: [6, 4]},
    wasDerivedFrom: {color: "#bbbbbb", dashes: [3, 3]}, author: {color: "#bbbbbb", dashes: [3, 3]}
  };
  var ROLE_STYLE = {color: "#555555"};
  var OVERVIEW_STYLE = [{color: "#e4572e"}, {color: "#3bb273", dashes: [6, 4]},
                        {color: "#3bb273", dashes: [2, 4]}, {color: "#f3a712", dashes: [2, 4]}];
  function edgeStyle(r) { return EDGE_STYLE[r] || ROLE_STYLE; }
  function visEdge(id, a, b, st, w, text, showText) {
    return {id: id, from: a, to: b, title: text, label: showText ? text : undefined,
            width: st.width || Math.min(1 + Math.log(w || 1), 5), dashes: st.dashes || false,
            color: {color: st.color, highlight: "#222222", hover: "#222222"},
            font: {size: 10, face: FACE, color: "#666666", strokeWidth: 2, align: "middle"},
            arrows: {to: {enabled: !!showText || (st === ROLE_STYLE && typeof id === "number"),
                          scaleFactor: 0.5}}};
  }

  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  var network = new vis.Network(document.getElementById("kg-network"),
    {nodes: nodes, edges: edges}, {
      autoResize: true,
      layout: {randomSeed: 7, improvedLayout: false},
      interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: true},
      physics: {enabled: false, solver: "barnesHut",
                barnesHut: {gravitationalConstant: -9000, centralGravity: 0.15, springLength: 190,
                            avoidOverlap: 0.5},
                stabilization: {enabled: false}},
      edges: {smooth: false},
      nodes: {borderWidth: 1}
    });
  var mode = "overview", focusNode = -1, home = null, firstDrawn = false;

  function hideTooltip() {
    /* vis keeps the last popup when its node leaves the view: take it down. */
    document.querySelectorAll("div.vis-tooltip").forEach(function (t) {
      t.style.visibility = "hidden"; });
  }
  function applyFilters() {
    /* Hidden nodes keep their positions (unlike removed ones): undoing a filter puts
       everything back where it was. */
    var upd = [];
    nodes.forEach(function (n) {
      var i = n.id, show = shownTypes[type(i)] !== false && isActive(i) &&
        (!dated(i) || active === null || inRange(i));
      if (!!n.hidden === show) upd.push({id: i, hidden: !show});
    });
    if (upd.length) nodes.update(upd);
    hideTooltip();
    report();
  }

  /* The overview's camera from its fixed positions and the canvas size alone (vis's
     fit also counts label boxes measured while drawing, which can differ by a pixel
     from one drawing to the next): Reset gives exactly the first picture. */
  function homeView() {
    var box = document.getElementById("kg-network"), xs = [], ys = [];
    D.overview.nodes.forEach(function (r) { xs.push(r[1]); ys.push(r[2]); });
    if (!xs.length) return {position: {x: 0, y: 0}, scale: 1};
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var margin = 90;  /* room for the outermost nodes' labels */
    var sc = Math.min(box.clientWidth / (x1 - x0 + 2 * margin), box.clientHeight / (y1 - y0 + 2 * margin), 1.2);
    return {position: {x: (x0 + x1) / 2, y: (y0 + y1) / 2}, scale: sc};
  }
  function drawOverview() {
    mode = "overview"; focusNode = -1;
    network.setOptions({physics: {enabled: false}});
    nodes.clear(); edges.clear();
    nodes.add(D.overview.nodes.map(function (r) {
      var n = visNode(r[0], true); n.x = r[1]; n.y = r[2]; n.fixed = false; return n; }));
    edges.add(D.overview.edges.map(function (r, k) {
      var st = OVERVIEW_STYLE[r[2]];
      return visEdge("o" + k, r[0], r[1], st, r[3],
                     D.overview_kinds[r[2]] + (r[3] > 1 ? " ×" + r[3] : ""), false);
    }));
    applyFilters();
  }

  /* The neighbourhood of i: for a person or place, its events (latest first, in the
     date range) with their participants and places; else its direct neighbours. */
  function neighbourhood(i, budget) {
    var pick = [i], seen = {}, t = type(i);
    seen[i] = 1;
    function add(j) { if (!seen[j] && pick.length < budget) { seen[j] = 1; pick.push(j); } }
    var nb = neighbours(i).filter(function (x) {
      var tj = type(x.j);
      if (tj === "article" && !showArticles.checked && t !== "organisation") return false;
      if (x.rels.length === 1 && x.rels[0] === "mentions" && !showArticles.checked &&
          t !== "article" && t !== "organisation") return false;
      return isActive(x.j) && (!dated(x.j) || active === null || inRange(x.j));
    });
    nb.sort(function (a, b) {  /* places, posts, parents first; then events, latest first */
      var ea = dated(a.j) ? 1 : 0, eb = dated(b.j) ? 1 : 0;
      if (ea !== eb) return ea - eb;
      if (ea) return date(a.j) < date(b.j) ? 1 : date(a.j) > date(b.j) ? -1 : a.j - b.j;
      return score(b.j) - score(a.j) || a.j - b.j;
    });
    var events = [];
    nb.forEach(function (x) { if (type(x.j) === "event") events.push(x.j); });
    var nEvents = Math.min(events.length, Math.max(8, Math.floor(budget / 4)));
    nb.forEach(function (x) {
      if (type(x.j) !== "event" || events.indexOf(x.j) < nEvents) add(x.j); });
    if (t === "person" || t === "place") {
      /* Co-participants and places of those events. */
      events.slice(0, nEvents).forEach(function (ev) {
        neighbours(ev).forEach(function (x) {
          var tj = type(x.j);
          if ((tj === "person" || tj === "place") && isActive(x.j)) add(x.j);
        });
      });
    }
    return {nodes: pick, events: events.length, shownEvents: nEvents, all: nb.length};
  }
  function edgesAmong(set) {
    var out = [], many = Object.keys(set).length > 120;
    Object.keys(set).forEach(function (k) {
      var i = +k;
      for (var q = off[i]; q < off[i + 1]; q++) {
        var e = adj[q];
        if (E[3 * e] !== i || !set[E[3 * e + 1]]) continue;
        var r = rel(e), st = edgeStyle(r), x = D.edge_extra[e];
        out.push(visEdge(e, E[3 * e], E[3 * e + 1], st, 1,
                         r + (x && x[0] ? " @ " + x[0] : ""), st === ROLE_STYLE && !many));
      }
    });
    return out;
  }
  function settle(fixedIds, iterations) {
    /* Bounded layout of what was added, then physics off again: no endless jitter. */
    fixedIds.forEach(function (id) { nodes.update({id: id, fixed: true}); });
    network.setOptions({physics: {enabled: true}});
    network.stabilize(iterations);
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      fixedIds.forEach(function (id) { if (nodes.get(id)) nodes.update({id: id, fixed: false}); });
      status.setAttribute("data-settled", "true");
    });
  }
  function focus(i) {
    mode = "focus"; focusNode = i;
    status.setAttribute("data-settled", "false");
    network.setOptions({physics: {enabled: false}});
    var nh = neighbourhood(i, Math.min(MAXN, 160)), set = {};
    nodes.clear(); edges.clear();
    var ring = nh.nodes.length - 1;
    nodes.add(nh.nodes.map(function (j, k) {
      var n = visNode(j, false), a = 2 * Math.PI * k / Math.max(ring, 1), r = k ? 250 : 0;
      set[j] = 1; n.x = r * Math.cos(a); n.y = r * Math.sin(a);
      if (j === i) { n.borderWidth = 4; n.font = Object.assign({}, n.font, {size: 18}); }
      return n;
    }));
    edges.add(edgesAmong(set));
    applyFilters();
    settle([i], 200);
    network.selectNodes([i]);
    network.fit({animation: false});
    showDetails(i, nh);
    focusNote(i, nh);
  }
  function expand(i) {
    /* One more step: i's own neighbours join the drawing around it. */
    if (mode !== "focus") { focus(i); return; }
    var room = Math.max(0, Math.min(MAXN, 400) - nodes.length);
    if (!room) { setNote("The view is full (" + nodes.length + " nodes): Reset or search to start again."); return; }
    var nh = neighbourhood(i, Math.min(room + 1, 40)), set = {}, fresh = [];
    var pos = network.getPositions([i])[i] || {x: 0, y: 0};
    nodes.getIds().forEach(function (id) { set[id] = 1; });
    nh.nodes.forEach(function (j, k) {
      if (set[j]) return;
      set[j] = 1;
      var n = visNode(j, false), a = 2 * Math.PI * k / nh.nodes.length;
      n.x = pos.x + 120 * Math.cos(a); n.y = pos.y + 120 * Math.sin(a);
      fresh.push(n);
    });
    var old = nodes.getIds().filter(function (id) { return fresh.every(function (n) { return n.id !== id; }); });
    var pos0 = network.getPositions(old);
    nodes.update(old.map(function (id) { return {id: id, x: pos0[id].x, y: pos0[id].y}; }));
    nodes.add(fresh);
    var have = {};
    edges.getIds().forEach(function (id) { have[id] = 1; });
    edges.add(edgesAmong(set).filter(function (e) { return !have[e.id]; }));
    applyFilters();
    settle(old, 120);
    showDetails(i, nh);
  }

  /* ---- details panel ------------------------------------------------------------ */
  var panel = document.getElementById("kg-panel");
  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) x.textContent = text;
    if (cls) x.className = cls;
    return x;
  }
  function link(i, text) {
    var a = el("a", text || label(i), "node");
    a.title = type(i) + (kind(i) ? " / " + kind(i) : "");
    a.addEventListener("click", function () { focus(i); });
    return a;
  }
  function articleLink(a) {
    var span = el("span", "", "meta"), x = extra(a);
    span.appendChild(document.createTextNode("《"));
    span.appendChild(link(a, label(a).length > 40 ? label(a).slice(0, 39) + "…" : label(a)));
    span.appendChild(document.createTextNode("》" + (date(a) ? " " + date(a) : "") +
                                              (source(a) ? " · " + source(a) : "")));
    if (x.url && /^https?:\/\//i.test(x.url)) {
      var u = el("a", " ↗ source"); u.href = x.url; u.target = "_blank"; u.rel = "noopener noreferrer";
      span.appendChild(u);
    }
    return span;
  }
  /* Events in reading order: by date, then the article's date and place in its page. */
  function eventOrder(a, b) {
    var da = date(a) || "9999", db = date(b) || "9999";
    if (da !== db) return da < db ? -1 : 1;
    var aa = articleOf[a], ab = articleOf[b];
    if (aa !== ab && aa !== undefined && ab !== undefined) {
      var pa = source(aa) + "\u0000" + ("000000" + (extra(aa).p || 0)).slice(-6);
      var pb = source(ab) + "\u0000" + ("000000" + (extra(ab).p || 0)).slice(-6);
      if (pa !== pb) return pa < pb ? -1 : 1;
    }
    return a - b;
  }
  /* Roles of person p in event ev, with "@ places" where only at some of them. */
  function rolesIn(ev, p) {
    var out = [];
    for (var q = off[ev]; q < off[ev + 1]; q++) {
      var e = adj[q];
      if (E[3 * e] !== ev || E[3 * e + 1] !== p) continue;
      var r = rel(e);
      if (r === "hasPlace" || r === "impliedPlace" || r === "mentions") continue;
      var x = D.edge_extra[e];
      out.push(r + (x && x[0] ? " @ " + x[0] : ""));
    }
    return out;
  }
  function linked(i, wantType, wantRels) {
    return neighbours(i).filter(function (x) {
      return type(x.j) === wantType && (!wantRels || x.rels.some(function (r) {
        return wantRels.indexOf(r) >= 0; }));
    }).map(function (x) { return x.j; });
  }
  function eventRow(ev, who) {
    var row = el("div", null, "row");
    row.appendChild(el("span", date(ev) + (N[ev][4] ? "–" + N[ev][4].slice(5) : ""), "date"));
    row.appendChild(link(ev));
    row.appendChild(el("span", [kind(ev), extra(ev).status, extra(ev).partOfDay]
      .filter(Boolean).join(" · "), "meta"));
    if (who !== undefined) {
      var r = rolesIn(ev, who);
      if (r.length) row.appendChild(el("div", "role: " + r.join(", "), "meta"));
    } else {
      var ps = linked(ev, "person");
      if (ps.length) {
        var d = el("div", "", "meta");
        ps.slice(0, 12).forEach(function (p, k) {
          if (k) d.appendChild(document.createTextNode("、"));
          d.appendChild(link(p));
          var r = rolesIn(ev, p);
          if (r.length) d.appendChild(document.createTextNode(" (" + r.join(", ") + ")"));
        });
        if (ps.length > 12) d.appendChild(document.createTextNode(" … +" + (ps.length - 12)));
        row.appendChild(d);
      }
    }
    var places = linked(ev, "place", ["hasPlace", "impliedPlace"]);
    if (places.length) {
      var pl = el("div", "@ ", "meta");
      places.forEach(function (p, k) { if (k) pl.appendChild(document.createTextNode("、")); pl.appendChild(link(p)); });
      row.appendChild(pl);
    }
    (extra(ev).evidence || []).forEach(function (s) { row.appendChild(el("div", s, "ev")); });
    if (articleOf[ev] !== undefined) row.appendChild(articleLink(articleOf[ev]));
    return row;
  }
  function listInto(box, items, render, first) {
    /* Long timelines render in pages: a year of a leader's days is thousands of rows. */
    var shown = 0;
    function more() {
      var stop = Math.min(items.length, shown + (shown ? 500 : first || 150));
      for (; shown < stop; shown++) box.appendChild(render(items[shown]));
      if (shown < items.length) {
        var b = el("button", "显示更多 show " + Math.min(500, items.length - shown) + " more of " + (items.length - shown));
        b.addEventListener("click", function () { b.remove(); more(); });
        box.appendChild(b);
      }
    }
    more();
  }
  function inRangeEvents(list) {
    return list.filter(function (j) { return active === null || (isActive(j) && inRange(j)); });
  }
  function showDetails(i, nh) {
    panel.textContent = "";
    var t = type(i), x = extra(i);
    panel.appendChild(el("h2", label(i)));
    panel.appendChild(el("div", [styles[t] ? styles[t].legend : t, kind(i), date(i) +
      (N[i][4] ? " – " + N[i][4] : ""), x.level, x.divisionCode, x.orgKind, x.status]
      .filter(Boolean).join(" · "), "meta"));
    panel.appendChild(el("div", N[i][5] + " events · " + N[i][6] + " mentions" +
      (nh && nh.events > nh.shownEvents ? " · drawn: latest " + nh.shownEvents + " events" : "") +
      " · double-click a node to expand it", "meta"));
    var rangeNote = active === null ? "" : " (" + (from.value || "…") + " – " + (to.value || "…") + ")";
    if (t === "person") {
      var held = D.holdings.filter(function (h) { return h[0] === i; });
      if (held.length) {
        panel.appendChild(el("h3", "职务 Posts held (as stated, by date)"));
        var byPost = {};
        held.forEach(function (h) { (byPost[h[1]] = byPost[h[1]] || []).push(h); });
        Object.keys(byPost).sort(function (a, b) {
          return byPost[a][0][2] < byPost[b][0][2] ? -1 : 1; }).forEach(function (p) {
          var hs = byPost[p], row = el("div", null, "row");
          /* One line per post: first and last statement; the first evidence on hover. */
          row.appendChild(el("span", hs[0][2] + (hs.length > 1 ? " … " + hs[hs.length - 1][2] : ""), "date"));
          row.appendChild(link(+p));
          if (hs[0][4]) row.appendChild(el("span", hs[0][4], "meta"));
          row.appendChild(el("span", hs.length + "×", "meta"));
          if (hs[0][5]) row.title = hs[0][5];
          panel.appendChild(row);
        });
      }
      var evs = inRangeEvents(linked(i, "event")).sort(eventOrder);
      panel.appendChild(el("h3", "时间线 Timeline: " + evs.length + " events" + rangeNote));
      var box = el("div"); box.id = "kg-timeline"; panel.appendChild(box);
      listInto(box, evs, function (ev) { return eventRow(ev, i); });
    } else if (t === "place") {
      var up = [], p = i, guard = 0;
      while (guard++ < 12) {
        var par = linked(p, "place", ["containedInPlace"]).filter(function (q) {
          for (var k = off[p]; k < off[p + 1]; k++) {
            var e = adj[k]; if (E[3 * e] === p && E[3 * e + 1] === q && rel(e) === "containedInPlace") return true; }
          return false; });
        if (!par.length) break;
        p = par[0]; up.push(p);
      }
      if (up.length) {
        var ch = el("div", "⊂ ", "row");
        up.forEach(function (q, k) { if (k) ch.appendChild(document.createTextNode(" ⊂ ")); ch.appendChild(link(q)); });
        panel.appendChild(ch);
      }
      var evs2 = inRangeEvents(linked(i, "event")).sort(eventOrder);
      panel.appendChild(el("h3", "时间线 Events here: " + evs2.length + rangeNote));
      var box2 = el("div"); box2.id = "kg-timeline"; panel.appendChild(box2);
      listInto(box2, evs2, function (ev) { return eventRow(ev); });
    } else if (t === "event") {
      panel.appendChild(eventRow(i));
      var subs = linked(i, "event");
      if (subs.length) {
        panel.appendChild(el("h3", "相关事件 Related events"));
        subs.sort(eventOrder).forEach(function (ev) { panel.appendChild(eventRow(ev)); });
      }
    } else if (t === "article") {
      var ax = el("div", null, "row"); ax.appendChild(articleLink(i)); panel.appendChild(ax);
      var evs3 = linked(i, "event").sort(eventOrder);
      if (evs3.length) {
        panel.appendChild(el("h3", "事件 Events reported"));
        evs3.forEach(function (ev) { panel.appendChild(eventRow(ev)); });
      }
      ["person", "place", "organisation"].forEach(function (tt) {
        var ms = linked(i, tt, ["mentions"]);
        if (!ms.length) return;
        var row = el("div", (styles[tt] ? styles[tt].legend : tt) + ": ", "row");
        ms.forEach(function (m, k) { if (k) row.appendChild(document.createTextNode("、")); row.appendChild(link(m)); });
        panel.appendChild(row);
      });
    } else if (t === "post") {
      var hs2 = D.holdings.filter(function (h) { return h[1] === i; });
      panel.appendChild(el("h3", "任职 Holders (as stated)"));
      listInto(panel, hs2.slice().sort(function (a, b) { return a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : a[0] - b[0]; }),
        function (h) {
          var row = el("div", null, "row");
          row.appendChild(el("span", h[2], "date")); row.appendChild(link(h[0]));
          if (h[4]) row.appendChild(el("span", h[4], "meta"));
          return row;
        });
    }
    if (t === "organisation" || t === "place" || t === "person") {
      var arts = inRangeEvents(linked(i, "article", ["mentions"])).sort(function (a, b) {
        return date(a) < date(b) ? 1 : date(a) > date(b) ? -1 : a - b; });
      if (arts.length) {
        panel.appendChild(el("h3", "报道 Mentioned in " + arts.length + " articles" + rangeNote));
        var box3 = el("div"); panel.appendChild(box3);
        listInto(box3, arts, function (a) { var r = el("div", null, "row"); r.appendChild(articleLink(a)); return r; }, 30);
      }
    }
    panel.scrollTop = 0;
  }
  function showIntro() {
    /* Next to the overview: where to start (the busiest of each kind), how to go on. */
    panel.textContent = "";
    panel.appendChild(el("h2", "从一个问题开始 Start from a question"));
    panel.appendChild(el("div", "Search a person, place, organisation or event above; click a node " +
      "for its details and timeline, double-click to draw its neighbourhood; set From / To to see " +
      "who and what was active then. The legend below filters by type.", "meta"));
    ["person", "place", "organisation"].forEach(function (t) {
      var list = D.overview.nodes.map(function (r) { return r[0]; })
        .filter(function (i) { return type(i) === t; })
        .sort(function (a, b) { return score(b) - score(a) || a - b; }).slice(0, 12);
      if (!list.length) return;
      panel.appendChild(el("h3", (styles[t] ? styles[t].legend : t) + ": most events and mentions"));
      list.forEach(function (j) {
        var r = el("div", null, "row"); r.appendChild(link(j));
        r.appendChild(el("span", N[j][5] + " events · " + N[j][6] + " mentions", "meta"));
        panel.appendChild(r);
      });
    });
  }
  function showActive() {
    /* Who and what was active in the date range (overview mode). */
    panel.textContent = "";
    if (active === null) { showIntro(); report(); return; }
    var per = {person: [], place: [], organisation: [], event: 0};
    var nev = new Int32Array(NN), nart = new Int32Array(NN);
    for (var i = 0; i < NN; i++) {
      if (!active[i]) continue;
      var t = type(i);
      if (t === "event" && inRange(i)) {
        per.event++;
        for (var k = off[i]; k < off[i + 1]; k++) nev[other(adj[k], i)]++;
      } else if (t === "article" && inRange(i)) {
        for (var q = off[i]; q < off[i + 1]; q++) nart[other(adj[q], i)]++;
      } else if (Array.isArray(per[t])) per[t].push(i);
    }
    panel.appendChild(el("h2", "活跃 Active " + (from.value || "…") + " – " + (to.value || "…")));
    panel.appendChild(el("div", per.person.length + " persons · " + per.place.length + " places · " +
      per.organisation.length + " organisations · " + per.event + " events", "meta"));
    ["person", "place", "organisation"].forEach(function (t) {
      var list = per[t].sort(function (a, b) { return nev[b] - nev[a] || nart[b] - nart[a] || score(b) - score(a) || a - b; });
      if (!list.length) return;
      panel.appendChild(el("h3", (styles[t] ? styles[t].legend : t) + " (" + list.length + ")"));
      var box = el("div"); panel.appendChild(box);
      listInto(box, list, function (j) {
        var r = el("div", null, "row"); r.appendChild(link(j));
        r.appendChild(el("span", nev[j] + " events · named in " + nart[j] + " articles in range", "meta"));
        return r; }, 40);
    });
    status.setAttribute("data-active-persons", String(per.person.length));
    status.setAttribute("data-active-events", String(per.event));
  }

  /* ---- search with type-ahead over every node ------------------------------------ */
  var search = document.getElementById("kg-search"), matchBox = document.getElementById("kg-matches");
  var SEARCHABLE = {person: 1, place: 1, organisation: 1, event: 1, post: 1};
  var lower = null, matches = [], cursor = -1;
  function find(q, limit) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    if (lower === null) lower = N.map(function (n) { return n[1].toLowerCase(); });
    var exact = [], prefix = [], inside = [];
    for (var i = 0; i < NN; i++) {
      if (!SEARCHABLE[type(i)]) continue;
      var at = lower[i].indexOf(q);
      if (at < 0) continue;
      (lower[i].length === q.length ? exact : at === 0 ? prefix : inside).push(i);
    }
    function rank(a, b) { return score(b) - score(a) || (date(b) > date(a) ? 1 : date(b) < date(a) ? -1 : 0) || a - b; }
    var tp = {person: 0, place: 1, organisation: 2, post: 3, event: 4};
    exact.sort(function (a, b) { return tp[type(a)] - tp[type(b)] || rank(a, b); });
    prefix.sort(rank); inside.sort(rank);
    return exact.concat(prefix, inside).slice(0, limit || 20);
  }
  function renderMatches() {
    matchBox.textContent = "";
    matches.forEach(function (i, k) {
      var li = el("li"); li.setAttribute("role", "option");
      if (k === cursor) li.className = "on";
      var s = styles[type(i)];
      li.appendChild(el("span", s ? s.glyph + " " : "")).style.color = s ? s.color : "#999";
      li.appendChild(document.createTextNode(label(i)));
      li.appendChild(el("span", [kind(i), date(i), score(i) ? N[i][5] + " ev · " + N[i][6] + " mentions" : ""]
        .filter(Boolean).join(" · "), "meta"));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
      matchBox.appendChild(li);
    });
    matchBox.hidden = !matches.length;
  }
  function choose(i) {
    matches = []; renderMatches();
    search.value = label(i);
    search.blur();
    focus(i);
  }
  search.addEventListener("input", function () { matches = find(search.value); cursor = matches.length ? 0 : -1; renderMatches(); });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!matches.length) return;
      cursor = (cursor + (ev.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      renderMatches(); ev.preventDefault();
    } else if (ev.key === "Enter") {
      var m = matches.length ? matches[Math.max(cursor, 0)] : find(search.value, 1)[0];
      if (m !== undefined) choose(m);
    } else if (ev.key === "Escape") { matches = []; renderMatches(); }
  });
  // the list closes a moment after the box loses focus (a click on it lands first),
  // unless the box has the focus again by then and the list is the new typing's
  search.addEventListener("blur", function () {
    setTimeout(function () { if (document.activeElement !== search) { matches = []; renderMatches(); } }, 150);
  });

  /* ---- legend, filters, reset ---------------------------------------------------- */
  function glyph(shape, color, dashes) {
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 14 14"); svg.setAttribute("width", dashes === undefined ? "14" : "24");
    svg.setAttribute("height", "14"); svg.setAttribute("class", "glyph");
    var g, pts = {diamond: "7,0.5 13.5,7 7,13.5 0.5,7", triangle: "7,1 13.5,13 0.5,13",
                  triangleDown: "0.5,1 13.5,1 7,13", star: "7,0.5 8.8,5 13.5,5.2 9.8,8.2 11,13 7,10.3 3,13 4.2,8.2 0.5,5.2 5.2,5",
                  hexagon: "3.5,1 10.5,1 13.5,7 10.5,13 3.5,13 0.5,7"};
    if (dashes !== undefined) {
      svg.setAttribute("viewBox", "0 0 24 14");
      g = document.createElementNS(NS, "line");
      g.setAttribute("x1", "1"); g.setAttribute("x2", "23"); g.setAttribute("y1", "7"); g.setAttribute("y2", "7");
      g.setAttribute("stroke", color); g.setAttribute("stroke-width", "2");
      if (dashes) g.setAttribute("stroke-dasharray", dashes.join(" "));
      svg.appendChild(g); return svg;
    }
    if (pts[shape]) {
      g = document.createElementNS(NS, "polygon"); g.setAttribute("points", pts[shape]);
    } else if (shape === "square" || shape === "box") {
      g = document.createElementNS(NS, "rect");
      g.setAttribute("x", "1.5"); g.setAttribute("width", "11");
      g.setAttribute("y", shape === "box" ? "3.5" : "1.5"); g.setAttribute("height", shape === "box" ? "7" : "11");
    } else {
      g = document.createElementNS(NS, "ellipse");
      g.setAttribute("cx", "7"); g.setAttribute("cy", "7");
      g.setAttribute("rx", shape === "ellipse" ? "6.5" : "5.5"); g.setAttribute("ry", shape === "ellipse" ? "4" : "5.5");
    }
    g.setAttribute("fill", color); svg.appendChild(g);
    return svg;
  }
  var legend = document.getElementById("kg-legend");
  D.styles.forEach(function (s) {
    var l = el("label"), cb = el("input");
    cb.type = "checkbox"; cb.checked = true; cb.value = s.type;
    cb.addEventListener("change", function () { shownTypes[s.type] = cb.checked; applyFilters(); });
    l.appendChild(cb); l.appendChild(glyph(s.shape, s.color));
    l.appendChild(document.createTextNode(s.legend + " " + (D.counts[s.type] || 0)));
    legend.appendChild(l);
  });
  [["roles (leader, chair, attendee …)", ROLE_STYLE], ["at place", EDGE_STYLE.hasPlace],
   ["implied place", EDGE_STYLE.impliedPlace], ["contained in / located", EDGE_STYLE.containedInPlace],
   ["post held", EDGE_STYLE.holdsPost], ["part of event", EDGE_STYLE.superEvent],
   ["mentions", EDGE_STYLE.mentions], ["overview: shared events", OVERVIEW_STYLE[0]],
   ["overview: named together", OVERVIEW_STYLE[3]]
  ].forEach(function (x) {
    var s = el("span", null, "edge");
    s.appendChild(glyph("", x[1].color, x[1].dashes || false));
    s.appendChild(document.createTextNode(x[0]));
    legend.appendChild(s);
  });

  var note = document.getElementById("kg-note");
  function setNote(text) { note.textContent = text; }
  function overviewNote() {
    var c = D.counts;
    setNote("概览 Overview: the " + D.overview.nodes.length + " most important of " + NN +
      " nodes (hubs by events and mentions); " + D.overview.hidden + " more are not drawn (" +
      ["person", "place", "organisation", "event", "article", "post"].filter(function (t) { return c[t]; })
        .map(function (t) { return c[t] + " " + t + (c[t] > 1 ? "s" : ""); }).join(", ") +
      " in all). Search any name, or click a node, to see its neighbourhood and timeline.");
  }
  function focusNote(i, nh) {
    setNote(label(i) + ": " + (nh.nodes.length - 1) + " neighbours drawn" +
      (nh.events > nh.shownEvents ? " (the latest " + nh.shownEvents + " of " + nh.events + " events" +
       (active !== null ? " in the date range" : "") + "; all are in the timeline)" : "") +
      ". Double-click a node to expand it; Reset returns to the overview.");
  }
  function onRange() {
    computeActive();
    if (mode === "focus") { focus(focusNode); } else { applyFilters(); showActive(); }
    report();
  }
  from.addEventListener("change", onRange);
  to.addEventListener("change", onRange);
  showArticles.addEventListener("change", function () { if (mode === "focus") focus(focusNode); });
  function reset() {
    userMoved = false;
    from.value = ""; to.value = ""; active = null; search.value = "";
    matches = []; renderMatches(); showArticles.checked = false;
    legend.querySelectorAll("input").forEach(function (cb) { cb.checked = true; shownTypes[cb.value] = true; });
    if (mode !== "overview") drawOverview(); else applyFilters();
    network.unselectAll();
    home = homeView();
    network.moveTo({position: home.position, scale: home.scale, animation: false});
    showIntro();
    status.removeAttribute("data-active-persons");
    hideTooltip(); overviewNote(); report();
  }
  document.getElementById("kg-reset").addEventListener("click", reset);
  network.on("click", function (p) {
    if (p.nodes.length) showDetails(p.nodes[0]);
  });
  /* Until the user moves the camera, the overview follows the window's size. */
  var userMoved = false;
  network.on("dragEnd", function () { userMoved = true; });
  network.on("zoom", function () { userMoved = true; });
  function rehome() {
    if (mode === "overview" && !userMoved && home) {
      network.redraw();  /* lets vis take the new canvas size first */
      home = homeView();
      network.moveTo({position: home.position, scale: home.scale, animation: false});
      status.setAttribute("data-home-scale", String(home.scale));
    }
  }
  if (window.ResizeObserver) new ResizeObserver(rehome).observe(document.getElementById("kg-network"));
  window.addEventListener("resize", rehome);
  network.on("doubleClick", function (p) { if (p.nodes.length) expand(p.nodes[0]); });
  document.getElementById("kg-network").addEventListener("mouseleave", hideTooltip);

  function report() {
    var ext = 0;
    if (window.performance && performance.getEntriesByType) {
      performance.getEntriesByType("resource").forEach(function (r) {
        if (!/^(file|data|blob|about):/i.test(r.name)) ext += 1; });
    }
    var vis = 0, persons = 0;
    nodes.forEach(function (n) { if (!n.hidden) { vis++; if (type(n.id) === "person") persons++; } });
    var visE = 0;
    edges.forEach(function (e) {
      var a = nodes.get(e.from), b = nodes.get(e.to);
      if (a && b && !a.hidden && !b.hidden) visE++; });
    status.setAttribute("data-nodes", String(NN));
    status.setAttribute("data-edges", String(M));
    status.setAttribute("data-mode", mode);
    status.setAttribute("data-focus", focusNode >= 0 ? label(focusNode) : "");
    status.setAttribute("data-visible-nodes", String(vis));
    status.setAttribute("data-visible-persons", String(persons));
    status.setAttribute("data-visible-edges", String(visE));
    status.setAttribute("data-external", String(ext));
    status.setAttribute("data-errors", String(window.kgErrors.length));
    status.textContent = vis + " drawn of " + NN + " nodes" +
      (window.kgErrors.length ? " — errors: " + window.kgErrors.join(" | ") : "");
  }

  network.on("afterDrawing", function first() {
    if (firstDrawn || !nodes.length) return;  /* the first drawing with the overview in it */
    firstDrawn = true;
    status.setAttribute("data-drawn-ms", String(Math.round(performance.now())));
    status.setAttribute("data-script-ms", String(Math.round(performance.now() - T0)));
    network.off("afterDrawing", first);
  });
  /* The page around the canvas first, then the drawing fitted to the canvas: the
     same fit on Reset gives the same picture. */
  overviewNote();
  showIntro();
  drawOverview();
  home = homeView();
  network.moveTo({position: home.position, scale: home.scale, animation: false});

  /* A link can open the page on a node or a range: kg.html#find=NAME&from=…&to=… */
  function fromHash() {
    var h = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var k = kv.indexOf("=");
      if (k > 0) h[decodeURIComponent(kv.slice(0, k))] = decodeURIComponent(kv.slice(k + 1));
    });
    if (h.from || h.to) { from.value = h.from || ""; to.value = h.to || ""; computeActive(); }
    if (h.find) {
      var m = find(h.find, 5).filter(function (i) { return !h.type || type(i) === h.type; })[0];
      if (m !== undefined) { search.value = label(m); focus(m); return; }
    }
    if (active !== null) { applyFilters(); showActive(); }
  }
  if (location.hash.length > 1) fromHash();

  /* For tests and scripting: read the state, drive the page without a mouse. */
  window.kgView = {
    find: function (q, n) { return find(q, n).map(function (i) { return {id: i, label: label(i), type: type(i)}; }); },
    focus: function (i) { focus(i); return label(i); },
    focusLabel: function (q, t) {
      var m = find(q, 50).filter(function (i) { return !t || type(i) === t; })[0];
      if (m === undefined) return null; focus(m); return m; },
    expand: function (i) { expand(i); },
    setRange: function (a, b) { from.value = a || ""; to.value = b || ""; onRange(); },
    reset: reset,
    positions: function () { return network.getPositions(); },
    view: function () { return {position: network.getViewPosition(), scale: network.getScale()}; },
    drawn: function () {
      var out = [];
      nodes.forEach(function (n) { if (!n.hidden) out.push({id: n.id, label: label(n.id), type: type(n.id), date: date(n.id)}); });
      return out;
    },
    canvasPoint: function (i) { var p = network.getPositions([i])[i]; return p ? network.canvasToDOM(p) : null; },
    isActive: function (i) { return isActive(i); },
    /* The smallest label on screen, in CSS pixels, of the nodes drawn. */
    labelPx: function () {
      var m = 1e9;
      nodes.forEach(function (n) { if (!n.hidden && n.label) m = Math.min(m, n.font.size); });
      return m * network.getScale(); },
    nodeCount: NN
  };
  report();
  status.setAttribute("data-ready", "true");
  status.setAttribute("data-ready-ms", String(Math.round(performance.now())));
})();
