/* 出境通 — the 清单 / Lists view: one edition of a negative list as sectors → scenarios → items, a search over
   items (POST /api/search, kind list_item), the edition and the illustrative banner. Links from chat citations
   arrive as /lists#list=<list_id>&item=<item_id>. No build step, no framework; text is set as text, never HTML. */
(function () {
  "use strict";

  const TEXT = {
    zh: {
      skip: "跳到清单搜索", title: "负面清单", tagline: "上海自贸试验区及临港新片区 · 数据出境负面清单条目", chat: "问答",
      searchLabel: "搜索清单条目", searchPlaceholder: "描述数据，例如：船员护照扫描件", search: "搜索",
      banner: "示例清单，非官方文本：本清单的条目是为演示和测试编写的示例，不是官方公布的负面清单；请以官方发布的清单为准。",
      edition: (e) => `${e}版`, effective: (d) => `自 ${d} 起施行`, items: (n) => `${n} 个条目`,
      editionStatus: { in_force: "现行版本", superseded: "已被新版本替代", not_yet_in_force: "尚未施行", repealed: "已失效" },
      routes: { security_assessment: "安全评估", standard_contract_or_certification: "标准合同或认证" },
      kinds: { personal_information: "个人信息", important_data: "重要数据" },
      illustrative: "示例", official: "正式发布", deferNational: "按国家门槛", noHits: "没有找到匹配的条目。",
      resultsFor: (q, n) => `“${q}”的搜索结果：${n} 条`, loading: "加载中…", failed: "清单加载失败：",
      showInList: "在清单中查看", otherEdition: "其他版本",
    },
    en: {
      skip: "Skip to list search", title: "Negative lists", tagline: "Shanghai FTZ & Lingang · data-export negative-list items", chat: "Chat",
      searchLabel: "Search list items", searchPlaceholder: "Describe the data in your words, e.g. crew passport scans", search: "Search",
      banner: "Illustrative sample, not the official list: these items were written for demonstration and tests; rely only on the officially published list.",
      edition: (e) => `edition ${e}`, effective: (d) => `effective ${d}`, items: (n) => `${n} items`,
      editionStatus: { in_force: "in force", superseded: "superseded", not_yet_in_force: "not yet in force", repealed: "repealed" },
      routes: { security_assessment: "Security assessment", standard_contract_or_certification: "Standard contract or certification" },
      kinds: { personal_information: "Personal information", important_data: "Important data" },
      illustrative: "illustrative", official: "official", deferNational: "national thresholds", noHits: "No matching item.",
      resultsFor: (q, n) => `Results for “${q}”: ${n}`, loading: "Loading…", failed: "Could not load the list: ",
      showInList: "Show in list", otherEdition: "other edition",
    },
  };

  const state = { lang: localStorage.getItem("chujing.lang") === "en" ? "en" : "zh", lists: [], current: null };
  const $ = (id) => document.getElementById(id);
  const t = (key) => TEXT[state.lang][key];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  function hashParams() {
    return new URLSearchParams(location.hash.replace(/^#/, ""));
  }

  function badge(cls, text) {
    return el("span", { class: "badge " + cls }, text);
  }

  function routeBadge(route) {
    return badge("route route-" + route, t("routes")[route] || route);
  }

  function editionBadge(status) {
    return badge("edition-" + status, t("editionStatus")[status] || status);
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang === "en" ? "en" : "zh-CN";
    document.querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = t(node.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach((node) => { node.placeholder = t(node.dataset.i18nPlaceholder); });
    $("lang-toggle").textContent = state.lang === "en" ? "中文" : "EN";
    document.title = `${t("title")} · 出境通`;
  }

  function itemAnchor(listId, itemId) {
    return `item-${listId}-${itemId}`;
  }

  function renderHead(lst, info) {
    $("banner").hidden = lst.status !== "illustrative";
    $("banner").textContent = t("banner");
    $("list-kicker").textContent = lst.list_id;
    $("list-title").textContent = lst.title;
    const count = lst.sectors.reduce((n, s) => n + s.scenarios.reduce((m, c) => m + c.items.length, 0), 0);
    $("list-meta").replaceChildren(...[  // replaceChildren writes a null as the text "null"
      badge("status-" + lst.status, lst.status === "illustrative" ? t("illustrative") : t("official")),
      el("span", { class: "meta-item edition-label" }, t("edition")(lst.edition)),
      info ? editionBadge(info.edition_status) : null,
      lst.effective ? el("span", { class: "meta-item" }, t("effective")(lst.effective)) : null,
      el("span", { class: "meta-item" }, t("items")(count)),
    ].filter(Boolean));
    $("editions").replaceChildren(...state.lists.map((l) => el("button", {
      type: "button", class: "ghost small edition-choice" + (l.list_id === lst.list_id ? " current" : ""),
      "aria-pressed": l.list_id === lst.list_id ? "true" : "false", "data-list": l.list_id,
      onclick: () => show(l.list_id),
    }, `${t("edition")(l.edition)} · ${t("editionStatus")[l.edition_status] || l.edition_status}`)));
  }

  function itemCard(lst, item) {
    const thresholds = item.thresholds || {};
    return el("li", { class: "item", id: itemAnchor(lst.list_id, item.id), "data-item": item.id, tabindex: "-1" },
      el("div", { class: "item-top" },
        el("code", { class: "item-id" }, item.id),
        el("span", { class: "item-cat" }, `${item.category}／${item.subcategory}`),
        el("span", { class: "item-badges" },
          badge("kind kind-" + item.data_kind, t("kinds")[item.data_kind] || item.data_kind),
          routeBadge(item.route),
          thresholds.defer_to_national ? badge("defer", t("deferNational")) : null)),
      el("p", { class: "item-desc" }, item.description));
  }

  function renderSectors(lst) {
    $("sectors").replaceChildren(...lst.sectors.map((sector) => el("section", { class: "sector", "data-sector": sector.id },
      el("h3", null, sector.name),
      ...sector.scenarios.map((scenario) => el("div", { class: "scenario", "data-scenario": scenario.id },
        el("h4", null, scenario.name),
        el("ol", { class: "items" }, ...scenario.items.map((item) => itemCard(lst, item))))))));
  }

  function highlight(itemId) {
    if (!itemId || !state.current) return;
    const node = document.getElementById(itemAnchor(state.current.list_id, itemId));
    if (!node) return;
    document.querySelectorAll(".item.hit").forEach((n) => n.classList.remove("hit"));
    node.classList.add("hit");
    node.scrollIntoView({ block: "center", behavior: "instant" });
    node.focus({ preventScroll: true });
  }

  async function show(listId, itemId) {
    $("status").textContent = t("loading");
    try {
      const r = await fetch("/api/lists/" + encodeURIComponent(listId));
      if (!r.ok) throw new Error(`${r.status}`);
      const lst = await r.json();
      state.current = lst;
      renderHead(lst, state.lists.find((l) => l.list_id === listId));
      renderSectors(lst);
      $("status").textContent = "";
      history.replaceState(null, "", `#list=${encodeURIComponent(listId)}` + (itemId ? `&item=${encodeURIComponent(itemId)}` : ""));
      highlight(itemId);
    } catch (err) {
      $("status").textContent = t("failed") + err.message;
    }
  }

  function resultRow(hit) {
    return el("li", { class: "result" + (hit.in_force ? "" : " other-edition") },
      el("button", {
        type: "button", class: "linkish result-link", "aria-label": `${t("showInList")}: ${hit.label}`,
        onclick: () => (state.current && hit.list_id === state.current.list_id ? highlight(hit.item_id) : show(hit.list_id, hit.item_id)),
      }, el("code", { class: "item-id" }, hit.item_id), `${hit.sector}／${hit.scenario}：${hit.category}／${hit.subcategory}`),
      el("span", { class: "item-badges" },
        routeBadge(hit.route),
        hit.illustrative ? badge("status-illustrative", t("illustrative")) : null,
        hit.in_force ? null : editionBadge(hit.edition_status),
        hit.in_force ? null : el("span", { class: "meta-item" }, t("edition")(hit.edition))));
  }

  async function search(ev) {
    ev.preventDefault();
    const query = $("item-query").value.trim();
    const results = $("results");
    if (!query) { results.hidden = true; return; }
    const r = await fetch("/api/search", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query, kind: "list_item", k: 8 }),
    });
    const hits = r.ok ? await r.json() : [];
    results.hidden = false;
    results.replaceChildren(
      el("li", { class: "results-head muted small" }, hits.length ? t("resultsFor")(query, hits.length) : t("noHits")),
      ...hits.map(resultRow));
  }

  async function start() {
    applyLanguage();
    $("lang-toggle").addEventListener("click", () => {
      state.lang = state.lang === "en" ? "zh" : "en";
      localStorage.setItem("chujing.lang", state.lang);
      applyLanguage();
      if (state.current) { renderHead(state.current, state.lists.find((l) => l.list_id === state.current.list_id)); renderSectors(state.current); }
    });
    $("item-search").addEventListener("submit", search);
    const r = await fetch("/api/lists");
    state.lists = r.ok ? await r.json() : [];
    const params = hashParams();
    const wanted = params.get("list");
    const first = state.lists.find((l) => l.list_id === wanted) || state.lists.find((l) => l.edition_status === "in_force") || state.lists[0];
    if (first) await show(first.list_id, params.get("item"));
    else $("status").textContent = t("noHits");
    window.addEventListener("hashchange", () => {
      const p = hashParams();
      if (p.get("list") && (!state.current || p.get("list") !== state.current.list_id)) show(p.get("list"), p.get("item"));
      else highlight(p.get("item"));
    });
  }

  start();
})();
