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

  const COVERAGE_COLOURS = { strong: "#198754", weak: "#fd7e14", missing: "#dc3545" };
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

  function base(labels, title) {
    return {
      textStyle: { fontFamily: fontFamily() },
      title: { text: title, left: "center", top: 4, textStyle: { fontSize: 15 } },
      toolbox: {
        right: 12,
        feature: {
          saveAsImage: { title: labels.export_png, name: title, pixelRatio: 2, backgroundColor: "#fff" },
        },
      },
      tooltip: { confine: true },
    };
  }

  // Symbol size 10..42 by the square root of output, so area follows output.
  function sizer(values) {
    const max = Math.max(0, ...values.map(number));
    return (value) => (max > 0 ? 10 + 32 * Math.sqrt(number(value) / max) : 14);
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
  function drawTree(data, labels) {
    const el = document.getElementById("chain-map");
    const chart = init(el);
    const nodes = data.nodes || [];
    const size = sizer(nodes.map((n) => n.output));
    const byId = new Map(nodes.map((n) => [n.id, { node: n, children: [] }]));
    const stages = (data.stages || []).map((s) => ({ stage: s, children: [] }));
    const stageOf = new Map(stages.map((s) => [s.stage.value, s]));
    for (const item of byId.values()) {
      const parent = item.node.parent != null ? byId.get(item.node.parent) : null;
      if (parent) parent.children.push(item);
      else if (stageOf.has(item.node.stage)) stageOf.get(item.node.stage).children.push(item);
    }
    const leaves = nodes.filter((n) => !nodes.some((m) => m.parent === n.id)).length;
    const toTree = (item) => {
      const n = item.node;
      const colour = COVERAGE_COLOURS[n.coverage] || NEUTRAL;
      return {
        name: n.name,
        value: n.output,
        nodeId: n.id,
        symbolSize: size(n.output),
        itemStyle: { color: colour, borderColor: colour },
        label: { color: n.coverage === "missing" ? COVERAGE_COLOURS.missing : "#222" },
        children: item.children.map(toTree),
      };
    };
    const root = {
      name: data.chain ? data.chain.name : "",
      symbolSize: 18,
      itemStyle: { color: "#0d6efd" },
      label: { fontWeight: "bold", fontSize: 14 },
      children: stages
        .filter((s) => s.children.length)
        .map((s) => ({
          name: s.stage.label,
          symbolSize: 16,
          itemStyle: { color: STAGE_COLOURS[s.stage.value] || NEUTRAL },
          label: { fontWeight: "bold" },
          children: s.children.map(toTree),
        })),
    };
    // Tall enough for every leaf to have its own line of text.
    el.style.height = Math.max(520, leaves * 30 + 120) + "px";
    chart.resize();
    const coverageLabel = (n) => (data.coverage_labels || {})[n.coverage] || "";
    const option = base(labels, data.title || root.name);
    Object.assign(option, {
      graphic: graphicLegend(
        ["strong", "weak", "missing"].map((c) => [(data.coverage_labels || {})[c] || c, COVERAGE_COLOURS[c]])
      ),
      tooltip: {
        confine: true,
        formatter: (p) => {
          const n = byId.get(p.data.nodeId);
          if (!n) return echarts.format.encodeHTML(p.name);
          const node = n.node;
          return [
            `<b>${echarts.format.encodeHTML(node.name)}</b> ${echarts.format.encodeHTML(coverageLabel(node))}`,
            `${labels.enterprises}: ${(node.enterprises || []).length}`,
            `${labels.output}: ${echarts.format.encodeHTML(String(node.output ?? 0))} ${labels.unit}`,
            `${labels.targets}: ${(node.targets || []).length}`,
          ].join("<br>");
        },
      },
      series: [
        {
          type: "tree",
          data: [root],
          left: 150,
          right: 200,
          top: 60,
          bottom: 30,
          orient: "LR",
          symbol: "circle",
          initialTreeDepth: -1,
          expandAndCollapse: false,
          roam: false,
          label: { position: "left", verticalAlign: "middle", align: "right", fontSize: 13 },
          leaves: { label: { position: "right", verticalAlign: "middle", align: "left" } },
          lineStyle: { color: "#adb5bd", width: 1.2, curveness: 0.5 },
          emphasis: { focus: "descendant" },
        },
      ],
    });
    chart.setOption(option);
    chart.on("click", (p) => {
      const item = p.data && p.data.nodeId != null ? byId.get(p.data.nodeId) : null;
      if (item) showSegment(item.node, data, labels);
    });
    return [chart];
  }

  // The panel beside the tree: the clicked segment's enterprises and target companies, as links.
  function showSegment(node, data, labels) {
    const panel = document.getElementById("chain-map-panel");
    if (!panel) return;
    panel.replaceChildren();
    const h = document.createElement("h2");
    h.className = "h6";
    h.textContent = node.name;
    const badge = document.createElement("span");
    badge.className = "badge ms-2";
    badge.style.background = COVERAGE_COLOURS[node.coverage] || NEUTRAL;
    badge.textContent = (data.coverage_labels || {})[node.coverage] || "";
    h.append(badge);
    panel.append(h);
    if (node.url) {
      const a = document.createElement("a");
      a.href = node.url;
      a.className = "small";
      a.textContent = labels.open_segment;
      panel.append(a);
    }
    const list = (title, rows, describe, empty) => {
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
    list(
      labels.enterprises,
      node.enterprises || [],
      (e) => (e.output != null ? `${e.output} ${labels.unit}` : ""),
      labels.no_enterprises
    );
    list(labels.targets, node.targets || [], (t) => [t.province, t.city].filter(Boolean).join(" "), labels.no_targets);
    panel.dataset.segment = String(node.id);
  }

  // 2 技术路线图: one row per segment, technologies placed at the year they are expected to mature.
  function drawTechnology(data, labels) {
    const chart = init(document.getElementById("chain-map"));
    const rows = data.technologies || [];
    const segments = data.segments && data.segments.length ? data.segments : [...new Set(rows.map((t) => t.segment))];
    const years = rows.map((t) => t.maturity_year).filter((y) => y != null);
    const lo = years.length ? Math.min(...years) : new Date().getFullYear();
    const hi = years.length ? Math.max(...years) : lo;
    const axis = [];
    for (let y = lo - 1; y <= hi + 1; y++) axis.push(String(y));
    const undated = rows.some((t) => t.maturity_year == null);
    if (undated) axis.push(labels.undated);
    const stageOf = new Map((data.segment_stages || []).map((s) => [s.name, s.stage]));
    // Technologies sharing a segment and a year stack upwards a little instead of covering each other.
    const seen = new Map();
    const points = rows.map((t) => {
      const x = t.maturity_year == null ? labels.undated : String(t.maturity_year);
      const key = `${t.segment}|${x}`;
      const k = seen.get(key) || 0;
      seen.set(key, k + 1);
      return {
        name: t.name,
        value: [x, t.segment],
        symbolOffset: [0, -k * 18],
        label: { offset: [0, -k * 18] },
        itemStyle: { color: STAGE_COLOURS[stageOf.get(t.segment)] || "#0d6efd" },
        segment: t.segment,
        year: t.maturity_year,
        note: t.note || "",
      };
    });
    const option = base(labels, data.title || "");
    Object.assign(option, {
      grid: { left: 150, right: 60, top: 60, bottom: 50 },
      tooltip: {
        confine: true,
        formatter: (p) =>
          [
            `<b>${echarts.format.encodeHTML(p.data.name)}</b>`,
            `${echarts.format.encodeHTML(p.data.segment)} · ${p.data.year ?? labels.undated}`,
            echarts.format.encodeHTML(p.data.note),
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
          labelLayout: { hideOverlap: false, moveOverlap: "shiftY" },
        },
      ],
    });
    const el = document.getElementById("chain-map");
    el.style.height = Math.max(420, segments.length * 56 + 120) + "px";
    chart.resize();
    chart.setOption(option);
    return [chart];
  }

  // 3 应用领域图: a sankey from the chain's segments to the fields (and markets) its products go to.
  function drawApplication(data, labels) {
    const chart = init(document.getElementById("chain-map"));
    const links = data.links || [];
    const segments = [...new Set(links.map((l) => l.source))];
    // A sankey names its nodes; a field named like a segment gets a thin space so the two stay apart.
    const fieldName = (name) => (segments.includes(name) ? `${name}\u2009` : name);
    const fields = [...new Set(links.map((l) => l.target))];
    const market = new Map((data.fields || []).map((f) => [f.name, f.market || ""]));
    const nodes = [
      ...segments.map((s) => ({ name: s, itemStyle: { color: "#0d6efd" } })),
      ...fields.map((f) => ({ name: fieldName(f), itemStyle: { color: "#20c997" }, market: market.get(f) })),
    ];
    const option = base(labels, data.title || "");
    Object.assign(option, {
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
          left: 40,
          right: 160,
          top: 50,
          bottom: 20,
          nodeAlign: "justify",
          layoutIterations: 64,
          data: nodes,
          links: links.map((l) => ({ source: l.source, target: fieldName(l.target), value: Math.max(number(l.value), 0.0001) })),
          lineStyle: { color: "gradient", curveness: 0.5, opacity: 0.35 },
          label: { fontSize: 13, color: "#222" },
          emphasis: { focus: "adjacency" },
        },
      ],
    });
    const el = document.getElementById("chain-map");
    el.style.height = Math.max(460, Math.max(segments.length, fields.length) * 34 + 100) + "px";
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

  function visualMap(max, colours, text) {
    return {
      type: "continuous",
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
  function drawRegion(data, labels) {
    const charts = [];
    const local = data.local || {};
    const counties = local.counties || [];
    const zones = local.zones || [];
    const mapName = local.province && echarts.getMap(local.province) ? local.province : null;
    const localChart = init(document.getElementById("chain-map-local"));
    const localOption = base(labels, local.title || "");
    if (mapName) {
      const { names, centres } = namesByCode(mapName);
      const size = sizer(zones.map((z) => z.enterprises));
      Object.assign(localOption, {
        visualMap: visualMap(Math.max(0, ...counties.map((c) => number(c.enterprises))), ["#e7f1ff", "#0d6efd"], [
          labels.more,
          labels.fewer,
        ]),
        geo: {
          map: mapName,
          roam: false,
          top: 50,
          bottom: 20,
          label: { show: false },
          itemStyle: { borderColor: "#fff", areaColor: "#f1f3f5" },
          emphasis: { label: { show: true } },
        },
        tooltip: {
          confine: true,
          formatter: (p) =>
            p.seriesType === "scatter"
              ? `<b>${echarts.format.encodeHTML(p.data.name)}</b><br>${labels.enterprises}: ${p.data.value[2]}`
              : `<b>${echarts.format.encodeHTML(p.name)}</b><br>${labels.enterprises}: ${p.data ? p.data.value : 0}`,
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
            data: zones
              .filter((z) => centres.has(String(z.county)))
              .map((z) => ({ name: z.name, value: [...centres.get(String(z.county)), number(z.enterprises)] })),
            symbolSize: (v) => size(v[2]),
            itemStyle: { color: "#fd7e14", borderColor: "#fff" },
            label: { show: true, position: "right", formatter: (p) => p.data.name, fontSize: 12, color: "#222" },
            labelLayout: { moveOverlap: "shiftY" },
          },
        ],
      });
    } else {
      // No outline of this province ships with the package: the same figures as bars, by county.
      Object.assign(localOption, {
        grid: { left: 120, right: 40, top: 50, bottom: 30 },
        xAxis: { type: "value", name: labels.enterprises },
        yAxis: { type: "category", data: counties.map((c) => c.name), inverse: true },
        series: [{ type: "bar", data: counties.map((c) => number(c.enterprises)), itemStyle: { color: "#0d6efd" } }],
      });
    }
    localChart.setOption(localOption);
    charts.push(localChart);

    const targets = data.targets || {};
    const provinces = targets.provinces || [];
    const chinaChart = init(document.getElementById("chain-map-targets"));
    const { names } = namesByCode("china");
    const chinaOption = base(labels, targets.title || "");
    Object.assign(chinaOption, {
      visualMap: visualMap(Math.max(0, ...provinces.map((p) => number(p.targets))), ["#fff3e6", "#dc3545"], [
        labels.more,
        labels.fewer,
      ]),
      tooltip: {
        confine: true,
        formatter: (p) => `<b>${echarts.format.encodeHTML(p.name)}</b><br>${labels.targets}: ${p.data ? p.data.value : 0}`,
      },
      series: [
        {
          type: "map",
          map: "china",
          roam: false,
          top: 50,
          bottom: 20,
          label: { show: false },
          itemStyle: { borderColor: "#fff", areaColor: "#f1f3f5" },
          data: provinces
            .filter((p) => names.has(String(p.code)))
            .map((p) => ({ name: names.get(String(p.code)), value: number(p.targets), label: { show: true } })),
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
