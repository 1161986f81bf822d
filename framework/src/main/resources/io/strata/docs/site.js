(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("site-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var W = 190, H = 38, COL = 260, ROW = 54, TOP = 44, LEFT = 20;
  var nodes = {};
  var models = {};

  function el(tag, attrs) {
    var node = document.createElement(tag);
    setAll(node, attrs);
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    setAll(node, attrs);
    return node;
  }
  function setAll(node, attrs) {
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
  }
  function add(node, child) {
    if (child == null) return;
    if (Array.isArray(child)) child.forEach(function (c) { add(node, c); });
    else node.appendChild(typeof child === "string" || typeof child === "number"
      ? document.createTextNode(String(child)) : child);
  }
  function time(iso) {
    return iso ? iso.replace("T", " ").replace(/\.\d+Z$/, "Z") : "";
  }
  function status(text) {
    return text ? el("span", {"class": "status " + text}, text) : "";
  }

  data.sources.forEach(function (s) {
    nodes[s.name] = {id: s.name, layer: s.layer, kind: "source", item: s, up: [], down: []};
  });
  data.models.forEach(function (m) {
    models[m.name] = m;
    nodes[m.name] = {id: m.name, layer: m.layer, kind: "model", item: m, up: [], down: []};
  });
  var edges = [];
  data.models.forEach(function (m) {
    m.refs.concat(m.sources).forEach(function (from) {
      if (!nodes[from]) return;
      edges.push({from: from, to: m.name});
      nodes[from].down.push(m.name);
      nodes[m.name].up.push(from);
    });
  });

  function layout() {
    var columns = data.layers.map(function (layer) {
      return Object.keys(nodes).filter(function (id) { return nodes[id].layer === layer; }).sort();
    });
    for (var pass = 0; pass < 2; pass++) {
      columns.forEach(function (col, c) {
        if (c === 0) return;
        var center = function (id) {
          var ups = nodes[id].up.filter(function (u) { return nodes[u].col < c; });
          if (!ups.length) return 1e9;
          return ups.reduce(function (a, u) { return a + nodes[u].row; }, 0) / ups.length;
        };
        col.sort(function (a, b) { return center(a) - center(b) || (a < b ? -1 : 1); });
        col.forEach(function (id, r) { nodes[id].col = c; nodes[id].row = r; });
      });
      columns[0].forEach(function (id, r) { nodes[id].col = 0; nodes[id].row = r; });
    }
    columns.forEach(function (col, c) {
      col.forEach(function (id, r) {
        nodes[id].x = LEFT + c * COL;
        nodes[id].y = TOP + r * ROW;
      });
    });
    return columns;
  }

  function draw() {
    var columns = layout();
    var dag = document.getElementById("dag");
    var rows = Math.max.apply(null, columns.map(function (c) { return c.length; }).concat([1]));
    var width = LEFT + (columns.length - 1) * COL + W + 60, height = TOP + rows * ROW + 20;
    setAll(dag, {viewBox: "0 0 " + width + " " + height, style: "max-width:" + width + "px"});
    data.layers.forEach(function (layer, c) {
      var t = svg("text", {x: LEFT + c * COL, y: 22, "class": "layer-title"});
      t.textContent = layer;
      dag.appendChild(t);
    });
    edges.forEach(function (e) {
      var a = nodes[e.from], b = nodes[e.to];
      var x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2;
      var d = a.col === b.col
        ? "M" + x1 + "," + y1 + " C" + (x1 + 40) + "," + y1 + " " + (x1 + 40) + "," + (b.y + H / 2) + " " + (b.x + W) + "," + (b.y + H / 2)
        : "M" + x1 + "," + y1 + " C" + (x1 + 40) + "," + y1 + " " + (x2 - 40) + "," + y2 + " " + x2 + "," + y2;
      e.path = svg("path", {d: d, "class": "edge", "data-from": e.from, "data-to": e.to});
      dag.appendChild(e.path);
    });
    Object.keys(nodes).forEach(function (id) {
      var n = nodes[id];
      var run = n.item.last_run;
      var attrs = {
        "class": "node " + n.kind + " layer-" + n.layer + (run ? " status-" + run.status : ""),
        transform: "translate(" + n.x + "," + n.y + ")", tabindex: "0"
      };
      attrs[n.kind === "model" ? "data-model" : "data-source"] = id;
      var g = svg("g", attrs);
      g.appendChild(svg("rect", {width: W, height: H}));
      var name = svg("text", {x: 10, y: 17});
      name.textContent = id;
      var kind = svg("text", {x: 10, y: 31, "class": "kind"});
      kind.textContent = n.kind === "model" ? n.item.materialization : "source";
      g.appendChild(name);
      g.appendChild(kind);
      g.addEventListener("click", function () { select(id); });
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") select(id); });
      n.g = g;
      dag.appendChild(g);
    });
  }

  function select(id) {
    Object.keys(nodes).forEach(function (k) { nodes[k].g.classList.toggle("selected", k === id); });
    edges.forEach(function (e) { e.path.classList.toggle("near", e.from === id || e.to === id); });
    var panel = document.getElementById("panel");
    panel.textContent = "";
    panel.hidden = false;
    add(panel, nodes[id].kind === "model" ? modelPanel(models[id]) : sourcePanel(nodes[id].item));
    panel.scrollTop = 0;
    if (history.replaceState) history.replaceState(null, "", "#" + encodeURIComponent(id));
  }

  function link(id) {
    var a = el("a", {"data-goto": id, href: "#" + encodeURIComponent(id)}, id);
    a.addEventListener("click", function (ev) { ev.preventDefault(); select(id); });
    return a;
  }
  function list(ids) {
    return ids.length ? el("ul", {}, ids.map(function (id) { return el("li", {}, link(id)); }))
      : el("p", {"class": "note"}, "None.");
  }
  function table(cls, head, rows) {
    if (!rows.length) return el("p", {"class": "note"}, "None recorded.");
    return el("table", {"class": cls},
      el("thead", {}, el("tr", {}, head.map(function (h) { return el("th", {}, h); }))),
      el("tbody", {}, rows));
  }
  function header(item, subtitle) {
    var close = el("button", {"class": "close", title: "Close"}, "\u00d7");
    close.addEventListener("click", function () { document.getElementById("panel").hidden = true; });
    return [close, el("h2", {"class": "model-name"}, item.name),
      el("div", {"class": "table-name"}, subtitle), el("p", {"class": "description"}, item.description)];
  }

  function modelPanel(m) {
    var facts = el("dl", {"class": "facts"},
      el("dt", {}, "Materialization"), el("dd", {"class": "materialization"}, m.materialization),
      el("dt", {}, "Unique key"), el("dd", {"class": "unique-key"}, (m.unique_key || []).join(", ") || "\u2014"),
      el("dt", {}, "Partitioned by"), el("dd", {"class": "partitioning"}, (m.partition_by || []).join(", ") || "\u2014"),
      el("dt", {}, "Tags"), el("dd", {}, (m.tags || []).join(", ") || "\u2014"),
      el("dt", {}, "Last run"), el("dd", {}, m.last_run ? [status(m.last_run.status), " " + time(m.last_run.finished_at)] : "not built yet"));
    return [header(m, m.table), facts,
      el("h3", {}, "Code"), code(m.code),
      el("h3", {}, "Columns"), columns(m),
      el("h3", {}, "Tests"), tests(m),
      el("h3", {}, "Upstream"), el("div", {"class": "upstream"}, list(nodes[m.name].up)),
      el("h3", {}, "Downstream"), el("div", {"class": "downstream"}, list(nodes[m.name].down)),
      el("h3", {}, "Sources' freshness"), freshness(m.raw_sources || []),
      el("h3", {}, "Last builds"), builds(m.builds || [])];
  }

  function code(c) {
    if (c.language === "sql") return el("pre", {"class": "code"}, el("code", {}, c.text));
    return el("p", {"class": "code"}, "Java class ", el("code", {}, c.text));
  }

  function columns(m) {
    var lineage = m.lineage || {};
    var rows = m.columns.map(function (c) {
      var from = c.from ? (c.from.length ? c.from.join(", ") : "no input column (a constant or a row count)")
        : {engine: "added by Strata when built", untraced: "not traced (a plan node lineage does not follow)",
           unknown: "\u2014"}[c.origin] || "\u2014";
      return el("tr", {"data-column": c.name},
        el("td", {"class": "column-name"}, el("code", {}, c.name)),
        el("td", {"class": "column-type"}, c.type || "?"),
        el("td", {"class": "column-description"}, c.description),
        el("td", {"class": "column-from"}, from));
    });
    var typesFrom = {table: "Types from the Delta table as built.",
      plan: "Types from the analysed plan (not stored as a table, or not built yet).",
      spec: "Types unknown: the model could not be analysed and has no table."}[lineage.types_from];
    return [table("columns", ["Name", "Type", "Description", "Comes from"], rows),
      el("p", {"class": "note lineage-note"}, typesFrom, " ",
        lineage.problem ? "Column lineage unavailable: " + lineage.problem
          : "Column lineage from Spark's analysed plan of the transform.")];
  }

  function tests(m) {
    var rows = m.tests.map(function (t) {
      return el("tr", {"data-test": t.name},
        el("td", {"class": "test-name"}, el("code", {}, t.name)),
        el("td", {}, t.severity || "engine"),
        el("td", {"class": "test-status"}, t.status ? status(t.status) : "not run",
          t.reused ? el("span", {"class": "note"}, " (same data as before)") : ""),
        el("td", {"class": "test-failing"}, t.status ? t.failing_rows + " of " + t.checked_rows : ""));
    });
    return table("tests", ["Test", "Severity", "Last status", "Failing rows"], rows);
  }

  function freshness(sources) {
    return table("freshness", ["Source", "Status", "Last landing"], sources.map(function (s) {
      var f = (nodes[s] && nodes[s].item.freshness) || {};
      return el("tr", {}, el("td", {}, link(s)), el("td", {}, f.status ? status(f.status) : "no thresholds"),
        el("td", {}, f.message || ""));
    }));
  }

  function builds(list) {
    return table("builds", ["Finished", "Status", "Action", "Rows", "Delta version", "Seconds"],
      list.map(function (b) {
        return el("tr", {}, el("td", {}, time(b.finished_at)),
          el("td", {}, status(b.status)), el("td", {}, b.action || ""), el("td", {}, b.rows),
          el("td", {}, b.version == null ? "" : b.version), el("td", {}, b.seconds.toFixed(1)));
      }));
  }

  function sourcePanel(s) {
    var f = s.freshness || {};
    return [header(s, "raw source, loaded at " + s.loaded_at),
      el("h3", {}, "Freshness"),
      el("p", {}, f.status ? status(f.status) : "no thresholds", " ", f.message || ""),
      el("h3", {}, "Columns"),
      table("columns", ["Name", "Type"], s.columns.map(function (c) {
        return el("tr", {"data-column": c.name}, el("td", {"class": "column-name"}, el("code", {}, c.name)),
          el("td", {"class": "column-type"}, c.type));
      })),
      el("h3", {}, "Read by"), el("div", {"class": "downstream"}, list(nodes[s.name].down))];
  }

  function search(query) {
    var q = query.trim().toLowerCase();
    var results = document.getElementById("results");
    results.textContent = "";
    var hits = [];
    Object.keys(nodes).forEach(function (id) {
      var item = nodes[id].item;
      var match = !q || id.toLowerCase().indexOf(q) >= 0 || (item.description || "").toLowerCase().indexOf(q) >= 0;
      if (q && match) hits.push([id, nodes[id].kind]);
      (item.columns || []).forEach(function (c) {
        if (q && c.name.toLowerCase().indexOf(q) >= 0) {
          match = true;
          hits.push([id, "column " + c.name]);
        }
      });
      nodes[id].g.classList.toggle("dim", !match);
    });
    hits.slice(0, 200).forEach(function (h) {
      var li = el("li", {"data-goto": h[0]}, h[0], " ", el("span", {"class": "what"}, h[1]));
      li.addEventListener("click", function () { select(h[0]); });
      results.appendChild(li);
    });
    results.hidden = !q;
    if (q && !hits.length) results.appendChild(el("li", {"class": "what"}, "No model or column matches."));
  }

  document.title = data.project + " \u00b7 Strata docs";
  document.getElementById("title").textContent = data.project;
  document.getElementById("generated").textContent = "generated " + time(data.generated_at);
  draw();
  document.getElementById("search").addEventListener("input", function (ev) { search(ev.target.value); });
  var wanted = decodeURIComponent(location.hash.slice(1));
  if (nodes[wanted]) select(wanted);
})();
