// The four chain maps (四张图谱) drawn with ECharts from the JSON the page embeds (Django's json_script).
//
// The page holds:
//   <script id="chain-map-data" type="application/json">{"kind": "tree"|"technology"|"application"|"region",
//     "data": <what jijuqu/chains/maps.py returns for that kind>, "labels": {<translated words>}}</script>
//   the chart containers named in each draw function, and a button [data-chain-map-export] per chart.
// Text the user reads comes from "labels" (translated by Django) or from the data; none is written here.
// Everything is drawn from files served by the app itself (echarts, vendor/geo/*.js): no network.
(function () {
  "use strict";

  // Bootstrap's success / warning / danger, as the chain page's coverage badges (chains.choices.COVERAGE_COLOURS).
  const COVERAGE_COLOURS = { strong: "#198754", weak: "#ffc107", missing: "#dc3545" };
  const STAGE_COLOURS = { up: "#0d6efd", mid: "#6f42c1", down: "#20c997" };
  const NEUTRAL = "#6c757d";

  // The page's own CJK font (app.css), so labels never fall back to boxes, on screen or in the PNG.
  function fontFamily() {
    return getComputedStyle(document.body).fontFamily || "sans-serif";
  }

  function number(value) {
    const n = Number(value);
    return Number.isFinite(n) ? n : 0;
  }

  // The page is marked once every chart has finished its first drawing (animations included): tests and
  // screenshots wait for it. The handler is bound before any option is set, so no drawing is missed.
  let pending = 0;
  function init(el) {
    const chart = echarts.init(el, null, { renderer: "canvas" });
    window.addEventListener("resize", () => chart.resize());
    pending += 1;
    chart.on("finished", function once() {
      chart.off("finished", once);
      if (--pending === 0) document.body.dataset.chainMapsDrawn = "1";
    });
    return chart;
  }

  // The title is drawn inside the chart so that the saved PNG says what it is (the page's button saves it).
  function base(title) {
    return {
      textStyle: { fontFamily: fontFamily() },
      title: { text: title, left: "center", top: 4, textStyle: { fontSize: 15 } },
      tooltip: { confine: true },
    };
  }

  // Symbol size from `least` to `most` by the square root of the value, so area follows the value.
  function sizer(values, least = 10, most = 30) {
    const max = Math.max(0, ...values.map(number));
    return (value) => (max > 0 ? least + (most - least) * Math.sqrt(number(value) / max) : least + 4);
  }

  // A legend drawn as graphic elements: a tree series has no categories for ECharts' own legend, and
  // the legend must be in the exported PNG too.
  function graphicLegend(entries) {
    return entries.map(([label, colour], i) => ({
      type: "group",
      left: 16,
      top: 40 + i * 22,
      children: [
        { type: "circle", shape: { cx: 6, cy: 8, r: 6 }, style: { fill: colour } },
        { type: "text", left: 18, top: 0, style: { text: label, fontSize: 13, fontFamily: fontFamily(), fill: "#333" } },
      ],
    }));
  }

  // 1 产业链图: chain → stage → segment → product/technology; colour by coverage, size by output.
  // data: maps.tree_data, each node with "enterprise_list" and "target_list" added by the page.
  function drawTree(data, labels) {
    const el = document.getElementById("chain-map");
    const chart = init(el);
    const byId = new Map();
    const outputs = [];
    const walk = (nodes) =>
      nodes.forEach((n) => {
        byId.set(n.id, n);
        outputs.push(n.output);
        walk(n.children || []);
      });
    (data.children || []).forEach((stage) => walk(stage.children || []));
    const size = sizer(outputs);
    let leaves = 0;
    const toTree = (n) => {
      const colour = COVERAGE_COLOURS[n.coverage] || NEUTRAL;
      const children = (n.children || []).map(toTree);
      if (!children.length) leaves += 1;
      return {
        name: n.name,
        value: n.output,
        nodeId: n.id,
        symbolSize: size(n.output),
        itemStyle: { color: colour, borderColor: "#fff", borderWidth: 1 },
        label: { color: n.coverage === "missing" ? COVERAGE_COLOURS.missing : "#222" },
        children,
      };
    };
    const root = {
      name: data.name || "",
      symbolSize: 18,
      itemStyle: { color: "#0d6efd" },
      label: { fontWeight: "bold", fontSize: 14 },
      children: (data.children || [])
        .filter((stage) => (stage.children || []).length)
        .map((stage) => ({
          name: stage.name,
          symbolSize: 16,
          itemStyle: { color: STAGE_COLOURS[stage.stage] || NEUTRAL },
          label: { fontWeight: "bold" },
          children: stage.children.map(toTree),
        })),
    };
    // Tall enough for every leaf to have its own line of text.
    el.style.height = Math.max(480, leaves * 34 + 100) + "px";
    chart.resize();
    const option = base(labels.title);
    Object.assign(option, {
      graphic: graphicLegend(
        ["strong", "weak", "missing"].map((c) => [labels["coverage_" + c] || c, COVERAGE_COLOURS[c]])
      ).concat([
        {
          type: "text",
          left: 16,
          top: 40 + 3 * 22 + 4,
          style: { text: labels.size_note || "", fontSize: 12, fontFamily: fontFamily(), fill: "#6c757d" },
        },
      ]),
      tooltip: {
        confine: true,
        formatter: (p) => {
          const node = p.data && byId.get(p.data.nodeId);
          if (!node) return echarts.format.encodeHTML(p.name);
          return [
            `<b>${echarts.format.encodeHTML(node.name)}</b> ${echarts.format.encodeHTML(node.coverage_label || "")}`,
            `${labels.enterprises}: ${node.enterprises}`,
            `${labels.output}: ${echarts.format.encodeHTML(String(node.output))}`,
            node.share != null ? `${labels.share}: ${echarts.format.encodeHTML(String(node.share))}%` : "",
            `${labels.targets}: ${node.targets}`,
          ]
            .filter(Boolean)
            .join("<br>");
        },
      },
      series: [
        {
          type: "tree",
          data: [root],
          left: 130,
          right: 190,
          top: 40,
          bottom: 20,
          orient: "LR",
          symbol: "circle",
          initialTreeDepth: -1,
          expandAndCollapse: false,
          roam: false,
          // A white ground keeps a label readable where the curves to its children pass under it.
          label: {
            position: "left",
            verticalAlign: "middle",
            align: "right",
            fontSize: 13,
            backgroundColor: "rgba(255,255,255,0.85)",
            padding: [1, 3],
          },
          leaves: { label: { position: "right", verticalAlign: "middle", align: "left" } },
          lineStyle: { color: "#adb5bd", width: 1.2, curveness: 0.5 },
          emphasis: { focus: "descendant" },
        },
      ],
    });
    chart.setOption(option);
    chart.on("click", (p) => {
      const node = p.data && p.data.nodeId != null ? byId.get(p.data.nodeId) : null;
      if (node) showSegment(node, labels);
    });
    return [chart];
  }

  // The panel beside the tree: the clicked segment's enterprises and target companies, as links.
  function showSegment(node, labels) {
    const panel = document.getElementById("chain-map-panel");
    if (!panel) return;
    panel.replaceChildren();
    const h = document.createElement("h2");
    h.className = "h6";
    h.textContent = node.name;
    const badge = document.createElement("span");
    badge.className = "badge ms-2";
    badge.style.background = COVERAGE_COLOURS[node.coverage] || NEUTRAL;
    badge.textContent = node.coverage_label || "";
    h.append(badge);
    panel.append(h);
    const figures = document.createElement("p");
    figures.className = "small mb-1";
    figures.textContent = `${labels.output}: ${node.output}` + (node.share != null ? ` · ${labels.share}: ${node.share}%` : "");
    panel.append(figures);
    if (node.url) {
      const a = document.createElement("a");
      a.href = node.url;
      a.className = "small";
      a.id = "chain-map-segment-link";
      a.textContent = labels.open_segment;
      panel.append(a);
    }
    const list = (title, rows, describe, empty, id) => {
      const h3 = document.createElement("h3");
      h3.className = "h6 mt-3";
      h3.textContent = `${title} (${rows.length})`;
      panel.append(h3);
      if (!rows.length) {
        const p = document.createElement("p");
        p.className = "small text-muted";
        p.textContent = empty;
        panel.append(p);
        return;
      }
      const ul = document.createElement("ul");
      ul.className = "list-unstyled small mb-0";
      ul.id = id;
      for (const row of rows) {
        const li = document.createElement("li");
        const a = document.createElement(row.url ? "a" : "span");
        if (row.url) a.href = row.url;
        a.textContent = row.name;
        li.append(a);
        const extra = describe(row);
        if (extra) li.append(" ", Object.assign(document.createElement("span"), { className: "text-muted", textContent: extra }));
        ul.append(li);
      }
      panel.append(ul);
    };
    list(labels.enterprises, node.enterprise_list || [], (e) => e.zone || "", labels.no_enterprises, "chain-map-enterprises");
    list(
      labels.targets,
      node.target_list || [],
      (t) => [t.place, t.lead ? labels.turned : ""].filter(Boolean).join(" · "),
      labels.no_targets,
      "chain-map-targets-list"
    );
    panel.dataset.segment = String(node.id);
  }

  // 2 技术路线图: one row per segment, technologies placed at the year they are expected to mature.
  // data: maps.technology_data.
  function drawTechnology(data, labels) {
    const el = document.getElementById("chain-map");
    const chart = init(el);
    const rows = data.rows || [];
    const segments = [...new Set(rows.map((r) => r.segment))];
    const axis = (data.years || []).map(String);
    if (axis.length) {
      axis.unshift(String(Number(axis[0]) - 1));
      axis.push(String(Number(axis[axis.length - 1]) + 1));
    }
    if (rows.some((r) => r.year == null)) axis.push(labels.undated);
    // Technologies sharing a segment and a year stack upwards instead of covering each other.
    const seen = new Map();
    const points = rows.map((r) => {
      const x = r.year == null ? labels.undated : String(r.year);
      const key = `${r.segment}|${x}`;
      const k = seen.get(key) || 0;
      seen.set(key, k + 1);
      return {
        name: r.technology,
        value: [x, r.segment],
        symbolOffset: [0, -k * 18],
        label: { offset: [0, -k * 18] },
        itemStyle: { color: STAGE_COLOURS[r.stage] || "#0d6efd" },
        row: r,
      };
    });
    const stages = [...new Map(rows.map((r) => [r.stage, r.stage_label])).entries()];
    const option = base(labels.title);
    Object.assign(option, {
      graphic: graphicLegend(stages.map(([stage, label]) => [label, STAGE_COLOURS[stage] || "#0d6efd"])),
      grid: { left: 170, right: 90, top: 50, bottom: 50 },
      tooltip: {
        confine: true,
        formatter: (p) =>
          [
            `<b>${echarts.format.encodeHTML(p.data.name)}</b>`,
            `${echarts.format.encodeHTML(p.data.row.segment)} · ${p.data.row.year ?? labels.undated}`,
            echarts.format.encodeHTML(p.data.row.note || ""),
          ]
            .filter(Boolean)
            .join("<br>"),
      },
      xAxis: {
        type: "category",
        data: axis,
        name: labels.maturity_year,
        nameLocation: "middle",
        nameGap: 30,
        splitLine: { show: true, lineStyle: { type: "dashed" } },
      },
      yAxis: { type: "category", data: segments, inverse: true, splitLine: { show: true } },
      series: [
        {
          type: "scatter",
          symbol: "roundRect",
          symbolSize: [12, 12],
          data: points,
          label: { show: true, position: "right", formatter: (p) => p.data.name, fontSize: 12, color: "#222" },
          labelLayout: { moveOverlap: "shiftY" },
        },
      ],
    });
    el.style.height = Math.max(420, segments.length * 60 + 110) + "px";
    chart.resize();
    chart.setOption(option);
    return [chart];
  }

  // 3 应用领域图: a sankey from the chain's segments to the fields (and markets) its products go to.
  // data: maps.application_data (node names are unique there).
  function drawApplication(data, labels) {
    const el = document.getElementById("chain-map");
    const chart = init(el);
    const nodes = (data.nodes || []).map((n) => ({
      name: n.name,
      market: n.market,
      itemStyle: { color: n.kind === "field" ? "#20c997" : "#0d6efd" },
    }));
    const option = base(labels.title);
    Object.assign(option, {
      graphic: graphicLegend([
        [labels.segments, "#0d6efd"],
        [labels.fields, "#20c997"],
      ]),
      tooltip: {
        confine: true,
        formatter: (p) =>
          p.dataType === "edge"
            ? `${echarts.format.encodeHTML(p.data.source)} → ${echarts.format.encodeHTML(p.data.target)}: ${p.data.value}`
            : `<b>${echarts.format.encodeHTML(p.name)}</b>${p.data.market ? "<br>" + echarts.format.encodeHTML(p.data.market) : ""}`,
      },
      series: [
        {
          type: "sankey",
          left: 130,
          right: 200,
          top: 40,
          bottom: 20,
          nodeAlign: "justify",
          layoutIterations: 64,
          data: nodes,
          links: (data.links || []).map((l) => ({
            source: l.source,
            target: l.target,
            value: Math.max(number(l.value), 0.01),
          })),
          lineStyle: { color: "gradient", curveness: 0.5, opacity: 0.35 },
          label: { fontSize: 13, color: "#222" },
          emphasis: { focus: "adjacency" },
        },
      ],
    });
    const count = (kind) => (data.nodes || []).filter((n) => n.kind === kind).length;
    el.style.height = Math.max(440, Math.max(count("segment"), count("field")) * 36 + 80) + "px";
    chart.resize();
    chart.setOption(option);
    return [chart];
  }

  // The name a registered map gives the region of a GB/T 2260 code (its features carry the code as id).
  function namesByCode(mapName) {
    const map = echarts.getMap(mapName);
    const names = new Map();
    const centres = new Map();
    if (!map) return { names, centres };
    for (const f of map.geoJSON.features || map.geoJson.features || []) {
      names.set(String(f.id), f.properties.name);
      if (f.properties.cp) centres.set(String(f.id), f.properties.cp);
    }
    return { names, centres };
  }

  // Label offsets for points given as [lng, lat]: points within `near` degrees of each other form a
  // group whose labels stack 18 px apart, the group centred on its points.
  function fan(points, near = 0.35) {
    const offsets = points.map(() => ({ dx: 14, dy: 0 }));
    const order = points.map((p, i) => i).sort((a, b) => points[b][1] - points[a][1]);
    const done = new Set();
    for (const i of order) {
      if (done.has(i)) continue;
      const group = order.filter(
        (j) => !done.has(j) && Math.abs(points[j][0] - points[i][0]) < near && Math.abs(points[j][1] - points[i][1]) < near
      );
      group.forEach((j, k) => {
        done.add(j);
        offsets[j] = { dx: 24, dy: (k - (group.length - 1) / 2) * 18 };
      });
    }
    return offsets;
  }

  // Colours the map series only (the first), never the zone dots drawn over it.
  function visualMap(max, colours, text) {
    return {
      type: "continuous",
      seriesIndex: 0,
      min: 0,
      max: Math.max(1, max),
      left: 16,
      bottom: 20,
      text,
      calculable: false,
      inRange: { color: colours },
      textStyle: { fontFamily: fontFamily() },
    };
  }

  // 4 区域分布图: local enterprises by county (and zone) on the province's map; targets by province on China's.
  // data: maps.region_data.
  function drawRegion(data, labels) {
    const charts = [];
    const counties = data.counties || [];
    const zones = data.zones || [];
    const code = data.province ? String(data.province.code) : "";
    const mapName = code && echarts.getMap(code) ? code : null;
    const localChart = init(document.getElementById("chain-map-local"));
    const localOption = base(labels.title_local);
    const countyTip = (c) =>
      `<b>${echarts.format.encodeHTML(c.name)}</b><br>${labels.enterprises}: ${c.enterprises}<br>${labels.output}: ${c.output}`;
    if (mapName) {
      const { names, centres } = namesByCode(mapName);
      const size = sizer(zones.map((z) => z.enterprises), 8, 22);
      const byName = new Map(counties.map((c) => [names.get(String(c.code)), c]));
      const placed = zones.filter((z) => centres.has(String(z.region_code)));
      const fanned = fan(placed.map((z) => centres.get(String(z.region_code))));
      Object.assign(localOption, {
        visualMap: visualMap(
          Math.max(0, ...counties.map((c) => number(c.enterprises))),
          ["#dbe9ff", "#0d6efd"],
          [labels.more, labels.fewer]
        ),
        geo: {
          map: mapName,
          roam: false,
          top: 40,
          bottom: 10,
          left: 90,
          right: 10,
          label: { show: false },
          itemStyle: { borderColor: "#fff", areaColor: "#eef0f2" },
          emphasis: { label: { show: true }, itemStyle: { areaColor: "#ffe69c" } },
        },
        tooltip: {
          confine: true,
          formatter: (p) => {
            if (p.seriesType === "scatter")
              return `<b>${echarts.format.encodeHTML(p.data.name)}</b><br>${labels.enterprises}: ${p.data.value[2]}<br>${labels.output}: ${p.data.output}`;
            const c = byName.get(p.name);
            return c ? countyTip(c) : echarts.format.encodeHTML(p.name);
          },
        },
        series: [
          {
            type: "map",
            geoIndex: 0,
            data: counties
              .filter((c) => names.has(String(c.code)))
              .map((c) => ({ name: names.get(String(c.code)), value: number(c.enterprises) })),
          },
          {
            type: "scatter",
            coordinateSystem: "geo",
            data: placed.map((z) => ({ name: z.name, output: z.output, value: [...centres.get(String(z.region_code)), number(z.enterprises)] })),
            symbolSize: (v) => size(v[2]),
            itemStyle: { color: "#fd7e14", borderColor: "#fff", borderWidth: 1 },
            label: {
              show: true,
              position: "right",
              formatter: (p) => p.data.name,
              fontSize: 12,
              color: "#222",
              backgroundColor: "rgba(255,255,255,0.85)",
              padding: [1, 3],
            },
            labelLine: { show: true, lineStyle: { color: "#999" } },
            // Zones of neighbouring districts sit almost on one point: their labels fan out to the right.
            labelLayout: (p) => fanned[p.dataIndex],
          },
        ],
      });
    } else {
      // No outline of this province ships with the package: the same figures as bars, by county.
      Object.assign(localOption, {
        grid: { left: 120, right: 40, top: 50, bottom: 30 },
        tooltip: { confine: true, formatter: (p) => countyTip(counties[p.dataIndex]) },
        xAxis: { type: "value", name: labels.enterprises, minInterval: 1 },
        yAxis: { type: "category", data: counties.map((c) => c.name), inverse: true },
        series: [
          { type: "bar", barMaxWidth: 28, data: counties.map((c) => number(c.enterprises)), itemStyle: { color: "#0d6efd" } },
        ],
      });
    }
    localChart.setOption(localOption);
    charts.push(localChart);

    const provinces = data.targets || [];
    const chinaChart = init(document.getElementById("chain-map-targets"));
    const { names } = namesByCode("china");
    const byName = new Map(provinces.map((p) => [names.get(String(p.code)), p]));
    const chinaOption = base(labels.title_targets);
    Object.assign(chinaOption, {
      visualMap: visualMap(
        Math.max(0, ...provinces.map((p) => number(p.count))),
        ["#ffe3d1", "#dc3545"],
        [labels.more, labels.fewer]
      ),
      tooltip: {
        confine: true,
        formatter: (p) => {
          const row = byName.get(p.name);
          if (!row) return echarts.format.encodeHTML(p.name);
          const names = row.companies.slice(0, 8).map((n) => echarts.format.encodeHTML(n));
          if (row.companies.length > 8) names.push("…");
          return `<b>${echarts.format.encodeHTML(row.name)}</b><br>${labels.targets}: ${row.count}<br>${names.join("<br>")}`;
        },
      },
      series: [
        {
          type: "map",
          map: "china",
          roam: false,
          top: 40,
          bottom: 10,
          left: 90,
          right: 10,
          label: { show: false },
          itemStyle: { borderColor: "#fff", areaColor: "#eef0f2" },
          emphasis: { label: { show: true }, itemStyle: { areaColor: "#ffe69c" } },
          data: provinces
            .filter((p) => names.has(String(p.code)))
            .map((p) => ({
              name: names.get(String(p.code)),
              value: number(p.count),
              label: { show: true, color: "#222", textBorderColor: "#fff", textBorderWidth: 2 },
            })),
        },
      ],
    });
    chinaChart.setOption(chinaOption);
    charts.push(chinaChart);
    return charts;
  }

  const DRAW = { tree: drawTree, technology: drawTechnology, application: drawApplication, region: drawRegion };

  function exportButtons(charts, labels) {
    document.querySelectorAll("[data-chain-map-export]").forEach((button) => {
      const index = Number(button.dataset.chainMapExport || 0);
      button.addEventListener("click", () => {
        const chart = charts[index];
        if (!chart) return;
        const a = document.createElement("a");
        a.href = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
        a.download = `${button.dataset.filename || "chain-map"}.png`;
        document.body.append(a);
        a.click();
        a.remove();
      });
    });
  }

  function main() {
    const source = document.getElementById("chain-map-data");
    if (!source) return;
    const page = JSON.parse(source.textContent);
    const draw = DRAW[page.kind];
    if (!draw) return;
    const charts = draw(page.data || {}, page.labels || {});
    window.jijuquChainMaps = charts; // the browser test reads the drawn option from here
    exportButtons(charts, page.labels || {});
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
  else main();
})();
