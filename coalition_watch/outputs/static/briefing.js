/* Coalition Watch briefing: graph with time slider and evidence panel, risk and event plots, map.
   Reads the data from <script id="briefing-data">; never inserts data as HTML (textContent only),
   and only makes links from http(s) URLs. Works offline: no request leaves the page. */
(function () {
  'use strict';
  var node = document.getElementById('briefing-data');
  if (!node) { return; }
  var data = JSON.parse(node.textContent);
  var S = data.sections;
  var SVGNS = 'http://www.w3.org/2000/svg';
  var FIXED = { 'case coalition': '#c0392b', 'government side': '#1f5fa8', 'unaligned': '#9aa3ad', 'not in a coalition fighting the government': '#b8bfc7',
    "dataset's catch-all label for unnamed groups, not one group": '#e4e7eb' };
  /* Coalition colours: a colour-blind-safe categorical set drawn from Okabe & Ito (2008), "Color
     Universal Design" (orange #E69F00, reddish purple #CC79A7, yellow #F0E442), and Paul Tol's
     "muted" scheme (olive #999933, purple #AA4499, wine #882255; personal.sron.nl/~pault/). Left
     out: their blues (next to the government side's blue), greens and vermillion/reds (next to the
     green cooperative and red hostile edges and the red case coalition) and greys (next to the grey
     of actors not in a coalition). tests/web/test_briefing_audit2.py checks the distances. */
  var PALETTE = ['#E69F00', '#AA4499', '#999933', '#CC79A7', '#F0E442', '#882255'];

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function safeUrl(u) {
    try { var p = new URL(String(u)); return (p.protocol === 'http:' || p.protocol === 'https:') ? p.href : null; }
    catch (err) { return null; }
  }
  function label(s) { return String(s || '').replace(/_/g, ' '); }
  function sourceList(sources) {
    var ul = el('ul', null, 'ev-sources');
    (sources || []).forEach(function (s) {
      var li = el('li');
      var url = safeUrl(s.url);
      if (url) {
        var a = el('a', s.title || s.id); a.href = url; a.rel = 'noopener noreferrer'; a.target = '_blank';
        li.appendChild(a);
      } else { li.appendChild(el('span', s.title || s.id)); }
      var about = s.kind === 'analyst' ? ['given by an analyst'] : [s.publisher, s.date].filter(Boolean);
      if (about.length) { li.appendChild(document.createTextNode(' — ' + about.join(', '))); }
      /* a stored document without a web address: the file it was read from */
      if (s.kind === 'document' && !url && s.path) { li.appendChild(el('div', s.path, 'src-path')); }
      ul.appendChild(li);
    });
    return ul;
  }

  /* ---------- coalition graph ---------- */
  var graph = S.graph && S.graph.data;
  var cy = null;
  var colours = {};
  var currentDay = data.as_of;
  var steps = [];
  function colourOf(c) {
    if (FIXED[c]) { return FIXED[c]; }
    if (!colours[c]) { colours[c] = PALETTE[Object.keys(colours).length % PALETTE.length]; }
    return colours[c];
  }
  /* an edge's validity, or a node's active period (the same keys, ISO days; a missing end is open) */
  function activeAt(e, day) {
    return (!e.from_date || e.from_date <= day) && (!e.to_date || e.to_date >= day);
  }
  function months(first, last) {
    var out = [];
    var y = +first.slice(0, 4), m = +first.slice(5, 7);
    var ly = +last.slice(0, 4), lm = +last.slice(5, 7);
    while (y < ly || (y === ly && m <= lm)) {
      out.push(y + '-' + (m < 10 ? '0' : '') + m + '-28');
      m += 1; if (m > 12) { m = 1; y += 1; }
    }
    return out;
  }
  function showEvidence(target) {
    var panel = document.getElementById('evidence');
    panel.textContent = '';
    if (target.isNode()) {
      var n = target.data();
      panel.appendChild(el('h3', n.name));
      panel.appendChild(el('p', label(n.kind) + ' · ' + (n.coalition || 'no coalition') + ' · strength ' + n.strength));
      if (n.ideology && n.ideology.length) { panel.appendChild(el('p', 'ideology: ' + n.ideology.map(label).join(', '))); }
      if (n.origin) { panel.appendChild(el('p', 'origin: ' + n.origin)); }
      var edges = target.connectedEdges().filter(function (e) { return e.visible(); });
      panel.appendChild(el('p', edges.length + ' relation(s) at ' + currentDay.slice(0, 7), 'muted'));
      edges.forEach(function (e) { panel.appendChild(edgeBlock(e.data())); });
    } else {
      panel.appendChild(edgeBlock(target.data()));
    }
  }
  function edgeBlock(d) {
    var box = el('div', null, 'ev');
    box.setAttribute('data-edge', d.id);
    var names = {};
    graph.nodes.forEach(function (n) { names[n.id] = n.name; });
    box.appendChild(el('div', label(d.type) + ': ' + (names[d.source] || d.source) + (d.directed ? ' → ' : ' – ') + (names[d.target] || d.target), 'ev-type'));
    box.appendChild(el('div', (d.valid_from || '?') + ' – ' + (d.valid_to || 'present') + ' · confidence ' + d.confidence + ' · ' + d.status, 'muted'));
    if (d.evidence) { box.appendChild(el('blockquote', d.evidence)); }
    if (d.note) { box.appendChild(el('p', d.note)); }
    var catalogue = graph.sources || {};
    box.appendChild(sourceList((d.sources || []).map(function (id) { return catalogue[id] || { id: id, title: id }; })));
    return box;
  }
  /* At ``day``: a group outside its active period is hidden with its edges; an edge shows while in
     force with both ends shown; a group of the country without a tie that day fades. */
  function setDay(day) {
    currentDay = day;
    if (!cy) { return; }
    cy.batch(function () {
      var alive = {};
      cy.nodes().forEach(function (n) { alive[n.id()] = activeAt(n.data(), day); });
      var shown = function (e) { return activeAt(e.data(), day) && alive[e.data('source')] && alive[e.data('target')]; };
      cy.edges().forEach(function (e) { e.style('display', shown(e) ? 'element' : 'none'); });
      cy.nodes().forEach(function (n) {
        var linked = n.connectedEdges().some(shown);
        n.style('display', alive[n.id()] && (n.data('core') || linked) ? 'element' : 'none');
        n.style('opacity', linked ? 1 : 0.45);
      });
    });
  }
  function buildGraph() {
    var box = document.getElementById('cy');
    if (!box || !graph || !graph.nodes.length || typeof cytoscape === 'undefined') { return; }
    var maxS = Math.max.apply(null, graph.nodes.map(function (n) { return n.strength || 0; }).concat([1]));
    var elements = graph.nodes.map(function (n) {
      var d = Object.assign({}, n, { colour: colourOf(n.coalition), size: 18 + 42 * Math.sqrt((n.strength || 0) / maxS) });
      return { group: 'nodes', data: d };
    }).concat(graph.edges.map(function (e) {
      return { group: 'edges', data: Object.assign({}, e, { colour: e.sign > 0 ? '#2e7d32' : '#b3261e', width: 1 + 3 * e.confidence }) };
    }));
    cy = cytoscape({
      container: box, elements: elements,
      style: [
        { selector: 'node', style: { 'background-color': 'data(colour)', width: 'data(size)', height: 'data(size)', label: 'data(name)', 'font-size': 9, 'text-wrap': 'ellipsis', 'text-max-width': 120, 'text-valign': 'bottom', color: '#1d2430', 'text-outline-color': '#fff', 'text-outline-width': 2 } },
        { selector: 'node[kind = "state"]', style: { shape: 'round-rectangle' } },
        { selector: 'edge', style: { 'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)', width: 'data(width)', 'curve-style': 'bezier', opacity: 0.75 } },
        { selector: 'edge[?directed]', style: { 'target-arrow-shape': 'triangle' } },
        { selector: 'edge[status = "accepted"]', style: { 'line-style': 'dashed' } },
        { selector: ':selected', style: { 'border-width': 3, 'border-color': '#111', 'line-color': '#111', 'target-arrow-color': '#111' } }
      ],
      layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: function () { return 40000; }, idealEdgeLength: function () { return 120; }, componentSpacing: 60, nodeOverlap: 20, numIter: 2000, padding: 20 }
    });
    cy.on('tap', 'node, edge', function (evt) { showEvidence(evt.target); });
    var first = graph.edges.reduce(function (acc, e) { return (e.from_date && e.from_date < acc) ? e.from_date : acc; }, data.as_of);
    var start = first < String(+data.as_of.slice(0, 4) - 15) ? String(+data.as_of.slice(0, 4) - 15) + '-01-01' : first;
    steps = months(start, data.as_of);
    steps[steps.length - 1] = data.as_of;
    var slider = document.getElementById('time-slider');
    var out = document.getElementById('time-label');
    slider.max = String(steps.length - 1);
    slider.value = String(steps.length - 1);
    slider.addEventListener('input', function () {
      var day = steps[+slider.value];
      out.textContent = day.slice(0, 7);
      setDay(day);
    });
    setDay(data.as_of);
    var legend = document.getElementById('legend');
    var seen = {};
    graph.nodes.forEach(function (n) {
      if (seen[n.coalition] || (n.from_date && n.from_date > data.as_of)) { return; }  /* not of groups active only later */
      seen[n.coalition] = true;
      var item = el('span'); var sw = el('span', null, 'sw'); sw.style.background = colourOf(n.coalition);
      item.appendChild(sw); item.appendChild(document.createTextNode(n.coalition)); legend.appendChild(item);
    });
  }

  function download(name, href) {
    var a = document.getElementById('download');
    a.href = href; a.download = name; a.click();
  }
  function graphSvg() {
    var bb = cy.elements(':visible').boundingBox();
    var pad = 30, w = bb.w + 2 * pad, h = bb.h + 2 * pad;
    var esc = function (s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'); };
    var parts = ['<svg xmlns="' + SVGNS + '" width="' + w + '" height="' + h + '" viewBox="' + (bb.x1 - pad) + ' ' + (bb.y1 - pad) + ' ' + w + ' ' + h + '">'];
    cy.edges(':visible').forEach(function (e) {
      var s = e.source().position(), t = e.target().position();
      parts.push('<line x1="' + s.x + '" y1="' + s.y + '" x2="' + t.x + '" y2="' + t.y + '" stroke="' + e.data('colour') + '" stroke-width="' + e.data('width') + '" opacity="0.75"><title>' + esc(e.data('type')) + '</title></line>');
    });
    cy.nodes(':visible').forEach(function (n) {
      var p = n.position(), r = n.data('size') / 2;
      parts.push('<circle cx="' + p.x + '" cy="' + p.y + '" r="' + r + '" fill="' + n.data('colour') + '"/>');
      parts.push('<text x="' + p.x + '" y="' + (p.y + r + 10) + '" font-size="9" text-anchor="middle" font-family="sans-serif">' + esc(n.data('name')) + '</text>');
    });
    parts.push('</svg>');
    return parts.join('');
  }
  function wireExports() {
    var png = document.getElementById('export-png'), svg = document.getElementById('export-svg');
    if (png) { png.addEventListener('click', function () { if (cy) { download('coalition-' + data.country + '-' + currentDay + '.png', cy.png({ full: true, scale: 2, bg: '#ffffff' })); } }); }
    if (svg) { svg.addEventListener('click', function () { if (cy) { download('coalition-' + data.country + '-' + currentDay + '.svg', 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(graphSvg())); } }); }
  }

  /* ---------- plots ---------- */
  var PLOT_CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['sendDataToCloud'] };
  function riskPlot() {
    var box = document.getElementById('risk-plot');
    if (!box || typeof Plotly === 'undefined' || !S.risk || S.risk.status !== 'live') { return; }
    var r = S.risk.data;
    var x = r.series.map(function (p) { return p.month; }), y = r.series.map(function (p) { return p.risk; });
    var traces = [{ x: x, y: y, type: 'scatter', mode: 'lines', name: 'risk', line: { color: '#1f5fa8' } }];
    var perMonth = r.series.every(function (p) { return p.threshold !== undefined && p.threshold !== null; });
    if (perMonth) {
      traces.push({ x: x, y: r.series.map(function (p) { return p.threshold; }), type: 'scatter', mode: 'lines', line: { color: '#b3261e', dash: 'dash', shape: 'hv' }, name: 'alarm threshold' });
    } else if (r.threshold !== undefined && r.threshold !== null) {
      traces.push({ x: [x[0], x[x.length - 1]], y: [r.threshold, r.threshold], type: 'scatter', mode: 'lines', name: 'alarm threshold', line: { color: '#b3261e', dash: 'dash' } });
    }
    var alarms = r.series.filter(function (p) { return p.alarm; });
    if (alarms.length) {
      traces.push({ x: alarms.map(function (p) { return p.month; }), y: alarms.map(function (p) { return p.risk; }), type: 'scatter', mode: 'markers', name: 'alarm month', marker: { color: '#b3261e', size: 8 } });
    }
    Plotly.newPlot(box, traces, { margin: { t: 10, r: 10, b: 40, l: 50 }, yaxis: { title: { text: 'risk' }, rangemode: 'tozero' }, legend: { orientation: 'h' } }, PLOT_CONFIG);
  }
  function eventsPlot() {
    var box = document.getElementById('events-plot');
    var m = S.map && S.map.data && S.map.data.monthly;
    if (!box || typeof Plotly === 'undefined' || !m || !m.length) { return; }
    Plotly.newPlot(box, [
      { x: m.map(function (p) { return p.month; }), y: m.map(function (p) { return p.events; }), type: 'bar', name: 'events', marker: { color: '#7f8c8d' } },
      { x: m.map(function (p) { return p.month; }), y: m.map(function (p) { return p.deaths; }), type: 'scatter', mode: 'lines+markers', name: 'deaths (best)', yaxis: 'y2', line: { color: '#b3261e' } }
    ], { margin: { t: 10, r: 50, b: 55, l: 50 }, yaxis: { title: { text: 'events' }, rangemode: 'tozero' }, yaxis2: { title: { text: 'deaths' }, overlaying: 'y', side: 'right', tickmode: 'auto', rangemode: 'tozero', showgrid: false }, legend: { orientation: 'h' } }, PLOT_CONFIG);
  }

  /* ---------- map ---------- */
  function drawMap() {
    var svg = document.getElementById('map');
    var m = S.map && S.map.data;
    if (!svg || !m || !m.topology || typeof topojson === 'undefined') { return; }
    var W = 800, H = 560, pad = 20;
    var fb = m.topology.focus_bbox;
    var midLat = (fb[1] + fb[3]) / 2, kx = Math.cos(midLat * Math.PI / 180);
    var scale = Math.min((W - 2 * pad) / ((fb[2] - fb[0]) * kx), (H - 2 * pad) / (fb[3] - fb[1]));
    var cx = (fb[0] + fb[2]) / 2, cyy = (fb[1] + fb[3]) / 2;
    function project(lon, lat) { return [W / 2 + (lon - cx) * kx * scale, H / 2 - (lat - cyy) * scale]; }
    function ringPath(ring) {
      return ring.map(function (pt, i) { var p = project(pt[0], pt[1]); return (i ? 'L' : 'M') + p[0].toFixed(1) + ',' + p[1].toFixed(1); }).join('') + 'Z';
    }
    function add(tag, attrs, text) {
      var e = document.createElementNS(SVGNS, tag);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text) { var t = document.createElementNS(SVGNS, 'title'); t.textContent = text; e.appendChild(t); }
      svg.appendChild(e);
      return e;
    }
    var features = topojson.feature(m.topology, m.topology.objects.countries).features;
    features.sort(function (a, b) { return (a.properties.focus ? 1 : 0) - (b.properties.focus ? 1 : 0); });
    features.forEach(function (f) {
      var g = f.geometry; if (!g) { return; }
      var polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      var d = polys.map(function (poly) { return poly.map(ringPath).join(''); }).join('');
      add('path', { d: d, class: f.properties.focus ? 'focus' : 'land' }, f.properties.name);
    });
    var maxE = Math.max.apply(null, (m.admin1 || []).map(function (a) { return a.events; }).concat([1]));
    var byShape = {};
    (m.admin1 || []).forEach(function (a) { if (a.shape) { byShape[a.shape] = a; } });
    if (m.provinces) {
      /* choropleth: fill opacity grows with the square root of the province's events */
      topojson.feature(m.provinces, m.provinces.objects.provinces).features.forEach(function (f) {
        var g = f.geometry; if (!g) { return; }
        var polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
        var a = byShape[f.id], share = a ? Math.sqrt(a.events / maxE) : 0;
        var path = add('path', { d: polys.map(function (poly) { return poly.map(ringPath).join(''); }).join(''),
          class: 'province', 'data-province': f.id, 'fill-opacity': (0.05 + 0.6 * share).toFixed(3) },
          f.properties.name + ': ' + (a ? a.events + ' events, ' + Math.round(a.deaths) + ' deaths' : 'no events'));
        if (!a) { path.setAttribute('class', 'province quiet'); }
      });
    }
    (m.admin1 || []).forEach(function (a) {
      if (a.shape || a.lon === null || a.lat === null) { return; }
      var p = project(a.lon, a.lat);
      add('circle', { cx: p[0], cy: p[1], r: 4 + 26 * Math.sqrt(a.events / maxE), class: 'admin1' }, a.admin1 + ': ' + a.events + ' events, ' + Math.round(a.deaths) + ' deaths');
    });
    (m.points || []).forEach(function (e) {
      var p = project(e.lon, e.lat);
      add('circle', { cx: p[0], cy: p[1], r: 1.8, class: 'event' }, e.date + ' ' + (e.admin1 || '') + ' ' + e.sides + ' (' + (e.deaths || 0) + ')');
    });
    if (data.capital) {
      var c = project(data.capital.lon, data.capital.lat);
      var star = [];
      for (var i = 0; i < 10; i++) {
        var r = i % 2 ? 4 : 10, ang = Math.PI / 5 * i - Math.PI / 2;
        star.push((c[0] + r * Math.cos(ang)).toFixed(1) + ',' + (c[1] + r * Math.sin(ang)).toFixed(1));
      }
      add('polygon', { points: star.join(' '), class: 'capital' }, 'capital: ' + data.capital.name);
      var t = add('text', { x: c[0] + 12, y: c[1] + 4 });
      t.textContent = data.capital.name;
    }
  }

  function run(fn) { try { fn(); } catch (err) { if (window.console) { console.error(err); } } }
  run(buildGraph); run(wireExports); run(riskPlot); run(eventsPlot); run(drawMap);
  window.cwatch = { cy: cy, data: data, setDay: setDay, steps: steps };
})();
