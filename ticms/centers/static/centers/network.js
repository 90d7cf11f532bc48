// The center network as an ECharts force graph (第五条, 第十九条). The data comes from the page
// (json_script); the same data is in the tables below the chart for keyboard, screen-reader and
// no-JS users, so the chart stays hidden unless it can be drawn. The province overview draws
// clusters of centers instead (kind "clusters"); clicking one opens its page, like its link.
(function () {
  "use strict";

  // One colour and one shape per node type: the shape tells the types apart without colour.
  var STYLE = {
    headquarters: { color: "#0b4a8b", symbol: "diamond", size: 46 },
    branch: { color: "#3a8fd9", symbol: "roundRect", size: 34 },
    center: { color: "#1565c0", symbol: "rect", size: 30 },
    outside: { color: "#8a939b", symbol: "roundRect", size: 26 },
    host_unit: { color: "#d98c00", symbol: "triangle", size: 18 },
    co_builder: { color: "#00876c", symbol: "circle", size: 16 },
    alliance: { color: "#b5488e", symbol: "circle", size: 12 },
    // A cluster of centers in the province overview; its size grows with its centers.
    cluster: { color: "#1565c0", symbol: "circle", size: 24 }
  };
  var CLUSTER_GROWTH = 40; // extra diameter of the largest cluster
  var CENTER_KINDS = { headquarters: true, branch: true, center: true, outside: true };
  // Longest label in pixels; the tooltip carries the full name.
  var LABEL_WIDTH = { center: 200, partner: 160, crowded: 110 };
  var LABEL_GAP = 5; // ECharts' default label distance
  // Up to this many nodes the layout is computed before the first paint, so labels can be
  // placed where they fit; beyond it, dragging would recompute too much on every move.
  var STATIC_LAYOUT_MAX = 150;

  var FRAME = { top: 48, bottom: 8, side: 12 }; // room for the legend above the graph
  var MIN_ZOOM = 0.25;

  function grow(box, x1, y1, x2, y2) {
    box.x1 = Math.min(box.x1, x1); box.y1 = Math.min(box.y1, y1);
    box.x2 = Math.max(box.x2, x2); box.y2 = Math.max(box.y2, y2);
  }

  function emptyBox() { return { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity }; }

  // Labels sit right of their node; one that would run past the right edge goes to the left.
  // A label that would overlap another is hidden (the bigger node keeps its label) and comes
  // back when zooming in makes room, or on hover. ECharts calls this after the layout and on
  // every zoom with pixel rectangles; while `seen` is set, it also collects where the nodes
  // and their labels ended up.
  function keepLabelInside(chart, seen) {
    return function (p) {
      var label = p.labelRect;
      // Measured from the node: labelRect may still carry the previous shift.
      var right = p.rect.x + p.rect.width + LABEL_GAP;
      var x = right;
      if (right + label.width > chart.getWidth() - FRAME.side) {
        var left = p.rect.x - LABEL_GAP - label.width;
        if (left >= FRAME.side) { x = left; }
      }
      var dx = x - right;
      if (seen.nodes) {
        var cx = p.rect.x + p.rect.width / 2;
        var cy = p.rect.y + p.rect.height / 2;
        grow(seen.nodes, cx, cy, cx, cy);
        grow(seen.all, p.rect.x, p.rect.y, p.rect.x + p.rect.width, p.rect.y + p.rect.height);
        grow(seen.all, x, label.y, x + label.width, label.y + label.height);
      }
      return dx ? { hideOverlap: true, dx: dx } : { hideOverlap: true };
    };
  }

  // Zoom and centre the finished layout so every node and label is inside the frame. Labels
  // keep their size when zooming, so only the spread of the nodes shrinks.
  function fit(chart, seen) {
    var nodes = seen.nodes;
    var all = seen.all;
    if (!nodes || nodes.x1 === Infinity) { return; }
    var width = chart.getWidth() - 2 * FRAME.side;
    var height = chart.getHeight() - FRAME.top - FRAME.bottom;
    var over = { l: nodes.x1 - all.x1, r: all.x2 - nodes.x2, t: nodes.y1 - all.y1, b: all.y2 - nodes.y2 };
    var spreadX = Math.max(nodes.x2 - nodes.x1, 1);
    var spreadY = Math.max(nodes.y2 - nodes.y1, 1);
    var zoom = Math.min(1, (width - over.l - over.r) / spreadX, (height - over.t - over.b) / spreadY);
    zoom = Math.max(zoom, MIN_ZOOM);
    var inside = all.x1 >= FRAME.side && all.x2 <= chart.getWidth() - FRAME.side &&
      all.y1 >= FRAME.top && all.y2 <= chart.getHeight() - FRAME.bottom;
    if (zoom === 1 && inside) { return; }
    chart.setOption({ series: [{
      // The point put in the middle of the frame, so the labels' overhang is centred too.
      center: [
        (nodes.x1 + nodes.x2) / 2 + (over.r - over.l) / (2 * zoom),
        (nodes.y1 + nodes.y2) / 2 + (over.b - over.t) / (2 * zoom)
      ],
      zoom: zoom,
      // Keep the finished layout (barely any further cooling steps) and move it at once, so the
      // labels are placed for where the nodes are now.
      force: { friction: 0.0101 },
      animationDurationUpdate: 0
    }] });
  }

  function escapeHtml(text) {
    return window.echarts.format.encodeHTML(String(text));
  }

  function draw() {
    var holder = document.getElementById("network-data");
    var el = document.getElementById("network-chart");
    if (!holder || !el || !window.echarts) { return; }
    var data = JSON.parse(holder.textContent);
    if (!data.nodes.length) { return; }
    // The overview: one node per cluster of centers, edges weighted by the partners they share.
    var clusters = data.kind === "clusters";
    var biggest = 1, heaviest = 1;
    data.nodes.forEach(function (n) { biggest = Math.max(biggest, n.value || 0); });
    data.edges.forEach(function (e) { heaviest = Math.max(heaviest, e.weight || 0); });

    // A single center's family is small: spread it out and give it a smaller frame.
    var small = clusters || data.nodes.length <= 40;
    // On a narrow screen labels are cut shorter, so they still fit beside their node.
    var widest = Math.round(el.parentNode.clientWidth * 0.28);
    function labelWidth(key) { return Math.min(LABEL_WIDTH[key], widest); }
    var index = {};
    var categories = data.categories.map(function (c, i) {
      index[c.key] = i;
      var s = STYLE[c.key] || STYLE.alliance;
      return { name: c.name, symbol: s.symbol, itemStyle: { color: s.color } };
    });
    var nodes = data.nodes.map(function (n) {
      var s = STYLE[n.category] || STYLE.alliance;
      var isCenter = clusters || CENTER_KINDS[n.category] === true;
      var size = clusters ? s.size + CLUSTER_GROWTH * Math.sqrt((n.value || 0) / biggest) :
        isCenter ? s.size : s.size + 4 * Math.min(Math.max(n.degree - 1, 0), 5);
      return {
        id: n.id,
        name: n.name,
        category: index[n.category],
        symbol: s.symbol,
        // Partners shared by several centers grow, so they stand out.
        symbolSize: size,
        url: n.url,
        details: n.details,
        // Every node is named; long names are cut short, the tooltip gives them in full.
        label: {
          show: true,
          fontWeight: isCenter ? "bold" : "normal",
          fontSize: isCenter || small ? 12 : 11,
          width: labelWidth(isCenter ? "center" : (small ? "partner" : "crowded")),
          overflow: "truncate",
          ellipsis: "…",
          formatter: n.caption ? function () { return n.caption; } : "{b}"
        }
      };
    });
    var links = data.edges.map(function (e) {
      return {
        source: e.source,
        target: e.target,
        relation: e.relation_label,
        lineStyle: clusters ? { width: 1 + 7 * (e.weight || 0) / heaviest, curveness: 0 } :
          e.relation === "branch" ? { width: 3, type: "solid", color: "#0b4a8b" } :
          e.relation === "alliance" ? { width: 1, type: "dashed" } : { width: 1.5 }
      };
    });

    // Enough gravity to keep a province of a few hundred nodes inside the frame.
    var force = clusters ?
      { repulsion: 8000, edgeLength: [180, 360], gravity: 0.08, friction: 0.15 } :
      small ?
      { repulsion: 420, edgeLength: [70, 150], gravity: 0.1, friction: 0.15 } :
      { repulsion: 190, edgeLength: [40, 110], gravity: 0.13, friction: 0.15 };
    force.layoutAnimation = data.nodes.length > STATIC_LAYOUT_MAX;

    el.hidden = false;
    if (small && !clusters) { el.classList.add("network-chart-small"); }
    var hint = document.querySelector(".network-hint");
    if (hint) { hint.hidden = false; }
    var lang = (document.documentElement.lang || "zh").toLowerCase();
    var chart = window.echarts.init(el, null, { locale: lang.indexOf("zh") === 0 ? "ZH" : "EN" });
    // A static layout is finished when the labels are placed, so it can be fitted to the frame.
    var seen = force.layoutAnimation ? {} : { nodes: emptyBox(), all: emptyBox() };
    chart.setOption({
      tooltip: {
        confine: true,
        formatter: function (p) {
          if (p.dataType === "edge") { return escapeHtml(p.data.relation); }
          var lines = [escapeHtml(p.data.name)].concat((p.data.details || []).map(escapeHtml));
          return "<strong>" + lines[0] + "</strong><br>" + lines.slice(1).join("<br>");
        }
      },
      legend: [{
        show: !clusters, data: categories.map(function (c) { return c.name; }), top: 8, type: "scroll"
      }],
      animationDuration: 600,
      series: [{
        type: "graph",
        layout: "force",
        roam: true,
        draggable: true,
        top: FRAME.top,
        bottom: FRAME.bottom,
        categories: categories,
        data: nodes,
        links: links,
        edgeSymbol: clusters ? ["none", "none"] : ["none", "arrow"],
        edgeSymbolSize: 6,
        left: FRAME.side,
        right: FRAME.side,
        force: force,
        // A white halo keeps overlapping labels legible.
        label: {
          position: "right", distance: LABEL_GAP, color: "#1f2d3d",
          textBorderColor: "#fff", textBorderWidth: 2
        },
        labelLayout: keepLabelInside(chart, seen),
        lineStyle: { color: "source", opacity: 0.6, curveness: 0.08 },
        // The hovered node and its neighbours show their names, hidden ones included.
        emphasis: { focus: "adjacency", label: { show: true }, lineStyle: { width: 3 } },
        scaleLimit: { min: MIN_ZOOM, max: 8 }
      }]
    });
    var collected = { nodes: seen.nodes, all: seen.all };
    seen.nodes = seen.all = null;
    fit(chart, collected);
    chart.on("click", function (p) {
      if (p.dataType === "node" && p.data.url) { window.location.assign(p.data.url); }
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
