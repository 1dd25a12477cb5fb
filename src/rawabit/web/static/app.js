/* Rawabit UI: network, pair, actor and article views over the read-only JSON API.
 *
 * Safety rule: data from the database (article text, titles, names, outlets)
 * is only ever inserted with textContent / createTextNode, never parsed as HTML.
 * Highlights are built by splitting text into text nodes around <mark> elements.
 */
"use strict";

(function () {
  // ---------------------------------------------------------------- i18n
  const STRINGS = {
    ar: {
      network: "الشبكة", filters: "المرشِّحات", search: "ابحث عن فاعل (بالعربية أو الإنجليزية)",
      search_ph: "القاعدة، Taliban…", types: "نوع العلاقة", window: "الفترة الزمنية", since: "من", until: "إلى",
      modality: "الصيغة", any: "الكل", m_asserted: "مؤكَّدة", m_hedged: "محتملة", m_negated: "منفية",
      min_sources: "أدنى عدد للمصادر المستقلة", max_edges: "أقصى عدد للروابط", legend_kinds: "أنواع الفاعلين",
      legend_width: "سُمك الخط = عدد المصادر المستقلة؛ متقطع = محتملة فقط؛ منقط = منفية فقط",
      graph_label: "شبكة الفاعلين والعلاقات", empty: "لا توجد روابط تطابق المرشِّحات", edges: "الروابط",
      t_ally: "تحالف", t_support: "دعم", t_fight: "قتال", t_hostile: "عداء", t_influence: "نفوذ", t_affiliate: "انتماء",
      k_armed_group: "جماعة مسلحة", k_state: "دولة", k_political_org: "تنظيم سياسي", k_person: "شخص",
      k_international_org: "منظمة دولية", k_coalition: "ائتلاف", k_other: "أخرى",
      shown_of: (n, total) => `${n} من ${total} رابطًا، الأقوى أولًا`,
      sources: (n) => `${n} مصدر مستقل`, evidence_n: (n) => `${n} شاهد`,
      stats: (s) => `${s.articles} مقالًا · ${s.actors} فاعلًا · ${s.edges} رابطًا`,
      loading: "جارٍ التحميل…", timeline: "الخط الزمني", evidence: "الشواهد", why: "لماذا؟ الأسباب الواردة في المقالات",
      contradictions: "تناقضات", no_reasons: "لم يُعثر على أسباب صريحة.", no_contradictions: "لا تناقضات مسجَّلة بين المصادر.",
      no_evidence: "لا شواهد.", article: "المقال", says: "يقول ذلك:", all: "الكل", names: "الأسماء", aliases: "أسماء أخرى",
      kind: "النوع", parent: "يتبع", lineage: "السلسلة", children: "فروع وأجهزة وأعضاء", successors: "خلفاء",
      predecessors: "أسلاف", relations: "العلاقات", other: "الطرف الآخر", dir: "الاتجاه", first_last: "أول/آخر ظهور",
      mix: "الصيغ", in_network: "اعرضه في الشبكة", asserted_side: "يؤكد", negated_side: "ينفي",
      published: "تاريخ النشر", outlet: "المصدر", author: "الكاتب", url: "الرابط", duplicates: "نسخ مكررة من الخبر",
      article_relations: "العلاقات المستخرجة من هذا المقال", not_found: "غير موجود", score: "الدرجة",
      copies: (n) => `${n} نسخ`, more: (n, total) => `يعرض ${n} من ${total}`, active: "فترة النشاط",
      out: "←", in: "→", both: "↔", present_in: "موجود في", provisional: "غير موجود في قاعدة المعرفة (من التعرف الآلي)",
      hover_edge: (e, a, b) => `${a} — ${b}: ${STRINGS.ar["t_" + e.type]}، ${e.weight} مصدر مستقل`,
      y_axis: "شواهد", sources_h: "مصادر مستقلة",
    },
    en: {
      network: "Network", filters: "Filters", search: "Find an actor (Arabic or English)",
      search_ph: "al-Qaeda, طالبان…", types: "Relation type", window: "Time window", since: "From", until: "To",
      modality: "Modality", any: "All", m_asserted: "asserted", m_hedged: "hedged", m_negated: "negated",
      min_sources: "Min. independent sources", max_edges: "Max. edges", legend_kinds: "Actor kinds",
      legend_width: "Line width = independent sources; dashed = hedged only; dotted = negated only",
      graph_label: "Network of actors and relations", empty: "No edges match the filters", edges: "Edges",
      t_ally: "ally", t_support: "support", t_fight: "fight", t_hostile: "hostile", t_influence: "influence", t_affiliate: "affiliate",
      k_armed_group: "armed group", k_state: "state", k_political_org: "political org.", k_person: "person",
      k_international_org: "international org.", k_coalition: "coalition", k_other: "other",
      shown_of: (n, total) => `${n} of ${total} edges, strongest first`,
      sources: (n) => `${n} independent source${n === 1 ? "" : "s"}`, evidence_n: (n) => `${n} evidence`,
      stats: (s) => `${s.articles} articles · ${s.actors} actors · ${s.edges} edges`,
      loading: "Loading…", timeline: "Timeline", evidence: "Evidence", why: "Why? Reasons given in the articles",
      contradictions: "Contradictions", no_reasons: "No explicit reasons found.", no_contradictions: "No contradictions between sources.",
      no_evidence: "No evidence.", article: "article", says: "says who:", all: "All", names: "Names", aliases: "Aliases",
      kind: "Kind", parent: "Part of", lineage: "Lineage", children: "Branches, organs and members", successors: "Successors",
      predecessors: "Predecessors", relations: "Relations", other: "Other actor", dir: "Direction", first_last: "First/last seen",
      mix: "Modalities", in_network: "Show in network", asserted_side: "Asserts", negated_side: "Denies",
      published: "Published", outlet: "Outlet", author: "Author", url: "URL", duplicates: "near-duplicate copies",
      article_relations: "Relations extracted from this article", not_found: "Not found", score: "score",
      copies: (n) => `${n} copies`, more: (n, total) => `showing ${n} of ${total}`, active: "Active",
      out: "→", in: "←", both: "↔", present_in: "present in", provisional: "not in the knowledge base (found by NER)",
      hover_edge: (e, a, b) => `${a} — ${b}: ${e.type}, ${e.weight} independent source${e.weight === 1 ? "" : "s"}`,
      y_axis: "evidence", sources_h: "Independent sources",
    },
  };
  let lang = localStorage.getItem("rawabit.lang") === "en" ? "en" : "ar";
  const t = (key, ...args) => {
    const v = STRINGS[lang][key] ?? STRINGS.ar[key] ?? key;
    return typeof v === "function" ? v(...args) : v;
  };

  const TYPES = ["ally", "support", "fight", "hostile", "influence", "affiliate"];
  const TYPE_COLOR = {
    ally: "#2e7d32", support: "#1565c0", fight: "#c62828", hostile: "#ef6c00", influence: "#6a1b9a", affiliate: "#6d6d6d",
  };
  const KIND_STYLE = {
    armed_group: { color: "#b71c1c", shape: "ellipse" },
    state: { color: "#1565c0", shape: "round-rectangle" },
    political_org: { color: "#2e7d32", shape: "hexagon" },
    person: { color: "#8e24aa", shape: "triangle" },
    international_org: { color: "#00838f", shape: "octagon" },
    coalition: { color: "#ef6c00", shape: "star" },
    other: { color: "#757575", shape: "diamond" },
  };
  const FONT = '"Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans", sans-serif';

  // ---------------------------------------------------------------- DOM helpers
  /** Element with attributes and children; strings become text nodes (never parsed as HTML). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "text") el.textContent = v;
      else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    append(el, children);
    return el;
  }
  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  const svgNS = "http://www.w3.org/2000/svg";
  function s(tag, attrs, ...children) {
    const el = document.createElementNS(svgNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
    for (const c of children.flat()) if (c) el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    return el;
  }
  /** Arabic text: its own direction and language, whatever the page's. */
  const ar = (text, tag = "span", cls) => h(tag, { lang: "ar", dir: "auto", class: cls }, text ?? "");

  /** Code-point offsets (Python's) -> UTF-16 offsets (JavaScript's); identity for text without astral characters. */
  function offsetMap(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
    const map = [];
    let u = 0;
    for (const ch of text) { map.push(u); u += ch.length; }
    map.push(u);
    return (i) => map[Math.max(0, Math.min(i, map.length - 1))];
  }

  /** A fragment of ``text`` with the code-point ``spans`` ([{start, end, cls, title}]) wrapped in <mark>. */
  function highlight(text, spans) {
    const frag = document.createDocumentFragment();
    const cp = offsetMap(text);
    const sorted = spans.map((x) => ({ ...x, start: cp(x.start), end: cp(x.end) }))
      .filter((x) => x.end > x.start).sort((a, b) => a.start - b.start || b.end - a.end);
    let pos = 0;
    for (const sp of sorted) {
      if (sp.start < pos) continue; // overlapping spans: the earlier (longer) one wins
      if (sp.start > pos) frag.appendChild(document.createTextNode(text.slice(pos, sp.start)));
      const m = document.createElement("mark");
      if (sp.cls) m.className = sp.cls;
      if (sp.title) m.title = sp.title;
      if (sp.id) m.id = sp.id;
      m.appendChild(document.createTextNode(text.slice(sp.start, sp.end)));
      frag.appendChild(m);
      pos = sp.end;
    }
    if (pos < text.length) frag.appendChild(document.createTextNode(text.slice(pos)));
    return frag;
  }

  const name = (o) => (lang === "en" ? o.name_en || o.name_ar || o.id : o.name_ar || o.name_en || o.id);
  const nameNode = (o) => (lang === "en" && o.name_en ? h("span", { dir: "auto" }, o.name_en) : ar(name(o)));
  const enc = encodeURIComponent;
  const typeBadge = (type) => h("span", { class: `badge t-${type}` }, t("t_" + type));
  const modBadge = (m) => h("span", { class: `badge m-${m}` }, t("m_" + m));
  const dateOnly = (d) => (d ? String(d).slice(0, 10) : "");
  const safeUrl = (u) => (typeof u === "string" && /^https?:\/\//i.test(u) ? u : null);

  async function api(path, params) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) qs.set(k, v);
    const url = path + (qs.toString() ? "?" + qs : "");
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) throw new Error((body && body.detail && String(typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail))) || `${res.status} ${res.statusText}`);
    return body;
  }
  const errorBox = (err) => h("div", { class: "error", role: "alert" }, String(err.message || err));

  // ---------------------------------------------------------------- language
  function applyLang() {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
    document.getElementById("lang-toggle").textContent = lang === "ar" ? "English" : "العربية";
    document.getElementById("lang-toggle").lang = lang === "ar" ? "en" : "ar";
    for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
    for (const el of document.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
    for (const el of document.querySelectorAll("[data-type-label]")) el.textContent = t("t_" + el.dataset.typeLabel);
    for (const el of document.querySelectorAll("[data-kind-label]")) el.textContent = t("k_" + el.dataset.kindLabel);
  }

  // ---------------------------------------------------------------- network view
  const net = { cy: null, data: null, key: null, drawnOnce: false };

  function buildFilterControls() {
    const fs = document.getElementById("type-filter");
    for (const type of TYPES) {
      fs.appendChild(h("label", {},
        h("input", { type: "checkbox", name: "type", value: type, checked: true }),
        h("span", { class: "swatch", "data-swatch": type }),
        h("span", { "data-type-label": type }, t("t_" + type))));
    }
    for (const sw of fs.querySelectorAll("[data-swatch]")) sw.style.background = TYPE_COLOR[sw.dataset.swatch];
    const legend = document.getElementById("legend-kinds");
    for (const [kind, st] of Object.entries(KIND_STYLE)) {
      legend.appendChild(h("li", {}, kindIcon(kind, st), h("span", { "data-kind-label": kind }, t("k_" + kind))));
    }
  }
  function kindIcon(kind, st) {
    const shapes = {
      ellipse: () => s("circle", { cx: 8, cy: 8, r: 6 }),
      "round-rectangle": () => s("rect", { x: 2, y: 3, width: 12, height: 10, rx: 3 }),
      hexagon: () => s("polygon", { points: "4,2 12,2 15,8 12,14 4,14 1,8" }),
      triangle: () => s("polygon", { points: "8,2 15,14 1,14" }),
      octagon: () => s("polygon", { points: "5,1 11,1 15,5 15,11 11,15 5,15 1,11 1,5" }),
      star: () => s("polygon", { points: "8,1 10,6 15,6 11,9 13,15 8,11 3,15 5,9 1,6 6,6" }),
      diamond: () => s("polygon", { points: "8,1 15,8 8,15 1,8" }),
    };
    const shape = shapes[st.shape]();
    shape.setAttribute("fill", st.color);
    return s("svg", { width: 16, height: 16, viewBox: "0 0 16 16", "aria-hidden": "true" }, shape);
  }

  function filterParams() {
    const form = document.getElementById("filters");
    const fd = new FormData(form);
    const types = fd.getAll("type");
    return {
      type: types.length === TYPES.length ? "" : types.join(","),
      since: (fd.get("since") || "").trim(),
      until: (fd.get("until") || "").trim(),
      modality: fd.get("modality") || "",
      min_sources: fd.get("min_sources") || "1",
      limit: fd.get("limit") || "150",
      q: (fd.get("q") || "").trim(),
    };
  }
  function setFilters(params) {
    const form = document.getElementById("filters");
    const types = params.get("type") ? params.get("type").split(",") : TYPES;
    for (const cb of form.querySelectorAll('input[name="type"]')) cb.checked = types.includes(cb.value);
    for (const k of ["since", "until", "modality", "min_sources", "limit", "q"]) {
      if (params.has(k)) form.elements[k].value = params.get(k);
    }
  }

  async function loadNetwork() {
    const params = filterParams();
    const key = JSON.stringify(params);
    if (key === net.key && net.cy) { net.cy.resize(); return; }
    net.key = key;
    const status = document.getElementById("graph-status");
    status.textContent = t("loading");
    let data;
    try {
      if (params.type === "" && document.querySelectorAll('#filters input[name="type"]:checked').length === 0) {
        data = { nodes: [], edges: [], total_edges: 0, truncated: false };
      } else {
        data = await api("/api/network", params);
      }
    } catch (err) {
      status.textContent = "";
      document.getElementById("edge-list").replaceChildren(h("li", {}, errorBox(err)));
      return;
    }
    if (key !== net.key) return; // a newer request is on its way
    net.data = data;
    drawNetwork(data);
    renderEdgeList(data);
    status.textContent = "";
  }

  /** Deterministic force layout (ForceAtlas2-like: degree-weighted repulsion, linear attraction).
   *  ~50 ms for 300 nodes, where cytoscape's cose takes seconds; hubs spread apart instead of clumping. */
  function forceLayout(ids, edges, width, height) {
    const n = ids.length;
    const index = new Map(ids.map((id, i) => [id, i]));
    let seed = 42;
    const rand = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 4294967296; };
    const side = 100 * Math.sqrt(n + 1);
    const x = new Float64Array(n), y = new Float64Array(n), dx = new Float64Array(n), dy = new Float64Array(n);
    const mass = new Float64Array(n).fill(1);
    for (let i = 0; i < n; i++) { x[i] = (rand() - 0.5) * side; y[i] = (rand() - 0.5) * side; }
    const links = [];
    for (const e of edges) {
      const a = index.get(e.source), b = index.get(e.target);
      if (a !== undefined && b !== undefined && a !== b) { links.push([a, b]); mass[a] += 1; mass[b] += 1; }
    }
    const kr = 2500, cut2 = 500 * 500;
    const iters = n > 600 ? 60 : n > 300 ? 100 : 200;
    let temp = side / 6;
    for (let it = 0; it < iters; it++) {
      dx.fill(0); dy.fill(0);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let ex = x[i] - x[j], ey = y[i] - y[j];
          let d2 = ex * ex + ey * ey;
          if (d2 > cut2) continue; // far nodes do not push: components stay close instead of flying apart
          if (d2 < 0.01) { ex = rand() - 0.5; ey = rand() - 0.5; d2 = 0.5; }
          const f = (kr * mass[i] * mass[j]) / d2;
          dx[i] += (ex * f) / mass[i]; dy[i] += (ey * f) / mass[i]; dx[j] -= (ex * f) / mass[j]; dy[j] -= (ey * f) / mass[j];
        }
      }
      for (const [a, b] of links) {
        const ex = x[a] - x[b], ey = y[a] - y[b];
        dx[a] -= ex / mass[a]; dy[a] -= ey / mass[a]; dx[b] += ex / mass[b]; dy[b] += ey / mass[b];
      }
      for (let i = 0; i < n; i++) {
        const r = Math.sqrt(x[i] * x[i] + y[i] * y[i]) || 1;
        dx[i] -= (x[i] / r) * 8; dy[i] -= (y[i] / r) * 8; // gravity keeps small components near the centre
        const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
        const step = Math.min(d, temp);
        x[i] += (dx[i] / d) * step; y[i] += (dy[i] / d) * step;
      }
      temp = Math.max(1, temp * 0.975);
    }
    // scale to the canvas, so that the fitted zoom is about 1 and font sizes are what they say
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) { x0 = Math.min(x0, x[i]); x1 = Math.max(x1, x[i]); y0 = Math.min(y0, y[i]); y1 = Math.max(y1, y[i]); }
    const f = Math.min(((width || 800) - 80) / Math.max(1, x1 - x0), ((height || 600) - 60) / Math.max(1, y1 - y0));
    return new Map(ids.map((id, i) => [id, { x: (x[i] - x0) * f, y: (y[i] - y0) * f }]));
  }

  function edgeWidth(w) { return Math.min(10, 0.6 + 1.6 * Math.log2(1 + w)); }

  function drawNetwork(data) {
    const byId = new Map(data.nodes.map((n) => [n.id, n]));
    const maxDeg = Math.max(1, ...data.nodes.map((n) => n.degree));
    const elements = [];
    performance.mark("layout-start");
    const box = document.getElementById("cy");
    const pos = forceLayout(data.nodes.map((n) => n.id), data.edges, box.clientWidth, box.clientHeight);
    performance.mark("layout-end");
    // the strongest nodes are always labelled; the others when the user zooms in
    const major = new Set(data.nodes.slice().sort((a, b) => b.degree - a.degree).slice(0, 30).map((n) => n.id));
    for (const n of data.nodes) {
      const st = KIND_STYLE[n.kind] || KIND_STYLE.other;
      elements.push({ group: "nodes", data: {
        id: n.id, label: name(n), color: st.color, shape: st.shape, kind: n.kind,
        size: 10 + 22 * Math.sqrt(n.degree / maxDeg), fontSize: 11 + 5 * Math.sqrt(n.degree / maxDeg),
      }, position: pos.get(n.id),
      classes: [(data.matched || []).includes(n.id) ? "matched" : "", major.has(n.id) ? "major" : "minor"].join(" ") });
    }
    for (const e of data.edges) {
      const m = e.modality;
      const cls = [e.directed ? "directed" : "", m.asserted === 0 && m.hedged > 0 ? "hedged" : "",
        m.asserted === 0 && m.hedged === 0 ? "negated" : ""].join(" ");
      elements.push({ group: "edges", data: {
        id: e.id, source: e.source, target: e.target, type: e.type, color: TYPE_COLOR[e.type],
        width: edgeWidth(e.weight), weight: e.weight,
      }, classes: cls });
    }
    document.getElementById("graph-empty").hidden = data.edges.length > 0;
    if (net.cy) net.cy.destroy();
    const cy = cytoscape({
      container: document.getElementById("cy"),
      elements,
      minZoom: 0.15,
      maxZoom: 4,
            boxSelectionEnabled: false,
      style: [
        { selector: "node", style: {
          label: "data(label)", "background-color": "data(color)", shape: "data(shape)",
          width: "data(size)", height: "data(size)", "font-family": FONT, "font-size": "data(fontSize)",
          color: "#1f2328", "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#fbfbfa",
          "text-outline-width": 2, "border-width": 1, "border-color": "#fff",
        } },
        { selector: "node.minor", style: { "min-zoomed-font-size": 15 } },
        { selector: "node.matched", style: { "border-width": 4, "border-color": "#ffb300" } },
        { selector: "edge", style: {
          width: "data(width)", "line-color": "data(color)", "target-arrow-color": "data(color)",
          "curve-style": "bezier", opacity: 0.75, "arrow-scale": 0.9,
        } },
        { selector: "edge.directed", style: { "target-arrow-shape": "triangle" } },
        { selector: "edge.hedged", style: { "line-style": "dashed" } },
        { selector: "edge.negated", style: { "line-style": "dotted" } },
        { selector: ".faded", style: { opacity: 0.12 } },
        { selector: "edge.hover", style: { opacity: 1, "z-index": 10 } },
      ],
      layout: { name: "preset" },
    });
    performance.mark("cy-built");
    net.cy = cy;
    cy.fit(undefined, 20);
    performance.mark("cy-fit");

    cy.on("tap", "node", (ev) => { location.hash = `#/actor/${enc(ev.target.id())}`; });
    cy.on("tap", "edge", (ev) => openEdge(ev.target.id()));
    const status = document.getElementById("graph-status");
    cy.on("mouseover", "edge", (ev) => {
      const d = ev.target.data();
      ev.target.addClass("hover");
      status.textContent = t("hover_edge", d, name(byId.get(d.source)), name(byId.get(d.target)));
    });
    cy.on("mouseout", "edge", (ev) => { ev.target.removeClass("hover"); status.textContent = ""; });
    cy.on("mouseover", "node", (ev) => {
      const hood = ev.target.closedNeighborhood();
      cy.elements().not(hood).addClass("faded");
      status.textContent = `${name(byId.get(ev.target.id()))} · ${t("k_" + ev.target.data("kind"))}`;
    });
    cy.on("mouseout", "node", () => { cy.elements().removeClass("faded"); status.textContent = ""; });

    // Signal "drawn" after the browser has painted the first frame of the graph.
    requestAnimationFrame(() => { requestAnimationFrame(() => {
      if (!net.drawnOnce) {
        net.drawnOnce = true;
        performance.mark("network-drawn");
      }
      document.body.dataset.network = "ready";
      document.body.dataset.networkEdges = String(data.edges.length);
    }); });
  }

  function renderEdgeList(data) {
    const byId = new Map(data.nodes.map((n) => [n.id, n]));
    document.getElementById("edge-count").textContent = t("shown_of", data.edges.length, data.total_edges);
    const items = data.edges.map((e) => {
      const a = byId.get(e.source), b = byId.get(e.target);
      const arrow = e.directed ? (lang === "ar" ? " ← " : " → ") : " — ";
      return h("li", {}, h("button", {
        type: "button", "data-edge": e.id, "data-source": e.source, "data-target": e.target, "data-type": e.type,
        title: t("sources", e.weight), onclick: () => openEdge(e.id),
      }, h("span", { class: "ends" }, nameNode(a), arrow, nameNode(b)), typeBadge(e.type),
      h("span", { class: "count" }, String(e.weight))));
    });
    document.getElementById("edge-list").replaceChildren(...items);
  }

  function openEdge(edgeId) {
    const [source, , target] = String(edgeId).split("|");
    location.hash = `#/pair/${enc(source)}/${enc(target)}`;
  }

  function networkHash() {
    const p = filterParams();
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(p)) if (v && !(k === "min_sources" && v === "1") && !(k === "limit" && v === "150")) qs.set(k, v);
    return "#/" + (qs.toString() ? "?" + qs : "");
  }

  let suggestTimer = null;
  function wireFilters() {
    const form = document.getElementById("filters");
    form.addEventListener("submit", (ev) => { ev.preventDefault(); hideSuggest(); location.hash = networkHash(); });
    form.addEventListener("change", (ev) => {
      if (ev.target.name === "q") return;
      if (ev.target.checkValidity && !ev.target.checkValidity()) return;
      location.hash = networkHash();
    });
    const q = document.getElementById("q");
    q.addEventListener("input", () => {
      clearTimeout(suggestTimer);
      suggestTimer = setTimeout(() => suggest(q.value.trim()), 150);
    });
    q.addEventListener("search", () => { if (!q.value) { hideSuggest(); location.hash = networkHash(); } });
    q.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") { ev.preventDefault(); hideSuggest(); location.hash = networkHash(); }
      if (ev.key === "Escape") hideSuggest();
    });
  }
  function hideSuggest() { const ul = document.getElementById("suggest"); ul.hidden = true; ul.replaceChildren(); }
  async function suggest(text) {
    const ul = document.getElementById("suggest");
    if (!text) { hideSuggest(); return; }
    let res;
    try { res = await api("/api/actors/search", { q: text, limit: 10 }); } catch (err) { return; }
    if (document.getElementById("q").value.trim() !== text) return;
    ul.replaceChildren(...res.results.map((r) => h("li", {}, h("button", {
      type: "button", "data-actor": r.id, onclick: () => { hideSuggest(); location.hash = `#/actor/${enc(r.id)}`; },
    }, nameNode(r), " ", h("span", { class: "muted small", dir: "auto" }, lang === "en" ? r.name_ar : r.name_en)))));
    ul.hidden = res.results.length === 0;
  }

  // ---------------------------------------------------------------- pair view
  function timelineChart(timeline) {
    const buckets = timeline.buckets.filter((b) => b.period !== "?");
    if (!buckets.length) return h("p", { class: "muted" }, t("no_evidence"));
    let periods = [...new Set(buckets.map((b) => b.period))].sort();
    if (timeline.bucket === "year" && periods.every((p) => p.length === 4)) {
      const lo = +periods[0], hi = +periods[periods.length - 1];
      if (hi - lo < 80) periods = Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i));
    } else if (timeline.bucket === "month" && periods.every((p) => p.length === 7)) {
      const all = [];
      let [y, m] = periods[0].split("-").map(Number);
      const last = periods[periods.length - 1];
      while (all.length < 120) {
        const p = `${y}-${String(m).padStart(2, "0")}`;
        all.push(p);
        if (p >= last) break;
        if (++m > 12) { m = 1; y += 1; }
      }
      if (all[all.length - 1] === last) periods = all;
    }
    const W = 860, H = 220, L = 36, R = 10, T = 12, B = 34;
    const stacks = new Map(periods.map((p) => [p, []]));
    for (const b of buckets) stacks.get(b.period)?.push(b);
    const order = (b) => TYPES.indexOf(b.type) * 3 + ["asserted", "hedged", "negated"].indexOf(b.modality);
    let max = 1;
    for (const list of stacks.values()) { list.sort((x, y) => order(x) - order(y)); max = Math.max(max, list.reduce((a, b) => a + b.n, 0)); }
    const slot = (W - L - R) / periods.length;
    const bw = Math.max(2, Math.min(40, slot * 0.7));
    const y = (v) => T + (H - T - B) * (1 - v / max);
    const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": t("timeline"), direction: "ltr" });
    svg.appendChild(s("line", { x1: L, y1: y(0), x2: W - R, y2: y(0), stroke: "#999" }));
    for (const v of [max, Math.round(max / 2)]) {
      if (v <= 0) continue;
      svg.appendChild(s("line", { x1: L, y1: y(v), x2: W - R, y2: y(v), stroke: "#eee" }));
      svg.appendChild(s("text", { x: L - 4, y: y(v) + 4, "text-anchor": "end", class: "axis" }, String(v)));
    }
    const every = Math.max(1, Math.ceil(periods.length / 14));
    periods.forEach((p, i) => {
      const x = L + slot * i + (slot - bw) / 2;
      let acc = 0;
      for (const b of stacks.get(p)) {
        const r = s("rect", {
          x, y: y(acc + b.n), width: bw, height: Math.max(1, y(acc) - y(acc + b.n)), fill: TYPE_COLOR[b.type],
          "fill-opacity": b.modality === "asserted" ? 1 : b.modality === "hedged" ? 0.5 : 0.2,
          stroke: b.modality === "negated" ? TYPE_COLOR[b.type] : null, "stroke-dasharray": b.modality === "negated" ? "2 2" : null,
          "data-period": p, "data-type": b.type,
        });
        r.appendChild(s("title", {}, `${p} · ${t("t_" + b.type)} · ${t("m_" + b.modality)}: ${b.n} (${t("sources", b.n_articles)})`));
        svg.appendChild(r);
        acc += b.n;
      }
      if (i % every === 0 || i === periods.length - 1) {
        svg.appendChild(s("text", { x: L + slot * i + slot / 2, y: H - B + 16, "text-anchor": "middle", class: "axis" }, p));
      }
    });
    const present = TYPES.filter((ty) => buckets.some((b) => b.type === ty));
    const legend = h("div", { class: "timeline-legend" },
      present.map((ty) => h("span", {}, h("span", { class: "swatch", "data-swatch": ty }), " ", t("t_" + ty))),
      h("span", { class: "muted" }, `${t("m_asserted")} ■ · ${t("m_hedged")} ▨ · ${t("m_negated")} ▢`));
    for (const sw of legend.querySelectorAll("[data-swatch]")) { sw.style.background = TYPE_COLOR[sw.dataset.swatch]; sw.style.height = "10px"; }
    return h("div", { class: "timeline" }, svg, legend);
  }

  function whoSays(value, names) {
    if (!value) return null;
    const n = names && names[value];
    return h("span", {}, t("says"), " ", n ? h("a", { href: `#/actor/${enc(value)}` }, nameNode({ id: value, ...n })) : ar(value));
  }

  function evidenceItem(ev, names) {
    const sentence = ev.sentence || "";
    const p = h("p", { class: "sentence", lang: "ar", dir: "rtl" });
    p.appendChild(highlight(sentence, [{ start: ev.evidence.start, end: ev.evidence.end }]));
    const link = `#/article/${enc(ev.article_id)}?s=${ev.article_span.start}&e=${ev.article_span.end}`;
    const directed = !["ally", "fight", "hostile"].includes(ev.type);
    return h("div", { class: "card ev", "data-type": ev.type, "data-modality": ev.modality, "data-article": ev.article_id },
      p,
      h("div", { class: "meta" },
        typeBadge(ev.type), modBadge(ev.modality),
        directed ? h("span", {}, nameNode({ id: ev.source, name_ar: ev.source_name, name_en: names[ev.source]?.name_en }),
          lang === "ar" ? " ← " : " → ", nameNode({ id: ev.target, name_ar: ev.target_name, name_en: names[ev.target]?.name_en })) : null,
        ev.subtype ? h("span", {}, ev.subtype) : null,
        ev.outlet ? h("span", { dir: "auto" }, ev.outlet) : null,
        h("span", { class: "ltr" }, dateOnly(ev.date)),
        ev.time && ev.time !== dateOnly(ev.date) ? h("span", { class: "ltr" }, `(${ev.time})`) : null,
        whoSays(ev.attributed_to, names),
        h("a", { href: link, "data-article-link": ev.article_id }, t("article"), lang === "ar" ? " ←" : " →")));
  }

  async function showPair(a, b) {
    const view = document.getElementById("pair-view");
    view.replaceChildren(h("div", { class: "page" }, h("p", {}, t("loading"))));
    document.body.dataset.pair = "loading";
    let data;
    try { data = await api(`/api/pair/${enc(a)}/${enc(b)}`); } catch (err) {
      view.replaceChildren(h("div", { class: "page" }, errorBox(err)));
      document.body.dataset.pair = "error";
      return;
    }
    const names = data.names || {};
    const counts = {};
    for (const x of data.timeline.buckets) counts[x.type] = (counts[x.type] || 0) + x.n;
    const evBox = h("div", { id: "evidence-list" });
    let filter = null;
    const renderEvidence = () => {
      const list = data.evidence.filter((e) => !filter || e.type === filter);
      evBox.replaceChildren(...(list.length ? list.map((e) => evidenceItem(e, names)) : [h("p", { class: "muted" }, t("no_evidence"))]));
    };
    const chipButtons = [];
    const chip = (label, value) => {
      const btn = h("button", { type: "button", "aria-pressed": String(filter === value), "data-filter": value || "" }, label);
      btn.addEventListener("click", () => {
        filter = value;
        for (const c of chipButtons) c.setAttribute("aria-pressed", String(c === btn));
        renderEvidence();
      });
      chipButtons.push(btn);
      return btn;
    };
    const whyBox = h("div", { id: "why-panel" }, h("p", { class: "muted" }, t("loading")));
    const contraBox = h("div", { id: "contradictions-panel" }, h("p", { class: "muted" }, t("loading")));
    const page = h("div", { class: "page" },
      h("h1", {}, h("a", { href: `#/actor/${enc(data.a.id)}` }, nameNode(data.a)), " ↔ ",
        h("a", { href: `#/actor/${enc(data.b.id)}` }, nameNode(data.b))),
      h("p", { class: "muted" }, t("evidence_n", data.total), " · ",
        TYPES.filter((ty) => counts[ty]).map((ty) => `${t("t_" + ty)} ${counts[ty]}`).join(" · ")),
      h("div", { class: "pair-grid" },
        h("div", {},
          h("h2", {}, t("timeline")), timelineChart(data.timeline),
          h("h2", {}, t("evidence"), " ", data.evidence.length < data.total ? h("span", { class: "small muted" }, t("more", data.evidence.length, data.total)) : null),
          h("div", { class: "chips" }, chip(t("all"), null), TYPES.filter((ty) => counts[ty]).map((ty) => chip(t("t_" + ty), ty))),
          evBox),
        h("div", {},
          h("h2", {}, t("why")), whyBox,
          h("h2", {}, t("contradictions")), contraBox)));
    renderEvidence();
    view.replaceChildren(page);
    view.scrollTop = 0;
    document.body.dataset.pair = "ready";
    loadWhy(data.a.id, data.b.id, whyBox);
    loadContradictions(data.a.id, data.b.id, contraBox);
  }

  async function loadWhy(a, b, box) {
    let res;
    try { res = await api(`/api/pair/${enc(a)}/${enc(b)}/why`, { limit: 10 }); } catch (err) { box.replaceChildren(errorBox(err)); return; }
    if (!res.reasons.length) { box.replaceChildren(h("p", { class: "muted" }, t("no_reasons"))); return; }
    box.replaceChildren(h("ol", { class: "reasons" }, res.reasons.map((r) => h("li", { class: "card reason" },
      ar(r.text, "p", "sentence"),
      h("div", { class: "meta" },
        h("span", {}, `${t("score")} ${r.score}`),
        r.copies > 1 ? h("span", {}, t("copies", r.copies)) : null,
        r.outlet ? h("span", { dir: "auto" }, r.outlet) : null,
        h("span", { class: "ltr" }, dateOnly(r.published)),
        h("a", { href: `#/article/${enc(r.article_id)}?s=${r.start}&e=${r.end}` }, ar(r.title || t("article")))),
      h("div", { class: "signals" }, r.signals.join(" · "))))));
  }

  function sideList(sides, names) {
    return sides.map((x) => h("div", { class: "small" },
      ar(x.evidence_text, "p", "sentence"),
      h("div", { class: "meta" }, x.outlet ? h("span", { dir: "auto" }, x.outlet) : null,
        h("span", { class: "ltr" }, dateOnly(x.published)), whoSays(x.attributed_to, names),
        h("a", { href: `#/article/${enc(x.article_id)}?s=${x.evidence_start}&e=${x.evidence_end}` }, t("article")))));
  }

  async function loadContradictions(a, b, box) {
    let res;
    try { res = await api("/api/contradictions", { a, b }); } catch (err) { box.replaceChildren(errorBox(err)); return; }
    const names = res.names || {};
    if (!res.contradictions.length) { box.replaceChildren(h("p", { class: "muted" }, t("no_contradictions"))); return; }
    box.replaceChildren(...res.contradictions.map((c) => h("div", { class: "card contradiction" },
      h("h3", {}, nameNode({ id: c.subject, ...(names[c.subject] || {}) }), " ",
        c.kind === "presence" ? t("present_in") : typeBadge(c.predicate), " ",
        nameNode({ id: c.object, ...(names[c.object] || { name_ar: c.object }) })),
      h("div", { class: "side-by-side" },
        h("div", {}, h("h4", {}, t("asserted_side")), sideList(c.asserted, names)),
        h("div", {}, h("h4", {}, t("negated_side")), sideList(c.negated, names))))));
  }

  // ---------------------------------------------------------------- actor view
  function actorLink(x) {
    return h("a", { href: `#/actor/${enc(x.id)}` }, nameNode(x));
  }

  async function showActor(id) {
    const view = document.getElementById("actor-view");
    view.replaceChildren(h("div", { class: "page" }, h("p", {}, t("loading"))));
    let a;
    try { a = await api(`/api/actors/${enc(id)}`); } catch (err) {
      view.replaceChildren(h("div", { class: "page" }, errorBox(err)));
      return;
    }
    const facts = h("dl", { class: "facts" },
      h("dt", {}, t("names")), h("dd", {}, ar(a.name_ar), " · ", h("span", { lang: "en", dir: "ltr" }, a.name_en)),
      h("dt", {}, t("kind")), h("dd", {}, t("k_" + a.kind), a.provisional ? h("span", { class: "muted small" }, " — ", t("provisional")) : null),
      a.active ? [h("dt", {}, t("active")), h("dd", {}, h("span", { class: "ltr" }, a.active))] : null,
      a.wikidata ? [h("dt", {}, "Wikidata"), h("dd", {}, h("span", { class: "ltr" }, a.wikidata))] : null,
      a.parent ? [h("dt", {}, t("parent")), h("dd", {}, actorLink(a.parent), a.parent_rel ? h("span", { class: "muted" }, ` (${a.parent_rel})`) : null)] : null);
    const aliases = [];
    if (a.aliases_ar.length || a.aliases_en.length) {
      aliases.push(h("h2", {}, t("aliases")), h("div", { class: "aliases" },
        a.aliases_ar.map((x) => h("span", { lang: "ar", dir: "rtl" }, x)),
        a.aliases_en.map((x) => h("span", { lang: "en", dir: "ltr" }, x))));
    }
    const lineage = [];
    if (a.parents.length || a.children.length || a.successors.length || a.predecessors.length) {
      lineage.push(h("h2", {}, t("lineage")));
      if (a.parents.length) {
        lineage.push(h("p", { class: "lineage-chain" }, nameNode(a),
          a.parents.map((p) => [h("span", { class: "muted" }, lang === "ar" ? ` ← ${p.rel || ""} ← ` : ` → ${p.rel || ""} → `), actorLink(p)])));
      }
      const refList = (title, items, extra) => items.length ? [h("h3", {}, title), h("ul", { class: "lineage" },
        items.map((x) => h("li", {}, actorLink(x), " ", h("span", { class: "muted small" }, extra(x)))))] : [];
      lineage.push(refList(t("predecessors"), a.predecessors, (x) => [x.how, x.year].filter(Boolean).join(" ")));
      lineage.push(refList(t("successors"), a.successors, (x) => [x.how, x.year].filter(Boolean).join(" ")));
      lineage.push(refList(t("children"), a.children, (x) => x.rel || ""));
    }
    const rels = [h("h2", {}, t("relations"))];
    for (const type of TYPES) {
      const list = a.relations[type];
      if (!list) continue;
      rels.push(h("h3", {}, typeBadge(type), " ", h("span", { class: "count" }, String(list.length))));
      rels.push(h("table", { class: "rels", "data-type": type },
        h("thead", {}, h("tr", {}, h("th", {}, t("other")), h("th", {}, t("dir")), h("th", {}, t("sources_h")),
          h("th", {}, t("mix")), h("th", {}, t("first_last")))),
        h("tbody", {}, list.map((r) => h("tr", {},
          h("td", {}, h("a", { href: `#/pair/${enc(a.id)}/${enc(r.other)}` }, nameNode({ id: r.other, name_ar: r.name_ar, name_en: r.name_en }))),
          h("td", {}, t(r.direction)),
          h("td", { class: "count" }, String(r.n_articles)),
          h("td", { class: "small" }, ["asserted", "hedged", "negated"].filter((m) => r.modality[m]).map((m) => `${t("m_" + m)} ${r.modality[m]}`).join(" · ")),
          h("td", { class: "ltr small" }, `${dateOnly(r.first)} – ${dateOnly(r.last)}`))))));
    }
    if (rels.length === 1) rels.push(h("p", { class: "muted" }, t("no_evidence")));
    view.replaceChildren(h("div", { class: "page", "data-actor": a.id },
      h("h1", {}, nameNode(a), " ", h("span", { class: "badge plain" }, t("k_" + a.kind))),
      h("p", {}, h("a", { href: `#/?q=${enc(a.id)}` }, t("in_network"))),
      facts, aliases, lineage, rels));
    view.scrollTop = 0;
    document.body.dataset.actor = a.id;
  }

  // ---------------------------------------------------------------- article view
  async function showArticle(id, params) {
    const view = document.getElementById("article-view");
    view.replaceChildren(h("div", { class: "page" }, h("p", {}, t("loading"))));
    let a;
    try { a = await api(`/api/articles/${enc(id)}`); } catch (err) {
      view.replaceChildren(h("div", { class: "page" }, errorBox(err)));
      return;
    }
    const names = a.names || {};
    const fs = Number(params.get("s")), fe = Number(params.get("e"));
    const focus = params.has("s") && params.has("e") && fe > fs;
    const spans = a.relations.map((r) => ({ start: r.start, end: r.end, title: `${r.source_ar} · ${t("t_" + r.type)} · ${r.target_ar}` }));
    if (focus) spans.unshift({ start: fs, end: fe, cls: "focus", id: "focus" });
    const body = h("div", { class: "article-text", lang: "ar", dir: "rtl" });
    body.appendChild(highlight(a.text, spans));
    const url = safeUrl(a.url);
    view.replaceChildren(h("div", { class: "page", "data-article": a.id },
      h("h1", { lang: "ar", dir: "auto" }, a.title || a.id),
      h("dl", { class: "facts" },
        h("dt", {}, t("published")), h("dd", {}, h("span", { class: "ltr" }, a.published || "—")),
        h("dt", {}, t("outlet")), h("dd", { dir: "auto" }, a.outlet || "—"),
        a.author ? [h("dt", {}, t("author")), h("dd", { dir: "auto" }, a.author)] : null,
        a.url ? [h("dt", {}, t("url")), h("dd", {}, h("span", { class: "ltr" }, url ? h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url) : a.url))] : null,
        a.duplicates ? [h("dt", {}, t("duplicates")), h("dd", {}, String(a.duplicates))] : null),
      body,
      h("h2", {}, t("article_relations")),
      h("ul", {}, a.relations.map((r) => h("li", {},
        h("a", { href: `#/pair/${enc(r.source)}/${enc(r.target)}` }, nameNode({ id: r.source, name_ar: r.source_ar, name_en: r.source_en }),
          " ", typeBadge(r.type), " ", nameNode({ id: r.target, name_ar: r.target_ar, name_en: r.target_en })),
        " ", modBadge(r.modality), " ", whoSays(r.attributed_to, names))))));
    const mark = document.getElementById("focus");
    if (mark) mark.scrollIntoView({ block: "center" });
    else view.scrollTop = 0;
  }

  // ---------------------------------------------------------------- router
  const VIEWS = ["network", "pair", "actor", "article"];
  function show(which) {
    for (const v of VIEWS) document.getElementById(`${v}-view`).hidden = v !== which;
    document.body.dataset.view = which;
  }

  function route() {
    const hash = location.hash.replace(/^#/, "") || "/";
    const [path, query] = hash.split("?");
    const params = new URLSearchParams(query || "");
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] === "pair" && parts.length >= 3) { show("pair"); showPair(parts[1], parts[2]); }
    else if (parts[0] === "actor" && parts.length >= 2) { show("actor"); showActor(parts[1]); }
    else if (parts[0] === "article" && parts.length >= 2) { show("article"); showArticle(parts.slice(1).join("/"), params); }
    else { show("network"); setFilters(params); loadNetwork(); }
  }

  async function loadStats() {
    try {
      const st = await api("/api/stats");
      document.getElementById("stats").textContent = t("stats", st);
      document.getElementById("stats").dataset.raw = JSON.stringify(st);
    } catch (err) { /* the stats line is decoration */ }
  }

  function start() {
    buildFilterControls();
    applyLang();
    wireFilters();
    document.getElementById("lang-toggle").addEventListener("click", () => {
      lang = lang === "ar" ? "en" : "ar";
      localStorage.setItem("rawabit.lang", lang);
      applyLang();
      const st = document.getElementById("stats").dataset.raw;
      if (st) document.getElementById("stats").textContent = t("stats", JSON.parse(st));
      net.key = null;
      route();
    });
    window.addEventListener("hashchange", route);
    route();
    loadStats();
  }

  // A small hook for tests and the latency benchmark.
  window.rawabit = { openEdge, route, get cy() { return net.cy; }, get network() { return net.data; } };
  start();
})();
