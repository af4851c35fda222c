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
    profileId: null,
  };

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
        getJSON("/statements", { ...filters, expand: "speaker,article", limit: PAGE_SIZE, count: "true" }),
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
        ...state.filters, expand: "speaker,article", limit: PAGE_SIZE, cursor: state.cursor });
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
    try {
      const [participant, counterparts] = await Promise.all([
        getJSON(`/participants/${id}`),
        // Older servers have no /counterparts: the profile shows "—" there instead of failing.
        getJSON(`/participants/${id}/counterparts`).catch(() => null),
      ]);
      if (state.profileId !== String(id)) return;
      $("profile-title").textContent = participant.name_ar;
      $("profile-name-en").textContent = participant.name_en || "";
      $("profile-description").textContent = participant.description || "";
      $("profile-roles").replaceChildren(...listOrDash(participant.roles, roleItem));
      $("profile-counterparts").replaceChildren(...listOrDash(counterparts && counterparts.items, counterpartItem));
    } catch (error) {
      if (state.profileId !== String(id)) return;
      $("profile-title").textContent = "—";
      setStatus(`تعذّر تحميل الملف: ${error.message}`, true);
    }
    panel.dataset.state = "ready";
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
