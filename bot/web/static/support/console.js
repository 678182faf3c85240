// The support console: a page over /api/support. The support token lives in this tab's sessionStorage only and
// goes out as `Authorization: Bearer`. Every value from the API is put in the page as text (textContent,
// never innerHTML): transcripts hold whatever shoppers typed.
"use strict";

(() => {
  const TOKEN = "outfitter.support.token";
  const AGENT = "outfitter.support.agent";
  const PAGE = 50;
  const $ = (id) => document.getElementById(id);
  const state = { offset: 0, total: 0, current: null };

  // A move button per status the API says the case may move to; reply and note while it is not closed.
  const MOVE_FORMS = { approve: "approved", reject: "rejected", refund: "refund_issued", close: "closed" };
  const KIND_WORDS = { return: "return", warranty: "warranty claim", cancel: "cancellation", handoff: "hand-off" };

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (name === "class") node.className = value;
      else node.setAttribute(name, value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));  // strings become text nodes
    return node;
  }

  function showError(text) {
    $("error").textContent = text || "";
    $("error").hidden = !text;
  }

  class ApiError extends Error {}

  // The API's own words: a string detail, or each field at fault from a 422 ("reason: String should ...").
  function messageOf(data, response) {
    const detail = data && data.detail;
    if (Array.isArray(detail)) {
      return detail.map((e) => `${(e.loc || []).filter((p) => p !== "body").join(".")}: ${e.msg}`).join("\n");
    }
    if (typeof detail === "string") return data.request_id ? `${detail} (request ${data.request_id})` : detail;
    return `${response.status} ${response.statusText}`;
  }

  async function api(path, body) {
    const headers = { Authorization: `Bearer ${sessionStorage.getItem(TOKEN) || ""}` };
    const init = { method: body === undefined ? "GET" : "POST", headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (err) {
      throw new ApiError(`The web app cannot be reached (${err.message}).`);
    }
    let data = null;
    try { data = await response.json(); } catch { /* not JSON: said by status below */ }
    if (response.status === 401 || response.status === 403) {
      signOut();  // a wrong or missing token: ask for the right one
      throw new ApiError(messageOf(data, response));
    }
    if (!response.ok) throw new ApiError(messageOf(data, response));
    return data;
  }

  const when = (iso) => (iso ? new Date(iso).toLocaleString() : "");
  const words = (status) => status.replace("_", " ");
  const badge = (status) => el("span", { class: `badge ${status}` }, words(status));

  function actorOf(entry) {
    if (entry.actor.startsWith("agent:")) return { side: "agent", name: entry.actor.slice(6) };
    return { side: entry.actor === "shopper" ? "shopper" : "bot", name: entry.actor };
  }

  // --- the list ------------------------------------------------------------------------------------------
  async function loadList() {
    const form = new FormData($("filters"));
    const query = new URLSearchParams({ limit: PAGE, offset: state.offset });
    for (const key of ["kind", "status"]) if (form.get(key)) query.set(key, form.get(key));
    const page = await api(`/api/support/cases?${query}`);
    state.total = page.total;
    const first = page.total ? page.offset + 1 : 0;
    $("count").textContent = `${page.total} case${page.total === 1 ? "" : "s"}` +
      (page.total > PAGE ? ` · ${first}–${page.offset + page.cases.length}` : "");
    $("prev").disabled = state.offset === 0;
    $("next").disabled = state.offset + PAGE >= page.total;
    const rows = page.cases.map((c) => {
      const row = el("tr", { tabindex: "0", "data-case": c.case_number },
        el("td", {}, c.case_number), el("td", {}, KIND_WORDS[c.kind] || c.kind), el("td", {}, badge(c.status)),
        el("td", {}, c.order_number || "—"), el("td", {}, c.items.join(", ") || "—"),
        el("td", {}, when(c.updated_at)));
      if (c.case_number === state.current) row.classList.add("current");
      return row;
    });
    $("cases").tBodies[0].replaceChildren(...rows);
  }

  // --- one case ------------------------------------------------------------------------------------------
  function safeLink(url) {
    // Only web links become links: a javascript: URL typed into a claim must not run here.
    return /^https?:\/\//i.test(url) ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url) : url;
  }

  function renderFacts(c) {
    const facts = [["Opened", when(c.summary.created_at)], ["Updated", when(c.summary.updated_at)],
      ["Conversation", c.conversation_id], ["Customer", c.customer_id], ["Reason", c.reason],
      ["Condition", c.condition], ["Resolution", c.resolution],
      ["Photo", c.photo_url ? safeLink(c.photo_url) : null]];
    $("case-facts").replaceChildren(...facts.filter(([, v]) => v).flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  }

  function renderOrder(order, lineIds) {
    if (!order) {
      $("order").replaceChildren(el("p", {}, "No order: this case is not about one."));
      return;
    }
    const dates = [["Placed", order.placed_on], ["Paid", order.paid_on], ["Shipped", order.shipped_on],
      ["Delivered", order.delivered_on], ["Cancelled", order.cancelled_on]].filter(([, d]) => d);
    const facts = el("dl", {}, el("dt", {}, "Order"), el("dd", {}, `${order.order_number} · ${order.status_text}`),
      ...dates.flatMap(([k, d]) => [el("dt", {}, k), el("dd", {}, d)]),
      el("dt", {}, "Tracking"), el("dd", {}, order.tracking_url ? safeLink(order.tracking_url) : "—"),
      el("dt", {}, "Total"), el("dd", {}, `${order.total.toFixed(2)} ${order.currency}`));
    const inCase = new Set(lineIds);
    const lines = el("table", {}, el("thead", {}, el("tr", {}, ...["#", "SKU", "Item", "Qty", "Price", "Category", ""]
      .map((h) => el("th", {}, h)))), el("tbody", {}, ...order.lines.map((l) => {
      const row = el("tr", {}, el("td", {}, String(l.line_number)), el("td", {}, l.sku), el("td", {}, l.title),
        el("td", {}, String(l.quantity)), el("td", {}, l.unit_price.toFixed(2)), el("td", {}, l.category || ""),
        el("td", {}, [inCase.has(l.line_id) ? "in this case" : "", l.final_sale ? "final sale" : ""]
          .filter(Boolean).join(" · ")));
      if (inCase.has(l.line_id)) row.classList.add("in-case");
      return row;
    })));
    $("order").replaceChildren(facts, lines);
  }

  function renderTranscript(entries) {
    $("transcript").replaceChildren(...entries.map((e) => {
      const { side, name } = actorOf(e);
      let cls = side;
      let who = side === "agent" ? name : side === "shopper" ? "Shopper" : "Bot";
      if (e.kind === "note") { cls = "note"; who = `Note by ${name} (team only)`; }
      else if (e.kind === "status") { cls = "status"; who = `${name}: ${words(e.from_status)} → ${words(e.to_status)}`; }
      else if (e.kind === "opened") { cls = "status"; who = `Opened by ${side === "agent" ? name : who.toLowerCase()}`; }
      return el("li", { class: cls }, el("span", { class: "who" }, who), el("time", { datetime: e.at }, when(e.at)),
        e.text ? el("div", { class: "text" }, e.text) : null);
    }));
  }

  function renderCase(view) {
    const c = view.case;
    state.current = c.summary.case_number;
    $("case-pane").hidden = false;
    $("case-title").replaceChildren(`${c.summary.case_number} · ${KIND_WORDS[c.summary.kind] || c.summary.kind} `,
      badge(c.summary.status));
    $("case-status-text").textContent = `The shopper is told: “${c.summary.status_text}”`;
    renderFacts(c);
    renderOrder(c.order, c.line_ids);
    renderTranscript(c.transcript);
    for (const form of $("actions").querySelectorAll("form")) {
      const action = form.dataset.action;
      form.hidden = action in MOVE_FORMS ? !view.moves.includes(MOVE_FORMS[action]) : !view.writable;
    }
    for (const row of $("cases").tBodies[0].rows) row.classList.toggle("current", row.dataset.case === state.current);
  }

  async function openCase(number) {
    showError("");
    $("result").hidden = true;
    try {
      renderCase(await api(`/api/support/cases/${encodeURIComponent(number)}`));
      if (location.hash !== `#${number}`) history.replaceState(null, "", `#${number}`);
    } catch (err) {
      showError(err.message);
    }
  }

  function deliveryText(view) {
    if (!("delivered" in view)) return "";
    if (view.delivery_error) return ` Not pushed to the conversation now (${view.delivery_error}); the shopper gets it with the bot's next answer.`;
    const d = view.delivered;
    if (d && d.pushed) return ` Pushed to the shopper's ${d.channel} conversation (${d.pushed} message${d.pushed === 1 ? "" : "s"}).`;
    if (d && d.handed_back) return " The conversation is back with the bot.";
    return " The shopper gets it with the bot's next answer.";
  }

  async function act(form) {
    const action = form.dataset.action;
    const body = { agent: sessionStorage.getItem(AGENT) || "support" };
    for (const field of form.elements) if (field.name && field.value.trim()) body[field.name] = field.value;
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => { b.disabled = true; });
    showError("");
    try {
      const view = await api(`/api/support/cases/${encodeURIComponent(state.current)}/${action}`, body);
      form.reset();
      renderCase(view);
      $("result").textContent = `Done: ${form.querySelector("button").textContent.toLowerCase()}.${deliveryText(view)}`;
      $("result").hidden = false;
      await loadList();
    } catch (err) {
      showError(err.message);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  // --- signing in and out --------------------------------------------------------------------------------
  function signOut() {
    sessionStorage.removeItem(TOKEN);
    $("console").hidden = true;
    $("sign-out").hidden = true;
    $("sign-in").hidden = false;
    $("who").textContent = "";
  }

  async function start() {
    $("sign-in").hidden = true;
    $("console").hidden = false;
    $("sign-out").hidden = false;
    $("who").textContent = `as ${sessionStorage.getItem(AGENT) || "support"}`;
    try {
      await loadList();
      const wanted = decodeURIComponent(location.hash.slice(1));
      if (wanted) await openCase(wanted);
    } catch (err) {
      showError(err.message);
    }
  }

  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN, $("token").value.trim());
    const agent = $("agent-name").value.trim();
    if (agent) sessionStorage.setItem(AGENT, agent); else sessionStorage.removeItem(AGENT);
    $("token").value = "";
    showError("");
    start();
  });
  $("sign-out").addEventListener("click", () => { signOut(); showError(""); });
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    state.offset = 0;
    loadList().catch((err) => showError(err.message));
  });
  for (const select of $("filters").querySelectorAll("select")) {
    select.addEventListener("change", () => $("filters").requestSubmit());
  }
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadList().catch((e) => showError(e.message)); });
  $("next").addEventListener("click", () => { state.offset += PAGE; loadList().catch((e) => showError(e.message)); });
  const pick = (event) => {
    const row = event.target.closest("tr[data-case]");
    if (row && (event.type === "click" || event.key === "Enter")) openCase(row.dataset.case);
  };
  $("cases").addEventListener("click", pick);
  $("cases").addEventListener("keydown", pick);
  for (const form of $("actions").querySelectorAll("form")) {
    form.addEventListener("submit", (event) => { event.preventDefault(); act(form); });
  }
  window.addEventListener("hashchange", () => { const n = location.hash.slice(1); if (n && n !== state.current) openCase(decodeURIComponent(n)); });

  $("agent-name").value = sessionStorage.getItem(AGENT) || "";
  if (sessionStorage.getItem(TOKEN)) start(); else signOut();
})();
