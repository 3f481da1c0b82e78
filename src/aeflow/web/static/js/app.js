// aeflow: the little JavaScript the workspace needs (htmx does the rest).
(function () {
  "use strict";
  var csrf = document.body.getAttribute("data-csrf");

  // Every htmx request carries the CSRF token.
  document.body.addEventListener("htmx:configRequest", function (e) {
    e.detail.headers["X-CSRF-Token"] = csrf;
  });
  if (window.htmx) {
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "409", swap: true },
      { code: "422", swap: true },
      { code: "[45]..", swap: true, error: true }
    ];
  }
  // Inline validation: clear the old messages before the new ones arrive.
  document.body.addEventListener("htmx:beforeSwap", function (e) {
    var path = (e.detail.requestConfig && e.detail.requestConfig.path) || "";
    if (/\/check$/.test(path)) {
      document.querySelectorAll("#stage-form .field-error").forEach(function (el) { el.textContent = ""; });
    }
  });
  // Toasts disappear after a while.
  document.body.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.target && e.detail.target.id === "toast") {
      setTimeout(function () { e.detail.target.innerHTML = ""; }, 8000);
    }
    initCharts(e.detail.target);
  });

  // "Add a row": copy the blank row at the end of a table with the next index.
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-add-row]");
    if (!btn) return;
    var path = btn.getAttribute("data-add-row");
    var table = document.querySelector('table[data-table="' + path + '"] tbody');
    if (!table) return;
    var rows = table.querySelectorAll("tr[data-row]");
    var last = rows[rows.length - 1];
    var next = 0;
    rows.forEach(function (r) { next = Math.max(next, parseInt(r.getAttribute("data-row"), 10) + 1); });
    var fromBlank = last.classList.contains("new-row");
    var copy = last.cloneNode(true);
    var from = path + "[" + last.getAttribute("data-row") + "]";
    var to = path + "[" + next + "]";
    copy.setAttribute("data-row", String(next));
    copy.querySelectorAll("[data-row-note]").forEach(function (el) { el.remove(); });
    copy.querySelectorAll("[name]").forEach(function (el) {
      el.name = el.name.replace(from, to);
      if (el.type === "hidden" && /\._key$/.test(el.name)) { el.value = "new"; }
      else if (el.type === "checkbox") { el.checked = false; }
      else if (el.tagName === "SELECT") { if (!fromBlank) el.selectedIndex = 0; }  // a blank row shows the defaults
      else { el.value = ""; }
    });
    copy.querySelectorAll(".field-error").forEach(function (el) { el.textContent = ""; el.id = el.id.replace(/\d+(?=-)/, String(next)); });
    copy.classList.add("new-row");
    table.appendChild(copy);
    var first = copy.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  });

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  var palette = { accent: "#1f5eff", soft: "#9bb7ff", bad: "#d6373b", ok: "#12a150", warn: "#d98a00", ink: "#1b2030" };
  var font = getComputedStyle(document.body).fontFamily;

  function gantt(el) {
    var d = data("gantt-data");
    var rows = d.rows.slice(0, 60);
    var cats = rows.map(function (r) { return r.title; });
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      textStyle: { fontFamily: font },
      grid: { left: 180, right: 24, top: 10, bottom: 30 },
      xAxis: { type: "time", axisLine: { show: false }, splitLine: { lineStyle: { color: "#eef0f4" } } },
      yAxis: { type: "category", data: cats, inverse: true, axisTick: { show: false }, axisLine: { show: false },
               axisLabel: { width: 165, overflow: "truncate" } },
      tooltip: { formatter: function (p) { var r = rows[p.value[0]]; return r.title + "<br>" + r.start + " → " + r.end + (r.owner ? "<br>" + r.owner : ""); } },
      series: [{
        type: "custom",
        renderItem: function (params, api) {
          var y = api.value(0), start = api.coord([api.value(1), y]), end = api.coord([api.value(2), y]);
          var h = api.size([0, 1])[1] * 0.55;
          return { type: "rect", shape: { x: start[0], y: start[1] - h / 2, width: Math.max(end[0] - start[0], 3), height: h, r: 3 },
                   style: { fill: rows[y].critical ? palette.bad : (rows[y].status === "done" ? palette.ok : palette.soft) } };
        },
        encode: { x: [1, 2], y: 0 },
        data: rows.map(function (r, i) { return [i, r.start, r.end]; })
      }]
    });
    return chart;
  }

  function heatmap(el) {
    var d = data("heatmap-data");
    var chart = echarts.init(el);
    var axis = ["1", "2", "3", "4", "5"];
    chart.setOption({
      textStyle: { fontFamily: font },
      tooltip: { formatter: function (p) { return d.x + " " + (p.value[0] + 1) + " × " + d.y + " " + (p.value[1] + 1) + ": " + p.value[2]; } },
      grid: { left: 60, right: 20, top: 10, bottom: 60 },
      xAxis: { type: "category", data: axis, name: d.x, nameLocation: "middle", nameGap: 30, splitArea: { show: true } },
      yAxis: { type: "category", data: axis, name: d.y, nameLocation: "middle", nameGap: 36, splitArea: { show: true } },
      visualMap: { min: 0, max: Math.max(3, Math.max.apply(null, d.cells.map(function (c) { return c[2]; }).concat([0]))),
                   show: false, inRange: { color: ["#fff4df", "#f5b041", "#d6373b"] } },
      series: [{ name: d.name, type: "heatmap", data: d.cells, label: { show: true, fontWeight: "bold" },
                 itemStyle: { borderColor: "#fff", borderWidth: 3, borderRadius: 6 } }]
    });
    return chart;
  }

  function budget(el) {
    var d = data("budget-data");
    var names = Object.keys(d.channels);
    var chart = echarts.init(el);
    function series(key, color) {
      return { name: d.labels[key], type: "bar", data: names.map(function (n) { return d.channels[n][key]; }),
               itemStyle: { color: color, borderRadius: [3, 3, 0, 0] }, barMaxWidth: 22 };
    }
    chart.setOption({
      textStyle: { fontFamily: font },
      legend: { top: 0 }, tooltip: { trigger: "axis" },
      grid: { left: 70, right: 20, top: 36, bottom: 30 },
      xAxis: { type: "category", data: names }, yAxis: { type: "value" },
      series: [series("planned", palette.soft), series("committed", palette.warn), series("actual", palette.accent)]
    });
    return chart;
  }

  function trend(el) {
    var d = data("trend-data");
    var chart = echarts.init(el);
    var names = Object.keys(d.series);
    chart.setOption({
      textStyle: { fontFamily: font },
      legend: { top: 0, type: "scroll" }, tooltip: { trigger: "axis" },
      grid: { left: 60, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: d.weeks }, yAxis: { type: "value", name: d.label },
      series: names.map(function (n) { return { name: n, type: "line", smooth: true, showSymbol: false, data: d.series[n] }; })
    });
    return chart;
  }

  function funnel(el) {
    var d = data("funnel-data");
    var chart = echarts.init(el);
    var rows = d.stages.filter(function (s) { return d.total[s[0]] && s[0] !== "gmv"; });
    chart.setOption({
      textStyle: { fontFamily: font },
      tooltip: { formatter: function (p) { var q = d.total[rows[p.dataIndex][0]];
        return p.name + "<br>P10 " + Math.round(q.p10).toLocaleString() + "<br>P50 " + Math.round(q.p50).toLocaleString() +
               "<br>P90 " + Math.round(q.p90).toLocaleString(); } },
      series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "18%", gap: 4,
                 label: { show: true, position: "inside", formatter: function (p) { return p.name + " " + Math.round(p.value).toLocaleString(); } },
                 itemStyle: { borderColor: "#fff", borderWidth: 2 },
                 color: ["#9bb7ff", "#5d86ff", "#1f5eff"],
                 data: rows.map(function (s) { return { name: s[1], value: d.total[s[0]].p50 }; }) }]
    });
    return chart;
  }

  var makers = { gantt: gantt, heatmap: heatmap, budget: budget, trend: trend, funnel: funnel };
  function initCharts(root) {
    if (!window.echarts) return;
    (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.getAttribute("data-ready")) return;
      var make = makers[el.getAttribute("data-chart")];
      if (!make) return;
      var chart = make(el);
      el.setAttribute("data-ready", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  window.addEventListener("load", function () { initCharts(document); });
})();
