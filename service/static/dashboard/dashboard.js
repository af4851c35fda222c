// The statements desk dashboard: a reference client of the public API.
//
// Everything on the page comes from documented /api/v1 endpoints, read the
// way any consumer would: list envelopes with next_cursor, the feed's
// filters as plain query parameters, ?expand= for embedded records, and
// problem+json errors whose `detail` is shown to the reader as it is.
// Text from the API is always put into the page as text, never as HTML.
"use strict";

(() => {
  const API = "/api/v1";
  const PAGE_SIZE = 50;
  // The feed in the order news happens: the reporting article's date, newest first.
  const FEED_ORDER = "-published_at";
  const SEARCH_HITS = 100;  // /search's largest page: the ranking the feed is ordered by
  const FILTERS = ["q", "speaker", "country", "topic", "from", "to"];
  const KIND_LABELS = { direct: "اقتباس مباشر", indirect: "نقل بتصرف" };
  const SVG_NS = "http://www.w3.org/2000/svg";  // a namespace name, never fetched

  const $ = (id) => document.getElementById(id);
  const form = $("filters");

  const state = {
    generation: 0,       // bumped by every new query: a slower, older answer is dropped
    filters: {},
    items: [],
    hits: new Map(),     // statement id -> {rank, snippet} from /search, when searching
    cursor: null,
    topics: new Map(),   // id -> name_ar
    countries: new Map(),  // code -> name_ar
    people: new Map(),   // participant id -> {name_ar, name_en}
    profileId: null,
  };
  const NETWORK_NODES = 80;
  const DUPLICATES_SHOWN = 5;  // the likeliest duplicates a profile lists  // the most-met participants drawn, so a large archive stays legible

  // --- The API ------------------------------------------------------------

  class ApiProblem extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
      this.status = status;
    }
  }

  async function getJSON(path, params = {}) {
    const url = new URL(API + path, window.location.origin);
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== "") url.searchParams.append(name, value);
    }
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new ApiProblem(response.status, body);
    return body;
  }

  // The entity tag of one record (for the If-Match a write must name), from a HEAD request.
  async function etagOf(path) {
    const response = await fetch(new URL(API + path, window.location.origin), { method: "HEAD" });
    return response.ok ? response.headers.get("ETag") : null;
  }

  // Every item of a list, following next_cursor (bounded: these fill drop-downs).
  async function getAll(path, params = {}, maxPages = 10) {
    const items = [];
    let cursor = null;
    for (let page = 0; page < maxPages; page += 1) {
      const body = await getJSON(path, { ...params, limit: 500, cursor });
      items.push(...body.items);
      cursor = body.next_cursor;
      if (!cursor) break;
    }
    return items;
  }

  // --- Small DOM helpers ----------------------------------------------------

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined || value === null) continue;
      if (name === "className") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    node.append(...children.filter((child) => child !== null && child !== undefined));
    return node;
  }

  function svg(tag, attributes = {}, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  function setStatus(message, isError = false) {
    const status = $("status");
    status.textContent = message;
    status.classList.toggle("error", isError);
  }

  // A date as precise as it is known: "2020-01" for a month-precision date, never an invented day.
  function shownDate(value, precision) {
    if (!value) return "";
    const day = value.slice(0, 10);
    if (precision === "year") return day.slice(0, 4);
    if (precision === "month") return day.slice(0, 7);
    return day;
  }

  // A /search snippet is the original text HTML-escaped with matches in <mark>.
  // It is parsed inertly and only its text and <mark>s are kept.
  function snippetNodes(snippet) {
    const parsed = new DOMParser().parseFromString(`<body>${snippet}</body>`, "text/html");
    return Array.from(parsed.body.childNodes, (node) =>
      node.nodeName === "MARK" ? el("mark", {}, node.textContent) : document.createTextNode(node.textContent));
  }

  // --- Filters and the page's own URL -----------------------------------------

  function readFilters() {
    const filters = {};
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) filters[name] = value;
    }
    return filters;
  }

  function writeFilters(filters) {
    for (const name of FILTERS) form.elements[name].value = filters[name] || "";
  }

  // The page's address mirrors the view (filters and open profile), so a view can be linked.
  function writeAddress() {
    const params = new URLSearchParams(state.filters);
    if (state.profileId) params.set("participant", state.profileId);
    const query = params.toString();
    window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
  }

  function readAddress() {
    const params = new URLSearchParams(window.location.search);
    const filters = {};
    for (const name of FILTERS) if (params.get(name)) filters[name] = params.get(name);
    return { filters, participant: params.get("participant") };
  }

  function fillSelect(select, options) {
    for (const [value, label] of options) select.append(el("option", { value }, label));
  }

  async function loadChoices() {
    const [participants, countries, topics] = await Promise.all([
      getAll("/participants", { fields: "id,name_ar,name_en" }),
      getAll("/countries"),
      getAll("/topics"),
    ]);
    for (const country of countries) state.countries.set(country.code, country.name_ar);
    for (const topic of topics) state.topics.set(topic.id, topic.name_ar);
    for (const person of participants) state.people.set(person.id, person);
    const byArabicName = (a, b) => a.name_ar.localeCompare(b.name_ar, "ar");
    fillSelect(form.elements.speaker, participants.sort(byArabicName).map((p) => [p.id, p.name_ar]));
    fillSelect(form.elements.country, countries.sort(byArabicName).map((c) => [c.code, c.name_ar]));
    fillSelect(form.elements.topic, topics.sort(byArabicName).map((t) => [t.id, t.name_ar]));
  }

  // --- The feed and the chart -------------------------------------------------

  // One query, three answers from the same filters: the feed's first page,
  // its ranking and snippets when searching, and the monthly counts.
  async function refresh() {
    const generation = ++state.generation;
    state.filters = readFilters();
    writeAddress();
    document.body.dataset.state = "loading";
    $("feed").setAttribute("aria-busy", "true");
    setStatus("جارٍ التحميل…");
    const filters = state.filters;
    try {
      const [page, search, months] = await Promise.all([
        getJSON("/statements", { ...filters, expand: "speaker,article", sort: FEED_ORDER,
                                  limit: PAGE_SIZE, count: "true" }),
        // /statements?q= filters but keeps its own order; /search ranks and highlights
        // but takes no filters. The feed is the first, ordered and marked up by the second.
        filters.q ? getJSON("/search", { q: filters.q, type: "statement", limit: SEARCH_HITS }) : null,
        getJSON("/stats/statements", { ...filters, group_by: "month" }),
      ]);
      if (generation !== state.generation) return;
      state.hits = new Map((search ? search.items : []).map((hit, rank) => [hit.id, { rank, snippet: hit.snippet }]));
      state.items = page.items;
      state.cursor = page.next_cursor;
      renderFeed(page.total);
      renderChart(months);
      setStatus("");
      loadNetwork(generation);
    } catch (error) {
      if (generation !== state.generation) return;
      state.items = [];
      state.cursor = null;
      renderFeed(0);
      renderChart({ total: 0, items: [] });
      setStatus(`تعذّر التحميل: ${error.message}`, true);
    }
    $("feed").setAttribute("aria-busy", "false");
    document.body.dataset.state = "ready";
  }

  async function loadMore() {
    const generation = state.generation;
    $("more").disabled = true;
    try {
      const page = await getJSON("/statements", {
        ...state.filters, expand: "speaker,article", sort: FEED_ORDER, limit: PAGE_SIZE, cursor: state.cursor });
      if (generation !== state.generation) return;
      state.items.push(...page.items);
      state.cursor = page.next_cursor;
      renderFeed();
    } catch (error) {
      setStatus(`تعذّر التحميل: ${error.message}`, true);
    } finally {
      $("more").disabled = false;
    }
  }

  // Best search match first. Statements past /search's last hit (it returns
  // at most SEARCH_HITS) follow in the feed's own order: Array.sort is stable.
  function inSearchOrder(items) {
    const rank = (item) => (state.hits.has(item.id) ? state.hits.get(item.id).rank : Infinity);
    return [...items].sort((a, b) => rank(a) - rank(b));
  }

  function renderFeed(total) {
    const feed = $("feed");
    feed.replaceChildren(...inSearchOrder(state.items).map(statementItem));
    if (!state.items.length) feed.append(el("li", { className: "empty" }, "لا تصريحات تطابق هذا البحث."));
    if (total !== undefined) $("feed-count").textContent = `(${total})`;
    $("more").hidden = !state.cursor;
  }

  function statementItem(statement) {
    const speaker = statement.speaker || {};
    const article = statement.article || {};
    const hit = state.hits.get(statement.id);
    const text = hit ? snippetNodes(hit.snippet) : [statement.text];
    const country = state.countries.get(speaker.country_code);
    return el("li", { className: `statement kind-${statement.kind}`, "data-id": statement.id,
                      "data-speaker-id": statement.speaker_id },
      el("div", { className: "meta" },
        el("button", { type: "button", className: "speaker link",
                       title: speaker.name_en || null,
                       onclick: () => openProfile(statement.speaker_id) }, speaker.name_ar || `#${statement.speaker_id}`),
        country ? el("span", { className: "country" }, country) : null,
        el("span", { className: "kind" }, KIND_LABELS[statement.kind] || statement.kind)),
      el("blockquote", { className: "text" }, ...text),
      el("p", { className: "source" },
        el("span", { className: "article-title" }, article.title || `مقال #${statement.article_id}`),
        article.published_at ? " · " : null,
        dateElement(article.published_at, article.date_precision)),
      statement.topic_ids.length
        ? el("ul", { className: "topics", "aria-label": "المواضيع" },
          ...statement.topic_ids.map((id) => el("li", {}, state.topics.get(id) || `#${id}`)))
        : null);
  }

  // Bars per month, oldest on the right as an Arabic reader reads.
  function renderChart(stats) {
    const chart = $("chart");
    $("chart-total").textContent = `(${stats.total})`;
    if (!stats.items.length) {
      chart.replaceChildren(el("p", { className: "empty" }, "لا بيانات."));
      return;
    }
    const bar = 40;
    const gap = 16;
    const plot = 110;   // height of the tallest bar
    const top = 22;     // room for the count above a bar
    const bottom = 28;  // room for the month below
    const width = stats.items.length * (bar + gap) + gap;
    const height = top + plot + bottom;
    const most = Math.max(...stats.items.map((item) => item.count));
    const graphic = svg("svg", {
      width, height, viewBox: `0 0 ${width} ${height}`, role: "group", "aria-labelledby": "chart-title",
      class: "bars" });
    graphic.append(svg("line", { x1: 0, x2: width, y1: top + plot, y2: top + plot, class: "axis" }));
    stats.items.forEach((item, index) => {
      const x = width - gap - bar - index * (bar + gap);
      const barHeight = Math.max(2, Math.round((item.count / most) * plot));
      const month = item.key || "بلا تاريخ";
      const group = svg("g", {
        class: "bar", tabindex: 0, role: "button", "data-month": item.key || "", "data-count": item.count,
        "aria-label": `${month}: ${item.count}` },
      svg("title", {}, `${month}: ${item.count}`),
      svg("rect", { x, y: top + plot - barHeight, width: bar, height: barHeight, rx: 3 }),
      svg("text", { x: x + bar / 2, y: top + plot - barHeight - 6, class: "value" }, String(item.count)),
      svg("text", { x: x + bar / 2, y: top + plot + 18, class: "label" }, month));
      if (item.key) {
        const choose = () => showMonth(item.key);
        group.addEventListener("click", choose);
        group.addEventListener("keydown", (event) => {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); choose(); }
        });
      }
      graphic.append(group);
    });
    chart.replaceChildren(graphic);
  }

  // --- Who met whom ---------------------------------------------------------------

  // The meetings the page's filters select: /events in the date range (and of
  // the chosen speaker); with a search, a country or a topic, only those
  // reported by an article that a matching statement comes from.
  async function networkEvents(filters) {
    const range = { from: filters.from, to: filters.to, participant: filters.speaker };
    const events = await getAll("/events", range);
    if (!filters.q && !filters.country && !filters.topic) return events;
    const quoted = await getAll("/statements", { ...filters, fields: "id,article_id" });
    const articles = new Set(quoted.map((statement) => statement.article_id));
    return events.filter((event) => event.article_ids.some((id) => articles.has(id)));
  }

  // Participants as nodes (weighted by their meetings), one edge per pair that
  // met (weighted by how often): the most-met NETWORK_NODES only.
  function meetingGraph(events) {
    const meetings = new Map();
    const pairs = new Map();
    for (const event of events) {
      const ids = [...new Set(event.participants.map((p) => p.participant_id))].sort((a, b) => a - b);
      if (ids.length < 2) continue;
      for (const id of ids) meetings.set(id, (meetings.get(id) || 0) + 1);
      ids.forEach((a, i) => ids.slice(i + 1).forEach((b) => {
        const key = `${a}-${b}`;
        pairs.set(key, { a, b, count: (pairs.has(key) ? pairs.get(key).count : 0) + 1 });
      }));
    }
    const kept = new Set([...meetings].sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, NETWORK_NODES).map(([id]) => id));
    const nodes = [...kept].sort((a, b) => a - b).map((id) => ({ id, meetings: meetings.get(id) }));
    const edges = [...pairs.values()].filter((edge) => kept.has(edge.a) && kept.has(edge.b));
    return { nodes, edges };
  }

  // Fruchterman–Reingold from a circle: deterministic, so a view always draws alike.
  function forceLayout(nodes, edges, width, height) {
    const margin = 60;
    const byId = new Map(nodes.map((node, i) => {
      const angle = (2 * Math.PI * i) / nodes.length;
      node.x = width / 2 + (width / 2 - margin) * Math.cos(angle);
      node.y = height / 2 + (height / 2 - margin) * Math.sin(angle);
      return [node.id, node];
    }));
    const k = Math.sqrt(((width - 2 * margin) * (height - 2 * margin)) / Math.max(nodes.length, 1)) * 0.8;
    const rounds = 250;
    for (let round = 0; round < rounds; round += 1) {
      const heat = (width / 8) * (1 - round / rounds) + 1;
      for (const node of nodes) { node.dx = 0; node.dy = 0; }
      for (let i = 0; i < nodes.length; i += 1) {
        for (let j = i + 1; j < nodes.length; j += 1) {
          const a = nodes[i]; const b = nodes[j];
          const dx = a.x - b.x; const dy = a.y - b.y;
          const distance = Math.max(Math.hypot(dx, dy), 0.01);
          const push = (k * k) / distance;
          a.dx += (dx / distance) * push; a.dy += (dy / distance) * push;
          b.dx -= (dx / distance) * push; b.dy -= (dy / distance) * push;
        }
      }
      for (const edge of edges) {
        const a = byId.get(edge.a); const b = byId.get(edge.b);
        const dx = a.x - b.x; const dy = a.y - b.y;
        const distance = Math.max(Math.hypot(dx, dy), 0.01);
        const pull = ((distance * distance) / k) * Math.min(1 + Math.log(edge.count), 3) * 0.5;
        a.dx -= (dx / distance) * pull; a.dy -= (dy / distance) * pull;
        b.dx += (dx / distance) * pull; b.dy += (dy / distance) * pull;
      }
      for (const node of nodes) {
        node.dx += (width / 2 - node.x) * 0.06;  // a little gravity: no component drifts off
        node.dy += (height / 2 - node.y) * 0.06;
        const length = Math.max(Math.hypot(node.dx, node.dy), 0.01);
        node.x = Math.min(width - margin, Math.max(margin, node.x + (node.dx / length) * Math.min(length, heat)));
        node.y = Math.min(height - 30, Math.max(40, node.y + (node.dy / length) * Math.min(length, heat)));
      }
    }
  }

  async function loadNetwork(generation) {
    const network = $("network");
    network.dataset.state = "loading";
    try {
      const events = await networkEvents(state.filters);
      if (generation !== state.generation) return;
      renderNetwork(meetingGraph(events));
    } catch (error) {
      if (generation !== state.generation) return;
      network.replaceChildren(el("p", { className: "empty" }, `تعذّر رسم اللقاءات: ${error.message}`));
    }
    network.dataset.state = "ready";
  }

  function renderNetwork({ nodes, edges }) {
    const network = $("network");
    $("network-count").textContent = `(${nodes.length} مشاركاً، ${edges.length} صلة)`;
    if (!nodes.length) {
      network.replaceChildren(el("p", { className: "empty" }, "لا لقاءات تطابق هذه التصفية."));
      return;
    }
    const width = 1000;
    const height = Math.max(360, Math.min(700, 160 + nodes.length * 14));
    forceLayout(nodes, edges, width, height);
    const byId = new Map(nodes.map((node) => [node.id, node]));
    const most = Math.max(...nodes.map((node) => node.meetings));
    const graphic = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "graph",
                                 role: "group", "aria-labelledby": "network-title" });
    for (const edge of edges) {
      const a = byId.get(edge.a); const b = byId.get(edge.b);
      graphic.append(svg("line", {
        class: "edge", x1: a.x, y1: a.y, x2: b.x, y2: b.y, "stroke-width": Math.min(1 + edge.count, 6),
        "data-a": edge.a, "data-b": edge.b, "data-count": edge.count },
      svg("title", {}, `${nameOf(edge.a)} — ${nameOf(edge.b)}: ${edge.count}`)));
    }
    for (const node of nodes) {
      const radius = 6 + Math.round(10 * Math.sqrt(node.meetings / most));
      const group = svg("g", {
        class: `node${String(node.id) === state.profileId ? " chosen" : ""}`, tabindex: 0, role: "button",
        "data-id": node.id, "data-meetings": node.meetings, "aria-label": `${nameOf(node.id)}: ${node.meetings}` },
      svg("title", {}, `${nameOf(node.id)} · اللقاءات: ${node.meetings}`),
      svg("circle", { cx: node.x, cy: node.y, r: radius }),
      svg("text", { x: node.x, y: node.y - radius - 4 }, nameOf(node.id)));
      const choose = () => openProfile(node.id);
      group.addEventListener("click", choose);
      group.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); choose(); }
      });
      graphic.append(group);
    }
    network.replaceChildren(graphic);
  }

  function nameOf(id) {
    const person = state.people.get(Number(id));
    return person ? person.name_ar : `#${id}`;
  }

  function showMonth(key) {
    const [year, month] = key.split("-").map(Number);
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    form.elements.from.value = `${key}-01`;
    form.elements.to.value = `${key}-${String(lastDay).padStart(2, "0")}`;
    refresh();
  }

  // --- A participant's profile --------------------------------------------------

  async function openProfile(id) {
    state.profileId = String(id);
    writeAddress();
    const panel = $("profile");
    panel.hidden = false;
    panel.dataset.state = "loading";
    $("profile-title").textContent = "…";
    for (const part of ["profile-name-en", "profile-description"]) $(part).textContent = "";
    $("profile-roles").replaceChildren();
    $("profile-counterparts").replaceChildren();
    $("profile-timeline").replaceChildren();
    $("profile-duplicates").replaceChildren();
    try {
      const [participant, counterparts, meetings, duplicates] = await Promise.all([
        getJSON(`/participants/${id}`),
        // Older servers have no /counterparts: the profile shows "—" there instead of failing.
        getJSON(`/participants/${id}/counterparts`).catch(() => null),
        getAll(`/participants/${id}/events`, { sort: "date" }).catch(() => null),
        getJSON(`/participants/${id}/duplicates`, { limit: DUPLICATES_SHOWN }).catch(() => null),
      ]);
      if (state.profileId !== String(id)) return;
      $("profile-title").textContent = participant.name_ar;
      $("profile-name-en").textContent = participant.name_en || "";
      $("profile-description").textContent = participant.description || "";
      $("profile-roles").replaceChildren(...listOrDash(participant.roles, roleItem));
      $("profile-counterparts").replaceChildren(...listOrDash(counterparts && counterparts.items, counterpartItem));
      renderTimeline(meetings, Number(id));
      const found = (duplicates && duplicates.items) || [];
      // The merge command names the current tag of the record merged away (version and row).
      const tags = await Promise.all(found.map((item) => etagOf(`/participants/${item.candidate.id}`).catch(() => null)));
      if (state.profileId !== String(id)) return;
      found.forEach((item, index) => { item.etag = tags[index]; });
      $("profile-duplicates").replaceChildren(...listOrDash(duplicates && found, duplicateItem));
      for (const node of document.querySelectorAll("#network .node")) {
        node.classList.toggle("chosen", node.dataset.id === String(id));
      }
    } catch (error) {
      if (state.profileId !== String(id)) return;
      $("profile-title").textContent = "—";
      setStatus(`تعذّر تحميل الملف: ${error.message}`, true);
    }
    panel.dataset.state = "ready";
  }

  // A participant's dated meetings on one axis, oldest on the right; a dot's
  // title names the date (as precise as known), the event and whom they met.
  function renderTimeline(events, id) {
    const timeline = $("profile-timeline");
    const dated = (events || []).filter((event) => event.date);
    if (!dated.length) {
      timeline.replaceChildren(el("p", { className: "none" }, "—"));
      return;
    }
    const day = (event) => Date.parse(`${event.date}T00:00:00Z`);
    const first = day(dated[0]);
    const last = day(dated[dated.length - 1]);
    const width = 320;
    const height = 70;
    const margin = 18;
    const axis = 34;
    const x = (event) => (last === first ? width / 2
      : width - margin - ((day(event) - first) / (last - first)) * (width - 2 * margin));
    const graphic = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "group",
                                 "aria-labelledby": "profile-timeline-title" });
    graphic.append(svg("line", { class: "axis", x1: margin / 2, x2: width - margin / 2, y1: axis, y2: axis }));
    const seen = new Map();  // a second meeting on one day stacks above the first
    for (const event of dated) {
      const stack = seen.get(event.date) || 0;
      seen.set(event.date, stack + 1);
      const others = event.participants.filter((p) => p.participant_id !== id).map((p) => nameOf(p.participant_id));
      const when = shownDate(event.date, event.date_precision);
      graphic.append(svg("g", { class: "meeting", "data-event-id": event.id, "data-date": event.date },
        svg("title", {}, [when, event.title, others.join("، ")].filter(Boolean).join(" · ")),
        svg("circle", { cx: x(event), cy: axis - 8 - stack * 10, r: 5 })));
    }
    const years = [...new Set(dated.map((event) => event.date.slice(0, 4)))];
    for (const year of new Set([years[0], years[years.length - 1]])) {
      const event = dated.find((item) => item.date.startsWith(year));
      graphic.append(svg("text", { x: x(event), y: axis + 16 }, year));
    }
    timeline.replaceChildren(graphic);
  }

  function closeProfile() {
    state.profileId = null;
    $("profile").hidden = true;
    writeAddress();
  }

  function listOrDash(items, render) {
    return items && items.length ? items.map(render) : [el("li", { className: "none" }, "—")];
  }

  // A <time> isolated left-to-right: beside Arabic text, the bidi algorithm
  // would otherwise take "1989-06-04" for an Arabic number and reverse its parts.
  function dateElement(value, precision) {
    if (!value) return null;
    const shown = shownDate(value, precision);
    return el("time", { datetime: shown, dir: "ltr" }, shown);
  }

  // "start – end", "منذ start" (since) or "حتى end" (until); in the page's
  // right-to-left flow the earlier date comes first, on the right.
  function dateRange(start, end) {
    if (start && end) {
      return start.textContent === end.textContent ? [start] : [start, " – ", end];
    }
    if (start) return ["منذ ", start];
    if (end) return ["حتى ", end];
    return null;
  }

  function roleItem(role) {
    const span = dateRange(dateElement(role.start_date, role.start_date_precision),
                           dateElement(role.end_date, role.end_date_precision));
    return el("li", { className: "role" },
      el("span", { className: "title" }, role.title_ar || role.title_en || "—"),
      role.title_en && role.title_ar ? el("span", { className: "title-en", lang: "en", dir: "ltr" }, role.title_en) : null,
      span ? el("span", { className: "dates" }, ...span) : null);
  }

  function counterpartItem(counterpart) {
    const other = counterpart.participant;
    // *_date_precision is read when the server sends it: a month-precision meeting
    // must show as "2020-01", not as an invented first day of the month.
    const span = dateRange(dateElement(counterpart.first_date, counterpart.first_date_precision),
                           dateElement(counterpart.last_date, counterpart.last_date_precision));
    return el("li", { className: "counterpart" },
      el("button", { type: "button", className: "link", onclick: () => openProfile(other.id) }, other.name_ar),
      el("span", { className: "meetings" }, `اللقاءات: ${counterpart.meetings}`),
      span ? el("span", { className: "dates" }, ...span) : null);
  }

  // A likely duplicate: who, how likely and why, and the command that merges it into the
  // open profile. The command names the record's current entity tag (If-Match) and leaves
  // the key to the shell's $KEY: the page itself holds no key.
  function duplicateItem(found) {
    const other = found.candidate;
    const into = found.participant;
    const base = `${window.location.origin}${API}/participants/${other.id}`;
    const merge = `curl -X POST '${base}/merge' -H "Authorization: Bearer $KEY" `
      + `-H 'If-Match: ${found.etag || `"v${other.version}"`}' -H 'Content-Type: application/json' `
      + `-d '{"survivor_id": ${into.id}}'`;
    return el("li", { className: "duplicate", "data-id": other.id, "data-score": found.score },
      el("div", { className: "meta" },
        el("button", { type: "button", className: "link", onclick: () => openProfile(other.id) }, other.name_ar),
        other.name_en ? el("span", { className: "name-en", lang: "en", dir: "ltr" }, other.name_en) : null,
        el("span", { className: "score" }, `الترجيح: ${Math.round(found.score * 100)}٪`)),
      el("ul", { className: "reasons" },
        ...found.reasons.map((reason) => el("li", {
          className: reason.weight < 0 ? "reason against" : "reason", "data-code": reason.code,
          lang: "en", dir: "ltr" }, reason.weight < 0 ? `against: ${reason.detail}` : reason.detail))),
      el("pre", { className: "merge-command", dir: "ltr", lang: "en" },
        el("code", { title: `دمج ${other.name_ar} في ${into.name_ar}` }, merge)));
  }

  // --- Wiring -----------------------------------------------------------------

  async function start() {
    form.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
    // After the reset event the fields are cleared: query then.
    form.addEventListener("reset", () => setTimeout(refresh));
    for (const name of ["speaker", "country", "topic", "from", "to"]) {
      form.elements[name].addEventListener("change", refresh);
    }
    form.elements.speaker.addEventListener("change", () => {
      if (form.elements.speaker.value) openProfile(form.elements.speaker.value);
    });
    $("more").addEventListener("click", loadMore);
    $("profile-close").addEventListener("click", closeProfile);
    $("profile-filter").addEventListener("click", () => {
      form.elements.speaker.value = state.profileId;
      refresh();
    });

    const address = readAddress();
    try {
      await loadChoices();
    } catch (error) {
      setStatus(`تعذّر تحميل القوائم: ${error.message}`, true);
    }
    writeFilters(address.filters);
    const participant = address.participant || address.filters.speaker;
    if (participant) openProfile(participant);
    await refresh();
  }

  start();
})();
