// The center network as an ECharts force graph (第五条, 第十九条). The data comes from the page
// (json_script); the same data is in the tables below the chart for keyboard, screen-reader and
// no-JS users, so the chart stays hidden unless it can be drawn.
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
    alliance: { color: "#b5488e", symbol: "circle", size: 12 }
  };
  var CENTER_KINDS = { headquarters: true, branch: true, center: true, outside: true };

  function escapeHtml(text) {
    return window.echarts.format.encodeHTML(String(text));
  }

  function draw() {
    var holder = document.getElementById("network-data");
    var el = document.getElementById("network-chart");
    if (!holder || !el || !window.echarts) { return; }
    var data = JSON.parse(holder.textContent);
    if (!data.nodes.length) { return; }

    // A single center's family is small: spread it out and give it a smaller frame.
    var small = data.nodes.length <= 40;
    var index = {};
    var categories = data.categories.map(function (c, i) {
      index[c.key] = i;
      var s = STYLE[c.key] || STYLE.alliance;
      return { name: c.name, symbol: s.symbol, itemStyle: { color: s.color } };
    });
    var nodes = data.nodes.map(function (n) {
      var s = STYLE[n.category] || STYLE.alliance;
      var isCenter = CENTER_KINDS[n.category] === true;
      return {
        id: n.id,
        name: n.name,
        category: index[n.category],
        symbol: s.symbol,
        // Partners shared by several centers grow, so they stand out.
        symbolSize: isCenter ? s.size : s.size + 4 * Math.min(Math.max(n.degree - 1, 0), 5),
        url: n.url,
        details: n.details,
        // In a big network only centers and shared partners are named; hover shows the rest.
        label: { show: small || isCenter || n.degree > 1, fontWeight: isCenter ? "bold" : "normal" }
      };
    });
    var links = data.edges.map(function (e) {
      return {
        source: e.source,
        target: e.target,
        relation: e.relation_label,
        lineStyle: e.relation === "branch" ? { width: 3, type: "solid", color: "#0b4a8b" } :
          e.relation === "alliance" ? { width: 1, type: "dashed" } : { width: 1.5 }
      };
    });

    el.hidden = false;
    if (small) { el.classList.add("network-chart-small"); }
    var hint = document.querySelector(".network-hint");
    if (hint) { hint.hidden = false; }
    var lang = (document.documentElement.lang || "zh").toLowerCase();
    var chart = window.echarts.init(el, null, { locale: lang.indexOf("zh") === 0 ? "ZH" : "EN" });
    chart.setOption({
      tooltip: {
        confine: true,
        formatter: function (p) {
          if (p.dataType === "edge") { return escapeHtml(p.data.relation); }
          var lines = [escapeHtml(p.data.name)].concat((p.data.details || []).map(escapeHtml));
          return "<strong>" + lines[0] + "</strong><br>" + lines.slice(1).join("<br>");
        }
      },
      legend: [{ data: categories.map(function (c) { return c.name; }), top: 8, type: "scroll" }],
      animationDuration: 600,
      series: [{
        type: "graph",
        layout: "force",
        roam: true,
        draggable: true,
        top: 48,
        bottom: 8,
        categories: categories,
        data: nodes,
        links: links,
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 6,
        // Enough gravity to keep a province of a few hundred nodes inside the frame.
        force: small ?
          { repulsion: 420, edgeLength: [70, 150], gravity: 0.1, friction: 0.15 } :
          { repulsion: 190, edgeLength: [40, 110], gravity: 0.13, friction: 0.15 },
        label: { position: "right", fontSize: 12, color: "#1f2d3d" },
        labelLayout: { hideOverlap: true },
        lineStyle: { color: "source", opacity: 0.6, curveness: 0.08 },
        emphasis: { focus: "adjacency", label: { show: true }, lineStyle: { width: 3 } }
      }]
    });
    chart.on("click", function (p) {
      if (p.dataType === "node" && p.data.url) { window.location.assign(p.data.url); }
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
