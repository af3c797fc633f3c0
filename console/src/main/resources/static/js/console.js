// 政务诚信监测评价工作台: the charts. Served as a file (the Content-Security-Policy runs no inline script); each
// chart reads its data from data-* attributes or from its data-src URL.
(function () {
  'use strict';
  var GRADE_NAMES = { EXCELLENT: '优良', GOOD: '较好', FAIR: '一般' };
  var GRADE_COLOURS = { EXCELLENT: '#2e7d32', GOOD: '#1f4e8c', FAIR: '#a15c00' };

  function draw(el, option) {
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(option);
    window.addEventListener('resize', function () { chart.resize(); });
    el.setAttribute('data-drawn', 'true');
  }

  function grades(el) {
    var values = JSON.parse(el.getAttribute('data-values'));
    var data = Object.keys(values).map(function (g) {
      return { name: GRADE_NAMES[g] || g, value: values[g], itemStyle: { color: GRADE_COLOURS[g] } };
    });
    draw(el, {
      animation: false,
      tooltip: { trigger: 'item', formatter: '{b}：{c} 个（{d}%）' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: data, label: { formatter: '{b} {c}' } }]
    });
  }

  function histogram(el) {
    var bins = JSON.parse(el.getAttribute('data-values'));
    draw(el, {
      animation: false,
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', name: '得分', data: bins.map(function (b) { return b[0]; }) },
      yAxis: { type: 'value', name: '单位数', minInterval: 1 },
      series: [{ type: 'bar', data: bins.map(function (b) { return b[1]; }), itemStyle: { color: '#1f4e8c' } }]
    });
  }

  function history(el) {
    fetch(el.getAttribute('data-src'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (points) {
        draw(el, {
          animation: false,
          tooltip: { trigger: 'axis' },
          xAxis: { type: 'category', data: points.map(function (p) { return p.date.substring(0, 7); }) },
          yAxis: { type: 'value', name: '得分', scale: true },
          series: [{ type: 'line', data: points.map(function (p) { return p.score; }), itemStyle: { color: '#1f4e8c' } }]
        });
        el.setAttribute('data-points', String(points.length));
      })
      .catch(function (e) { el.textContent = '走势图暂时无法显示（' + e.message + '）'; });
  }

  var KINDS = { grades: grades, histogram: histogram, history: history };

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var kind = KINDS[el.getAttribute('data-chart')];
      if (kind && window.echarts) { kind(el); }
    });
  });
})();
