// 出境通 chat page. No framework, no build step.
//
// Safety rule for this file: question, answer and article text are NEVER assigned to innerHTML. Everything is
// built with createElement/textContent; the Markdown renderer below turns a small safe subset into DOM nodes
// and leaves anything else as literal text.
"use strict";

(function () {
  // ------------------------------------------------------------------------------------------------------------
  // Strings
  // ------------------------------------------------------------------------------------------------------------
  const I18N = {
    zh: {
      skip: "跳到提问框", title: "出境通", tagline: "上海自贸试验区及临港新片区 · 数据出境合规问答",
      newChat: "新对话", introTitle: "数据出境前，先问一问",
      introText: "描述贵单位的情况（注册地、行业、数据类型、人数、用途），我会依据《上海自贸试验区及临港新片区数据出境负面清单管理办法》与国家规定给出有条文依据的结论，并列明仍需履行的义务。",
      disclaimer: "本工具提供合规参考，不构成法律意见。结论以所引条文为准。",
      inputLabel: "你的问题", placeholder: "例如：我们是临港新片区的再保险公司，要向境外再保险人提供分出业务数据，需要申报安全评估吗？",
      send: "发送", hint: "Enter 发送 · Shift+Enter 换行", close: "关闭", copyArticle: "复制条文",
      draftKicker: "服务窗口答复草稿", draftTitle: "答复草稿", company: "来函单位（可选）", draftRefresh: "更新草稿",
      copy: "复制", downloadDocx: "下载 .docx", you: "提问", assistant: "出境通", thinking: "正在核对条文…",
      verdict: "结论", basis: "依据", steps: "判断过程", obligations: "仍需履行的义务", clarify: "还需要确认",
      citations: "引用条文", sources: "检索到的相关条文", copyAnswer: "复制回答", draftReply: "起草答复",
      copied: "已复制", copyFailed: "复制失败，请手动选择文本", illustrative: "注意", error: "出错了",
      networkError: "无法连接服务器，请稍后重试。", degraded: "部分功能降级：", llm: "经大模型润色并校验",
      statusLabels: { in_force: "现行有效", superseded: "已被取代", partial: "节选", illustrative: "示例文本" },
      health: { loading: "正在加载索引…", ok: "", degraded: "检索降级", error: "索引不可用" },
      examplesLabel: "示例问题", chatLabel: "对话", articleOf: "条文", effective: "施行", issued: "发布", repealed: "废止",
      issuer: "发布机关", openArticle: "查看条文全文", chooseHint: "点选回答：", draftLoading: "正在生成草稿…",
      noDraft: "请先提出一个问题。", checklistHint: "可勾选已完成的事项（仅在本页记录）",
      lists: "清单", openInLists: "在清单页查看条目",
      emptyQuestion: "请输入问题。", paragraph: "款", notes: "关于本文本的说明",
      oneAtATime: "请先回答第 1 个问题；其余问题如仍影响结论，会在下一步再问。也可以直接输入补充说明。",
      understood: "我理解的情况", understoodHint: "点击任一项即可更正，结论会随之更新。",
      src: { stated: "您所述", answered: "您的回答", assumed: "默认", corrected: "已更正" },
      yes: "是", no: "否", unsure: "不确定", apply: "确定", cancel: "取消", countPlaceholder: "人数",
      bands: { pi_count_ytd: ["不满10万人", "10万至不满100万人", "100万人以上"], sensitive_pi_count_ytd: ["没有", "不满1万人", "1万人以上"] },
      zones: { shanghai_ftz: "上海自贸试验区", lingang: "临港新片区", other_ftz: "其他自贸试验区", outside: "不在自贸试验区" },
      correcting: "正在重新判断…", changeOf: "更正",
      examples: [
        "我们是临港新片区注册的再保险公司，在区内开展业务，要把人身险分出业务数据提供给境外再保险人，需要申报安全评估吗？",
        "一家上海浦东（不在自贸区）的电商公司，今年向境外传输了约15万人的个人信息，不含敏感个人信息，需要走什么程序？",
        "负面清单由谁批准？",
        "我们是自贸区内的航运公司，需要向境外船东发送船员护照扫描件。",
      ],
    },
    en: {
      skip: "Skip to the question box", title: "Chujing", tagline: "Shanghai FTZ & Lingang · cross-border data export Q&A",
      newChat: "New chat", introTitle: "Before data leaves China, ask",
      introText: "Describe your situation (where you are registered, your sector, the data, how many people, the purpose). I answer from the Shanghai FTZ / Lingang negative-list Measures and the national rules, with the articles quoted and the obligations that remain.",
      disclaimer: "Compliance guidance, not legal advice. The cited articles prevail.",
      inputLabel: "Your question", placeholder: "e.g. We are a reinsurer registered in Lingang and want to send ceded-business data to an overseas reinsurer. Do we need a security assessment?",
      send: "Send", hint: "Enter to send · Shift+Enter for a new line", close: "Close", copyArticle: "Copy article",
      draftKicker: "Helpdesk reply draft", draftTitle: "Reply draft", company: "Enquiring company (optional)", draftRefresh: "Update draft",
      copy: "Copy", downloadDocx: "Download .docx", you: "You", assistant: "Chujing", thinking: "Checking the articles…",
      verdict: "Verdict", basis: "Based on", steps: "How we decided", obligations: "Obligations that still apply", clarify: "Please confirm",
      citations: "Cited articles", sources: "Related articles retrieved", copyAnswer: "Copy answer", draftReply: "Draft reply",
      copied: "Copied", copyFailed: "Copy failed; select the text by hand", illustrative: "Note", error: "Something went wrong",
      networkError: "Cannot reach the server; please try again.", degraded: "Running degraded: ", llm: "Rewritten by the LLM and verified",
      statusLabels: { in_force: "in force", superseded: "superseded", partial: "excerpt", illustrative: "illustrative" },
      health: { loading: "Loading the index…", ok: "", degraded: "Search degraded", error: "Index unavailable" },
      examplesLabel: "Example questions", chatLabel: "Conversation", articleOf: "Article", effective: "Effective", issued: "Issued", repealed: "Repealed",
      issuer: "Issuer", openArticle: "Open the full article", chooseHint: "Click an answer:", draftLoading: "Drafting…",
      noDraft: "Ask a question first.", checklistHint: "Tick what is done (kept on this page only)",
      lists: "Lists", openInLists: "Open the item in the Lists view",
      emptyQuestion: "Please type a question.", paragraph: "para.", notes: "About this text",
      oneAtATime: "Answer question 1 first; the others are asked next if they still matter. You can also type a fuller reply.",
      understood: "What I understood", understoodHint: "Click any line to correct it; the verdict updates.",
      src: { stated: "as you said", answered: "your answer", assumed: "default", corrected: "corrected" },
      yes: "Yes", no: "No", unsure: "Not sure", apply: "Apply", cancel: "Cancel", countPlaceholder: "people",
      bands: { pi_count_ytd: ["under 100,000", "100,000 to 999,999", "1,000,000 or more"], sensitive_pi_count_ytd: ["none", "under 10,000", "10,000 or more"] },
      zones: { shanghai_ftz: "Shanghai FTZ", lingang: "Lingang", other_ftz: "another FTZ", outside: "outside any FTZ" },
      correcting: "Deciding again…", changeOf: "Corrected",
      examples: [
        "We are a reinsurer registered in Lingang, operating there. We want to send life reinsurance ceded-business data to an overseas reinsurer. Do we need a security assessment?",
        "A Shanghai e-commerce company outside the FTZ sent personal information of about 150,000 people abroad this year, no sensitive PI. What do we need?",
        "Who approves the negative list?",
        "We are a shipping company in the Shanghai FTZ and need to send crew passport scans to a foreign shipowner.",
      ],
    },
  };

  const VERDICT_STYLE = {
    exempt_negative_list: { tone: "ok", icon: "✓" },
    exempt: { tone: "ok", icon: "✓" },
    standard_contract_or_certification: { tone: "warn", icon: "!" },
    security_assessment: { tone: "stop", icon: "!" },
    other_law: { tone: "other", icon: "§" },
    needs_facts: { tone: "ask", icon: "?" },
    info: { tone: "info", icon: "i" },
    out_of_scope: { tone: "muted", icon: "–" },
  };

  // ------------------------------------------------------------------------------------------------------------
  // State and helpers
  // ------------------------------------------------------------------------------------------------------------
  const state = {
    lang: localStorage.getItem("chujing.lang") === "en" ? "en" : "zh",
    sessionId: null,
    busy: false,
    last: null, // last AskResponse
    shortTitles: {}, // doc_id → short title, from /api/documents
  };
  const $ = (id) => document.getElementById(id);
  const t = (key) => I18N[state.lang][key];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === "class") node.className = v;
        else if (k === "text") node.textContent = v;
        else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
        else node.setAttribute(k, v === true ? "" : String(v));
      }
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function toast(message) {
    const box = $("toast");
    box.textContent = message;
    box.classList.add("show");
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => box.classList.remove("show"), 2200);
  }

  async function copyText(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
      } else {
        const area = el("textarea", { class: "visually-hidden", "aria-hidden": "true" });
        area.value = text;
        document.body.append(area);
        area.select();
        const ok = document.execCommand("copy");
        area.remove();
        if (!ok) throw new Error("execCommand failed");
      }
      toast(t("copied"));
    } catch (err) {
      toast(t("copyFailed"));
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Safe Markdown subset → DOM: headings, paragraphs, lists, blockquotes, rules, **bold**, `code`, [n] citations.
  // ------------------------------------------------------------------------------------------------------------
  function renderInline(text, onCite) {
    const frag = document.createDocumentFragment();
    const pattern = /(\*\*([^*]+)\*\*|`([^`]+)`|\[(\d{1,3})\]|\*([^*\s][^*]*?)\*)/g;
    let last = 0;
    let m;
    while ((m = pattern.exec(text)) !== null) {
      if (m.index > last) frag.append(document.createTextNode(text.slice(last, m.index)));
      if (m[2] !== undefined) frag.append(el("strong", null, m[2]));
      else if (m[3] !== undefined) frag.append(el("code", null, m[3]));
      else if (m[4] !== undefined) {
        const n = Number(m[4]);
        frag.append(onCite ? onCite(n) : document.createTextNode(m[0]));
      } else if (m[5] !== undefined) frag.append(el("em", null, m[5]));
      last = pattern.lastIndex;
    }
    if (last < text.length) frag.append(document.createTextNode(text.slice(last)));
    return frag;
  }

  function renderMarkdown(source, onCite) {
    const root = el("div", { class: "md" });
    const lines = String(source || "").replace(/\r\n?/g, "\n").split("\n");
    let para = [];
    let list = null;
    let quote = null;
    const flushPara = () => {
      if (para.length) {
        const p = el("p");
        para.forEach((line, i) => {
          if (i) p.append(el("br"));
          p.append(renderInline(line, onCite));
        });
        root.append(p);
        para = [];
      }
    };
    const closeBlocks = () => {
      flushPara();
      list = null;
      quote = null;
    };
    for (const raw of lines) {
      const line = raw.replace(/\s+$/, "");
      let m;
      if (!line.trim()) {
        closeBlocks();
      } else if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
        closeBlocks();
        const level = Math.min(6, m[1].length + 2); // the page owns h1/h2
        root.append(el("h" + level, null, renderInline(m[2], onCite)));
      } else if (/^(-{3,}|\*{3,})$/.test(line.trim())) {
        closeBlocks();
        root.append(el("hr"));
      } else if ((m = /^\s*[-*•]\s+(.*)$/.exec(line))) {
        flushPara();
        quote = null;
        if (!list || list.tagName !== "UL") {
          list = el("ul");
          root.append(list);
        }
        list.append(el("li", null, renderInline(m[1], onCite)));
      } else if ((m = /^\s*(\d{1,3})[.)、]\s+(.*)$/.exec(line))) {
        flushPara();
        quote = null;
        if (!list || list.tagName !== "OL") {
          list = el("ol", { start: m[1] });
          root.append(list);
        }
        list.append(el("li", null, renderInline(m[2], onCite)));
      } else if ((m = /^>\s?(.*)$/.exec(line))) {
        flushPara();
        list = null;
        if (!quote) {
          quote = el("blockquote");
          root.append(quote);
        }
        quote.append(el("p", null, renderInline(m[1], onCite)));
      } else {
        list = null;
        quote = null;
        para.push(line.trim());
      }
    }
    closeBlocks();
    return root;
  }

  // ------------------------------------------------------------------------------------------------------------
  // The article dialog
  // ------------------------------------------------------------------------------------------------------------
  let dialogReturnFocus = null;

  function openDialog(dialog, opener) {
    dialogReturnFocus = opener || document.activeElement;
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
  }

  function closeDialog(dialog) {
    if (typeof dialog.close === "function") dialog.close();
    else dialog.removeAttribute("open");
  }

  document.addEventListener("click", (ev) => {
    const closer = ev.target.closest("[data-close]");
    if (closer) closeDialog(closer.closest("dialog"));
  });
  for (const dialog of document.querySelectorAll("dialog")) {
    dialog.addEventListener("close", () => {
      if (dialogReturnFocus && document.contains(dialogReturnFocus)) dialogReturnFocus.focus();
    });
    // A click on the backdrop closes.
    dialog.addEventListener("click", (ev) => {
      if (ev.target === dialog) closeDialog(dialog);
    });
  }

  function statusBadge(status) {
    const label = (t("statusLabels") || {})[status] || status;
    return el("span", { class: "badge status-" + status }, label);
  }

  function showArticle(citation, opener) {
    $("article-doc").textContent = citation.title;
    $("article-title").textContent = citation.label || citation.id;
    const meta = $("article-meta");
    meta.replaceChildren(statusBadge(citation.status), el("code", { class: "article-id" }, citation.id));
    fillArticleBody(citation.text, citation.paragraph, citation.item);
    $("article-copy").onclick = () => copyText(`${citation.title} ${citation.label}\n${citation.text}`);
    openDialog($("article-dialog"), opener);
    // The full record adds dates, issuer and chapter; the dialog is already usable without it.
    fetch("/api/articles/" + encodeURIComponent(citation.id))
      .then((r) => (r.ok ? r.json() : null))
      .then((article) => {
        if (!article) return;
        const doc = article.document || {};
        const parts = [statusBadge(doc.status || citation.status), el("code", { class: "article-id" }, article.id)];
        if (article.chapter) parts.push(el("span", { class: "meta-item" }, article.chapter));
        if (doc.issuer) parts.push(el("span", { class: "meta-item" }, `${t("issuer")}：${doc.issuer}`));
        if (doc.effective) parts.push(el("span", { class: "meta-item" }, `${t("effective")} ${doc.effective}`));
        if (doc.repealed) parts.push(el("span", { class: "meta-item" }, `${t("repealed")} ${doc.repealed}`));
        meta.replaceChildren(...parts);
        if (doc.notes) meta.append(el("details", { class: "article-note" }, el("summary", null, t("notes")), el("p", null, doc.notes)));
        fillArticleBody(article.text, citation.paragraph, citation.item);
      })
      .catch(() => {});
  }

  function fillArticleBody(text, paragraph, item) {
    const body = $("article-body");
    body.replaceChildren();
    String(text || "").split("\n").forEach((line, i) => {
      if (!line.trim()) return;
      const p = el("p", null, line);
      if (paragraph && i + 1 === paragraph) p.classList.add("cited");
      body.append(p);
    });
  }

  // ------------------------------------------------------------------------------------------------------------
  // Rendering one answer
  // ------------------------------------------------------------------------------------------------------------
  // A list-item citation opens its item in the 清单 / Lists view (a new tab, so the chat stays).
  function listHref(c) {
    const item = c.id.slice(c.id.indexOf("#") + 1);
    return `/lists#list=${encodeURIComponent(c.doc_id)}&item=${encodeURIComponent(item)}`;
  }

  function listLink(c, cls, label, ...children) {
    return el("a", { class: cls, href: listHref(c), target: "_blank", rel: "noopener", "data-kind": "list_item",
      title: `${c.title} ${c.label}`, "aria-label": `${t("openInLists")}: ${label}` }, ...children);
  }

  function citeButton(citations, n) {
    const c = citations[n - 1];
    if (!c) return document.createTextNode(`[${n}]`);
    if (c.kind === "list_item") return listLink(c, "cite", `[${n}] ${c.label}`, String(n));
    return el("button", {
      type: "button",
      class: "cite",
      title: `${c.title} ${c.label}`,
      "aria-label": `${t("openArticle")}: [${n}] ${c.title} ${c.label}`,
      onclick: (ev) => showArticle(c, ev.currentTarget),
    }, String(n));
  }

  function citeChip(citations, citation) {
    // The same article may be cited for different 款/项: match the exact pinpoint first.
    let n = citations.findIndex((c) => c.id === citation.id && c.paragraph === citation.paragraph && c.item === citation.item) + 1;
    if (!n) n = citations.findIndex((c) => c.id === citation.id) + 1;
    const label = `${shortTitle(citation)} ${citation.label}`;
    if (citation.kind === "list_item") {
      return listLink(citation, "chip", citation.label, n > 0 ? el("span", { class: "chip-n" }, String(n)) : null, citation.label);
    }
    return el("button", {
      type: "button",
      class: "chip",
      title: citation.title + " " + citation.label,
      "aria-label": `${t("openArticle")}: ${citation.title} ${citation.label}`,
      onclick: (ev) => showArticle(citation, ev.currentTarget),
    }, n > 0 ? el("span", { class: "chip-n" }, String(n)) : null, label);
  }

  function shortTitle(citation) {
    const known = state.shortTitles[citation.doc_id];
    if (known) return known;
    const title = citation.title || "";
    return title.length > 18 ? title.slice(0, 17) + "…" : title;
  }

  async function loadShortTitles() {
    try {
      const res = await fetch("/api/documents");
      if (!res.ok) return;
      const data = await res.json();
      for (const info of data.documents || []) state.shortTitles[info.document.doc_id] = info.document.short_title;
    } catch (err) { /* chips fall back to the full title */ }
  }

  function verdictCard(response) {
    const v = response.verdict;
    const style = VERDICT_STYLE[v.code] || VERDICT_STYLE.info;
    const card = el("section", { class: `verdict tone-${style.tone}`, "data-code": v.code, "aria-label": t("verdict") });
    card.append(
      el("div", { class: "verdict-head" },
        el("span", { class: "verdict-icon", "aria-hidden": "true" }, style.icon),
        el("div", null,
          el("p", { class: "verdict-kicker" }, t("verdict")),
          el("h3", { class: "verdict-label" }, v.label),
          el("code", { class: "verdict-code" }, v.code))));
    if (v.basis && v.basis.length) {
      const chips = el("div", { class: "chips" }, el("span", { class: "chips-label" }, t("basis") + "："));
      for (const c of v.basis) chips.append(citeChip(response.citations || [], c));
      card.append(chips);
    }
    if (v.steps && v.steps.length) {
      const list = el("ol", { class: "steps" });
      for (const s of v.steps) {
        list.append(el("li", null,
          el("span", { class: "step-check" }, s.check), " — ",
          el("span", { class: "step-finding" }, s.finding),
          s.citation ? el("span", { class: "step-cite" }, " ", citeChip(response.citations || [], s.citation)) : null));
      }
      card.append(el("details", { class: "steps-box" }, el("summary", null, t("steps")), list));
    }
    return card;
  }

  function warningsBanner(response) {
    const warnings = (response.verdict && response.verdict.warnings) || [];
    if (!warnings.length) return null;
    return el("div", { class: "banner warn", role: "note" },
      el("strong", null, t("illustrative") + "："),
      ...warnings.map((w) => el("p", null, w)));
  }

  function clarifyBox(response) {
    const missing = (response.verdict && response.verdict.missing_facts) || [];
    if (!missing.length) return null;
    const box = el("section", { class: "clarify", "aria-label": t("clarify") }, el("h4", null, t("clarify")));
    missing.forEach((mf, i) => {
      const group = el("div", { class: "clarify-q" + (i ? " later" : ""), role: "group", "aria-label": mf.question });
      group.append(el("p", null, el("span", { class: "q-n" }, String(i + 1)), mf.question));
      // A reply answers the first open question, so only its choices are buttons; the next question is asked
      // again (if it still matters) in the following answer. Typing a fuller reply is always possible.
      if (i === 0 && mf.choices && mf.choices.length) {
        const row = el("div", { class: "choices" });
        for (const choice of mf.choices) {
          row.append(el("button", {
            type: "button",
            class: "choice",
            "data-key": mf.key,
            onclick: (ev) => {
              for (const b of box.querySelectorAll("button.choice")) b.disabled = true;
              ev.currentTarget.classList.add("picked");
              send(choice);
            },
          }, choice));
        }
        group.append(row);
      }
      box.append(group);
    });
    if (missing.length > 1) box.append(el("p", { class: "muted small" }, t("oneAtATime")));
    return box;
  }

  function obligationsBox(response) {
    const items = (response.verdict && response.verdict.obligations) || [];
    if (!items.length) return null;
    const list = el("ul", { class: "checklist" });
    items.forEach((o, i) => {
      const id = `ob-${Date.now().toString(36)}-${i}`;
      list.append(el("li", null,
        el("input", { type: "checkbox", id }),
        el("label", { for: id }, o.text),
        o.citation ? citeChip(response.citations || [], o.citation) : null));
    });
    return el("section", { class: "obligations", "aria-label": t("obligations") },
      el("h4", null, t("obligations")), el("p", { class: "muted small" }, t("checklistHint")), list);
  }

  function citationsBox(response) {
    const cites = response.citations || [];
    if (!cites.length) return null;
    const list = el("ol", { class: "citations" });
    cites.forEach((c, i) => {
      if (c.kind === "list_item") {
        list.append(el("li", null, listLink(c, "linkish", `[${i + 1}] ${c.label}`,
          el("span", { class: "chip-n" }, String(i + 1)), `${c.title} ${c.label}`), statusBadge(c.status)));
        return;
      }
      list.append(el("li", null,
        el("button", {
          type: "button", class: "linkish",
          "aria-label": `${t("openArticle")}: [${i + 1}] ${c.title} ${c.label}`,
          onclick: (ev) => showArticle(c, ev.currentTarget),
        }, el("span", { class: "chip-n" }, String(i + 1)), `${c.title} ${c.label}`),
        c.status && c.status !== "in_force" ? statusBadge(c.status) : null));
    });
    return el("details", { class: "citations-box", open: true }, el("summary", null, `${t("citations")} (${cites.length})`), list);
  }

  function sourcesBox(response) {
    const cited = new Set((response.citations || []).map((c) => c.id));
    const extra = (response.sources || []).filter((s) => !cited.has(s.id));
    if (!extra.length) return null;
    const list = el("ul", { class: "sources" });
    for (const s of extra) {
      const asCitation = { id: s.id, doc_id: s.doc_id, title: s.title, article: s.article, label: s.label || `#${s.article}`, text: s.text, status: s.status };
      list.append(el("li", null, el("button", {
        type: "button", class: "linkish", onclick: (ev) => showArticle(asCitation, ev.currentTarget),
      }, `${s.title} ${s.label || ""}`)));
    }
    return el("details", { class: "sources-box" }, el("summary", null, `${t("sources")} (${extra.length})`), list);
  }

  function actionsRow(response) {
    return el("div", { class: "actions" },
      el("button", { type: "button", class: "ghost small", onclick: () => copyText(answerAsText(response)) }, t("copyAnswer")),
      el("button", { type: "button", class: "ghost small", onclick: (ev) => openDraft(ev.currentTarget) }, t("draftReply")));
  }

  function answerAsText(response) {
    const lines = [response.verdict.label, "", response.answer || ""];
    const cites = response.citations || [];
    if (cites.length) {
      lines.push("", t("citations") + "：");
      cites.forEach((c, i) => lines.push(`[${i + 1}] ${c.title} ${c.label}`));
    }
    return lines.join("\n");
  }

  // ------------------------------------------------------------------------------------------------------------
  // "我理解的情况 / What I understood": the facts the verdict rests on; each one can be corrected (facts_patch)
  // ------------------------------------------------------------------------------------------------------------
  const BAND_PATCHES = {
    pi_count_ytd: [
      { pi_count_ytd: 100000, pi_count_bound: "under" },
      { pi_count_ytd: 100000, pi_count_bound: "at_least", pi_count_upper: 1000000 },
      { pi_count_ytd: 1000000, pi_count_bound: "at_least" },
    ],
    sensitive_pi_count_ytd: [
      { sensitive_pi_count_ytd: 0, contains_sensitive_pi: false },
      { sensitive_pi_count_ytd: 10000, sensitive_pi_count_bound: "under", contains_sensitive_pi: true },
      { sensitive_pi_count_ytd: 10000, sensitive_pi_count_bound: "at_least", contains_sensitive_pi: true },
    ],
  };

  function factEditor(fact, slot) {
    const editor = el("div", { class: "fact-editor", role: "group", "aria-label": fact.label });
    const choose = (patch) => correct(slot, patch);
    if (fact.kind === "bool") {
      for (const [word, value] of [[t("yes"), true], [t("no"), false], [t("unsure"), "unsure"]]) {
        editor.append(el("button", {
          type: "button", class: "choice" + (fact.value === value ? " picked" : ""), "data-value": String(value),
          onclick: () => choose({ [fact.key]: value }),
        }, word));
      }
    } else if (fact.kind === "zone") {
      for (const [zone, name] of Object.entries(t("zones"))) {
        editor.append(el("button", {
          type: "button", class: "choice" + (fact.value === zone ? " picked" : ""), "data-value": zone,
          onclick: () => choose({ [fact.key]: zone }),
        }, name));
      }
    } else {
      const input = el("input", { type: "number", min: "0", step: "1", inputmode: "numeric", class: "count-input",
        "aria-label": fact.label, placeholder: t("countPlaceholder"), value: fact.value ?? "" });
      const apply = () => {
        const n = Number(input.value);
        if (input.value === "" || !Number.isInteger(n) || n < 0) { input.focus(); return; }
        choose({ [fact.key]: n });
      };
      input.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); apply(); } });
      editor.append(input, el("button", { type: "button", class: "choice", onclick: apply }, t("apply")));
      const bands = (t("bands")[fact.key] || []);
      bands.forEach((name, i) => editor.append(el("button", {
        type: "button", class: "choice band", onclick: () => choose(BAND_PATCHES[fact.key][i]),
      }, name)));
    }
    return editor;
  }

  function understoodCard(response, slot) {
    const facts = response.understood || [];
    if (!facts.length || !response.session_id) return null;
    const list = el("ul", { class: "facts" });
    for (const fact of facts) {
      const row = el("li", { class: `fact src-${fact.source}`, "data-key": fact.key, "data-source": fact.source });
      const editorSlot = el("div", { class: "fact-editor-slot" });
      const toggle = el("button", {
        type: "button", class: "fact-button", "aria-expanded": "false",
        onclick: () => {
          const open = toggle.getAttribute("aria-expanded") === "true";
          for (const other of list.querySelectorAll(".fact-button")) other.setAttribute("aria-expanded", "false");
          for (const other of list.querySelectorAll(".fact-editor-slot")) other.replaceChildren();
          if (!open) {
            toggle.setAttribute("aria-expanded", "true");
            editorSlot.replaceChildren(factEditor(fact, slot));
          }
        },
      },
        el("span", { class: "fact-label" }, fact.label),
        // the source is the badge beside it: the value alone, without its "（您所述）"
        el("span", { class: "fact-value" }, fact.text.replace(/\s*[（(][^（()）]*[)）]$/, "")),
        el("span", { class: "fact-src" }, t("src")[fact.source] || fact.source));
      row.append(toggle, editorSlot);
      list.append(row);
    }
    return el("details", { class: "understood", "aria-label": t("understood") },
      el("summary", null, `${t("understood")} (${facts.length})`),
      el("p", { class: "muted small" }, t("understoodHint")), list);
  }

  function changeBanner(response) {
    if (!response.change) return null;
    const changed = response.change.before !== response.change.after;
    return el("p", { class: "verdict-change" + (changed ? " changed" : ""), role: "status" }, response.change.text);
  }

  async function correct(slot, patch) {
    if (state.busy || !state.sessionId) return;
    state.busy = true;
    const card = slot.querySelector(".understood");
    if (card) card.setAttribute("aria-busy", "true");
    const note = el("p", { class: "thinking small" }, t("correcting"));
    if (card) card.append(note);
    try {
      const res = await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ session_id: state.sessionId, facts_patch: patch }),
      });
      const data = await res.json().catch(() => ({}));
      if (!res.ok) {
        const detail = Array.isArray(data.detail) ? data.detail.map((d) => d.msg).join("; ") : (data.detail || `HTTP ${res.status}`);
        toast(detail);
        note.remove();
        return;
      }
      state.last = data;
      renderResponse(slot, data);
      const fresh = slot.querySelector(".understood");
      if (fresh) fresh.open = true;
      const banner = slot.querySelector(".verdict-change");
      if (banner) banner.focus && banner.setAttribute("tabindex", "-1");
    } catch (err) {
      toast(t("networkError"));
      note.remove();
    } finally {
      state.busy = false;
      if (card) card.removeAttribute("aria-busy");
    }
  }

  function renderResponse(slot, response) {
    const cites = response.citations || [];
    const onCite = (n) => citeButton(cites, n);
    const verdict = verdictCard(response);
    const banner = changeBanner(response);
    if (banner) verdict.querySelector(".verdict-head").after(banner);
    const parts = [warningsBanner(response), verdict];
    parts.push(el("div", { class: "answer" }, renderMarkdown(response.answer, onCite)));
    parts.push(understoodCard(response, slot));
    parts.push(clarifyBox(response), obligationsBox(response), citationsBox(response), sourcesBox(response));
    if (response.degraded && response.degraded.length) {
      parts.push(el("p", { class: "muted small" }, t("degraded") + response.degraded.join("; ")));
    }
    if (response.llm && response.llm.used) parts.push(el("p", { class: "muted small" }, t("llm")));
    parts.push(actionsRow(response));
    slot.replaceChildren(...parts.filter(Boolean));
    slot.closest(".turn").setAttribute("aria-busy", "false");
  }

  // ------------------------------------------------------------------------------------------------------------
  // Sending
  // ------------------------------------------------------------------------------------------------------------
  function addTurn(message) {
    $("intro").hidden = true;
    const slot = el("div", { class: "bot-body" }, el("p", { class: "thinking" }, el("span", { class: "dots", "aria-hidden": "true" }), t("thinking")));
    const turn = el("li", { class: "turn", "aria-busy": "true" },
      el("div", { class: "msg user" }, el("span", { class: "who" }, t("you")), el("p", { class: "user-text" }, message)),
      el("div", { class: "msg bot" }, el("span", { class: "who" }, t("assistant")), slot));
    $("log").append(turn);
    turn.scrollIntoView({ behavior: "smooth", block: "start" });
    return slot;
  }

  function showError(slot, message) {
    slot.replaceChildren(el("div", { class: "banner error", role: "alert" }, el("strong", null, t("error") + "："), message));
    slot.closest(".turn").setAttribute("aria-busy", "false");
  }

  async function* sseEvents(response) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = "message";
        const data = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (data.length) yield { event, data: JSON.parse(data.join("\n")) };
      }
    }
  }

  async function send(message, opts) {
    const text = String(message || "").trim();
    if (!text) {
      toast(t("emptyQuestion"));
      return;
    }
    if (state.busy) return;
    state.busy = true;
    $("send").disabled = true;
    const slot = addTurn(text);
    const body = { message: text };
    if (state.sessionId) body.session_id = state.sessionId;
    let finished = false;
    try {
      const res = await fetch("/api/chat?stream=1", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify(body),
      });
      if (!res.ok) {
        let detail = `HTTP ${res.status}`;
        try { detail = (await res.json()).detail || detail; } catch (e) { /* not JSON */ }
        showError(slot, detail);
        finished = true;
        return;
      }
      let answerText = "";
      let answerNode = null;
      for await (const { event, data } of sseEvents(res)) {
        if (event === "start" && data.session_id) {
          state.sessionId = data.session_id;
        } else if (event === "verdict") {
          const partial = { verdict: data.verdict, citations: [], answer: "" };
          answerNode = el("div", { class: "answer" });
          slot.replaceChildren(...[warningsBanner(partial), verdictCard(partial), answerNode].filter(Boolean));
        } else if (event === "answer" && answerNode) {
          answerText += data.text;
          answerNode.replaceChildren(renderMarkdown(answerText, null));
        } else if (event === "done") {
          state.last = data;
          if (data.session_id) state.sessionId = data.session_id;
          renderResponse(slot, data);
          finished = true;
        } else if (event === "error") {
          showError(slot, data.detail || t("error"));
          finished = true;
        }
      }
      if (!finished) showError(slot, t("networkError"));
    } catch (err) {
      showError(slot, t("networkError"));
    } finally {
      state.busy = false;
      $("send").disabled = false;
      if (!opts || !opts.keepFocus) $("composer-input").focus();
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // The helpdesk draft
  // ------------------------------------------------------------------------------------------------------------
  let draftMarkdown = "";

  async function loadDraft() {
    const body = $("draft-body");
    body.replaceChildren(el("p", { class: "thinking" }, t("draftLoading")));
    const company = $("draft-company").value.trim();
    const res = await fetch("/api/draft", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session_id: state.sessionId, company: company || null }),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      body.replaceChildren(el("div", { class: "banner error", role: "alert" }, data.detail || `HTTP ${res.status}`));
      return;
    }
    draftMarkdown = data.markdown;
    const cites = (data.response && data.response.citations) || [];
    body.replaceChildren(renderMarkdown(data.markdown, (n) => citeButton(cites, n)));
  }

  async function openDraft(opener) {
    if (!state.sessionId || !state.last) {
      toast(t("noDraft"));
      return;
    }
    openDialog($("draft-dialog"), opener);
    await loadDraft();
  }

  async function downloadDocx() {
    const company = $("draft-company").value.trim();
    const res = await fetch("/api/draft?format=docx", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session_id: state.sessionId, company: company || null }),
    });
    if (!res.ok) {
      const data = await res.json().catch(() => ({}));
      toast(data.detail || `HTTP ${res.status}`);
      return;
    }
    const blob = await res.blob();
    const disposition = res.headers.get("Content-Disposition") || "";
    const m = /filename="([^"]+)"/.exec(disposition);
    const a = el("a", { href: URL.createObjectURL(blob), download: m ? m[1] : "chujing-reply.docx" });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Page chrome: language, examples, health, composer
  // ------------------------------------------------------------------------------------------------------------
  function applyLanguage() {
    document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
    document.title = state.lang === "zh" ? "出境通 · 数据出境合规助手" : "Chujing · data export compliance assistant";
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
    for (const node of document.querySelectorAll("[data-i18n-aria]")) node.setAttribute("aria-label", t(node.dataset.i18nAria));
    $("lang-toggle").textContent = state.lang === "zh" ? "EN" : "中文";
    $("examples").setAttribute("aria-label", t("examplesLabel"));
    $("log").setAttribute("aria-label", t("chatLabel"));
    const examples = $("examples");
    examples.replaceChildren(...t("examples").map((q) => el("li", null, el("button", {
      type: "button", class: "example", onclick: () => { $("composer-input").value = q; send(q); $("composer-input").value = ""; },
    }, q))));
    refreshHealth();
  }

  let healthTimer = null;
  async function refreshHealth() {
    clearTimeout(healthTimer);
    const badge = $("health");
    try {
      const res = await fetch("/healthz");
      const data = await res.json();
      const label = t("health")[data.status] || "";
      badge.textContent = label;
      badge.className = "health " + data.status;
      badge.title = (data.degraded || []).join("; ") || data.error || "";
      if (data.status === "loading") healthTimer = setTimeout(refreshHealth, 1500);
    } catch (err) {
      badge.textContent = t("health").error;
      badge.className = "health error";
    }
  }

  function newChat() {
    state.sessionId = null;
    state.last = null;
    $("log").replaceChildren();
    $("intro").hidden = false;
    $("composer-input").focus();
  }

  document.addEventListener("DOMContentLoaded", () => {
    const input = $("composer-input");
    $("composer").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const q = input.value;
      if (!q.trim()) { toast(t("emptyQuestion")); return; }
      input.value = "";
      send(q);
    });
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        $("composer").requestSubmit();
      }
    });
    $("lang-toggle").addEventListener("click", () => {
      state.lang = state.lang === "zh" ? "en" : "zh";
      localStorage.setItem("chujing.lang", state.lang);
      applyLanguage();
    });
    $("new-chat").addEventListener("click", newChat);
    $("draft-copy").addEventListener("click", () => copyText(draftMarkdown));
    $("draft-docx").addEventListener("click", downloadDocx);
    $("draft-refresh").addEventListener("click", loadDraft);
    applyLanguage();
    loadShortTitles();
    input.focus();
  });

  // Exposed for the browser test and for debugging in the console; holds no secrets.
  window.chujing = { state, renderMarkdown };
})();
