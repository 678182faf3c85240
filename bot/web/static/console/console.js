// The merchandiser console: a page over /api/console. The merchandiser token lives in this tab's sessionStorage
// only and goes out as `Authorization: Bearer`. Every value from the API is put in the page as text
// (textContent, never innerHTML): titles, SKUs and rejection reasons come from merchants' files. Charts are SVG
// documents shown as images (blob: URLs), which run nothing and load nothing.
"use strict";

(() => {
  const TOKEN = "outfitter.merchandiser.token";
  const POLL_MS = 500;
  const REJECTION_PAGE = 1000;
  const $ = (id) => document.getElementById(id);
  const state = { importJob: null, rejectedShown: 0, chartUrls: [] };

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

  const report = (err) => showError(err.message);

  class ApiError extends Error {}

  // The API's own words: a string detail, or each field at fault from a 422 ("file: c.xlsx: unknown file type").
  function messageOf(data, status, statusText) {
    const detail = data && data.detail;
    if (Array.isArray(detail)) {
      return detail.map((e) => `${(e.loc || []).filter((p) => p !== "body").join(".")}: ${e.msg}`).join("\n");
    }
    if (typeof detail === "string") return data.request_id ? `${detail} (request ${data.request_id})` : detail;
    return `${status} ${statusText}`;
  }

  const bearer = () => `Bearer ${sessionStorage.getItem(TOKEN) || ""}`;

  function refused(status, data, statusText) {
    if (status === 401 || status === 403) signOut();  // a wrong or missing token: ask for the right one
    return new ApiError(messageOf(data, status, statusText));
  }

  async function call(path, method = "GET") {
    let response;
    try {
      response = await fetch(path, { method, headers: { Authorization: bearer() } });
    } catch (err) {
      throw new ApiError(`The web app cannot be reached (${err.message}).`);
    }
    return response;
  }

  async function api(path, method = "GET") {
    const response = await call(path, method);
    let data = null;
    try { data = await response.json(); } catch { /* not JSON: said by status below */ }
    if (!response.ok) throw refused(response.status, data, response.statusText);
    return data;
  }

  // --- formatting ----------------------------------------------------------------------------------------------
  const count = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en"));
  const money = (n) => (n === null || n === undefined ? "–"
    : Number(n).toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  const share = (n) => (n === null || n === undefined ? "–" : `${(100 * n).toFixed(1)}%`);
  const when = (iso) => (iso ? new Date(iso).toLocaleString() : "–");
  const plural = (n, word) => `${count(n)} ${word}${n === 1 ? "" : "s"}`;

  function setProgress(prefix, job) {
    $(`${prefix}-stage`).textContent = job.stage_label || "Starting";
    $(`${prefix}-count`).textContent = job.total ? `${count(job.done)} / ${count(job.total)}` : "";
    const bar = $(`${prefix}-bar`);
    if (job.percent === null || job.percent === undefined) bar.removeAttribute("value");  // indeterminate
    else bar.value = job.percent;
  }

  // Poll a job until it is no longer running; `update` sees each state on the way.
  async function follow(jobId, update) {
    for (;;) {
      const job = await api(`/api/console/jobs/${encodeURIComponent(jobId)}`);
      update(job);
      if (job.state !== "running") return job;
      await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
    }
  }

  // --- catalog -------------------------------------------------------------------------------------------------
  function versionWords(v) {
    return `${v.version} (${count(v.count)} products, ${v.index_type}, ${v.model})`;
  }

  async function loadStatus() {
    const s = await api("/api/console/catalog/status");
    $("status-products").textContent =
      `${count(s.products.active)} active, ${count(s.products.discontinued)} discontinued`;
    $("status-live").textContent = s.live ? versionWords(s.live) : "none yet: import a catalog";
    $("status-built").textContent = s.live ? `${when(s.live.built_at)} in ${s.live.build_seconds.toFixed(2)} s` : "–";
    $("status-pending").textContent = s.pending;
    $("status-pending").classList.toggle("warn", s.pending !== "nothing");
    $("upload-limit").textContent = `Files up to ${count(s.upload_max_mb)} MB. One import runs at a time.`;
  }

  async function loadVersions() {
    const v = await api("/api/console/index/versions");
    $("versions").tBodies[0].replaceChildren(...v.versions.map((row) => {
      const tr = el("tr", { "data-version": row.version },
        el("td", {}, row.version), el("td", {}, row.live ? "● live" : ""), el("td", {}, count(row.count)),
        el("td", {}, row.index_type), el("td", {}, row.model), el("td", {}, when(row.built_at)));
      if (row.live) tr.classList.add("live");
      return tr;
    }));
    if (!v.versions.length) $("versions").tBodies[0].append(el("tr", {}, el("td", { colspan: "6" }, "No version yet.")));
    $("rollback").disabled = !v.previous;
    $("rollback").dataset.previous = v.previous || "";
    $("rollback").textContent = v.previous ? `Roll back to ${v.previous}` : "Roll back (no earlier version)";
  }

  const loadCatalog = () => Promise.all([loadStatus(), loadVersions()]);

  async function rollback() {
    const previous = $("rollback").dataset.previous;
    if (!previous || !window.confirm(`Make ${previous} live again? The live version is removed.`)) return;
    showError("");
    $("rollback").disabled = true;
    try {
      const result = await api("/api/console/index/rollback", "POST");
      $("rollback-result").textContent = result.message;
      $("rollback-result").hidden = false;
    } catch (err) {
      report(err);
    } finally {
      await loadCatalog().catch(report);
    }
  }

  function uploadBody() {
    const body = new FormData();
    body.append("file", $("upload-file").files[0]);
    for (const line of $("upload-map").value.split("\n")) if (line.trim()) body.append("map", line.trim());
    body.append("replace", $("upload-replace").checked ? "true" : "false");
    return body;
  }

  // XMLHttpRequest rather than fetch: it reports the upload's own progress.
  function send(body) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/console/catalog/imports");
      xhr.setRequestHeader("Authorization", bearer());
      xhr.upload.addEventListener("progress", (e) => {
        setProgress("upload", { stage_label: "Uploading", done: e.loaded, total: e.lengthComputable ? e.total : null,
          percent: e.lengthComputable ? (100 * e.loaded) / e.total : null });
      });
      xhr.addEventListener("load", () => {
        let data = null;
        try { data = JSON.parse(xhr.responseText); } catch { /* said by status */ }
        if (xhr.status >= 200 && xhr.status < 300) resolve(data);
        else reject(refused(xhr.status, data, xhr.statusText));
      });
      xhr.addEventListener("error", () => reject(new ApiError("The web app cannot be reached.")));
      xhr.send(body);
    });
  }

  function uploading(busy) {
    $("upload-button").disabled = busy;
    $("upload-progress").hidden = !busy;
  }

  async function upload() {
    if (!$("upload-file").files.length) return;
    showError("");
    $("import-report").hidden = true;
    uploading(true);
    setProgress("upload", { stage_label: "Uploading", done: 0, total: null, percent: 0 });
    try {
      const job = await send(uploadBody());
      await followImport(job.id);
    } catch (err) {
      report(err);
    } finally {
      uploading(false);
    }
  }

  async function followImport(jobId) {
    uploading(true);
    try {
      const job = await follow(jobId, (j) => setProgress("upload", j));
      renderImport(job);
      await loadCatalog();
    } finally {
      uploading(false);
    }
  }

  function rejectedRow(r) {
    return el("tr", { "data-row": String(r.row) }, el("td", {}, String(r.row)), el("td", {}, r.sku || "—"),
      el("td", {}, r.reason));
  }

  function renderImport(job) {
    state.importJob = job.id;
    $("import-report").hidden = false;
    $("import-title").textContent = `${job.title} · ${job.state === "failed" ? "failed" : "imported"} ${when(job.finished_at)}`;
    const result = job.result;
    $("import-counts").hidden = !result;
    $("rejections").hidden = true;
    $("import-message").classList.toggle("failed", job.state === "failed" || (result && !result.imported));
    if (!result) {
      $("import-message").textContent = job.error || "The import ended without a report.";
      $("import-index").textContent = "";
      return;
    }
    $("import-message").textContent = result.imported ? `Imported: ${result.message}.` : result.message;
    for (const name of ["added", "updated", "unchanged", "discontinued", "embedded"]) {
      $("import-counts").querySelector(`[data-test="${name}"]`).textContent = count(result[name]);
    }
    $("import-counts").querySelector('[data-test="rejected"]').textContent = count(result.rejected_count);
    const index = result.index;
    let words = index ? `Index ${index.version} is live: ${count(index.count)} products, ${index.index_type}` : "No index is live.";
    if (index && result.index_published) words += `, built in ${index.build_seconds.toFixed(2)} s.`;
    else if (index) words += result.imported ? " (the catalog did not change, so no new version)." : ".";
    if (result.index_error) words = `No new index version: ${result.index_error}`;
    $("import-index").textContent = words;
    $("import-index").classList.toggle("failed", Boolean(result.index_error));
    if (result.rejected_count) {
      $("rejections").hidden = false;
      $("rejected-count").textContent = `(${count(result.rejected_count)})`;
      $("rejected-rows").tBodies[0].replaceChildren(...result.rejected.map(rejectedRow));
      state.rejectedShown = result.rejected.length;
      $("rejected-more").hidden = state.rejectedShown >= result.rejected_count;
    }
  }

  async function moreRejections() {
    const page = await api(`/api/console/jobs/${encodeURIComponent(state.importJob)}/rejections` +
      `?offset=${state.rejectedShown}&limit=${REJECTION_PAGE}`);
    $("rejected-rows").tBodies[0].append(...page.rows.map(rejectedRow));
    state.rejectedShown += page.rows.length;
    $("rejected-more").hidden = state.rejectedShown >= page.total;
  }

  // --- segments ------------------------------------------------------------------------------------------------
  function groupCells(g) {
    return [count(g.shoppers), count(g.buyers), count(g.orders), money(g.revenue), share(g.revenue_share),
      money(g.aov), share(g.conversion), money(g.revenue_per_shopper), share(g.purchase_probability),
      money(g.clv_12m)].map((v) => el("td", {}, v));
  }

  function chart(c) {
    const url = URL.createObjectURL(new Blob([c.svg], { type: "image/svg+xml" }));
    state.chartUrls.push(url);
    return el("figure", { "data-chart": c.name }, el("img", { src: url, alt: c.caption }), el("figcaption", {}, c.caption));
  }

  function renderSegments(r) {
    const parts = [r.as_of ? `As of ${when(r.as_of)}` : "Not refreshed yet"];
    if (r.refreshed_at) parts.push(`segments refreshed ${when(r.refreshed_at)}`);
    parts.push("orders and revenue over all history");
    $("segments-meta").textContent = parts.join(" · ");
    $("segments-figures").replaceChildren(...[[count(r.shoppers), "shoppers"], [money(r.revenue), "net revenue"],
      [count(r.micro_segments.length), "micro-segments"], [count(r.clusters.length), "clusters"]]
      .map(([value, name]) => el("div", { class: "figure" }, el("b", {}, value), el("span", {}, name))));
    $("segments-hints").replaceChildren(...r.hints.map((h) => el("li", {}, h)));
    state.chartUrls.forEach((url) => URL.revokeObjectURL(url));
    state.chartUrls = [];
    $("segments-charts").replaceChildren(...r.charts.map(chart));
    $("micro-count").textContent = `(${count(r.micro_segments.length)})`;
    $("micro-segments").tBodies[0].replaceChildren(...r.micro_segments.map((g) =>
      el("tr", { "data-segment": g.key }, el("td", {}, g.label), ...groupCells(g))));
    $("cluster-count").textContent = `(${count(r.clusters.length)})`;
    $("clusters").tBodies[0].replaceChildren(...r.clusters.map((g) => {
      const swatch = el("span", { class: "swatch" });
      swatch.style.background = g.colour || "#999";  // a CSSOM property, which the CSP allows
      return el("tr", { "data-cluster": g.key }, el("td", {}, swatch, g.label), el("td", { class: "text" },
        g.traits.join(", ")), ...groupCells(g));
    }));
    $("evaluation").tBodies[0].replaceChildren(...(r.evaluation.length ? r.evaluation.map((f) =>
      el("tr", {}, el("td", {}, f.name), el("td", {}, f.value)))
      : [el("tr", {}, el("td", {}, "No purchase model yet: it needs longer histories with buyers who came back."))]));
  }

  const loadSegments = async () => renderSegments(await api("/api/console/segments/report"));

  async function refreshSegments() {
    showError("");
    $("refresh-result").hidden = true;
    $("refresh-segments").disabled = true;
    $("refresh-progress").hidden = false;
    try {
      const job = await api("/api/console/segments/refresh", "POST");
      await followRefresh(job.id);
    } catch (err) {
      report(err);
    } finally {
      $("refresh-segments").disabled = false;
      $("refresh-progress").hidden = true;
    }
  }

  async function followRefresh(jobId) {
    $("refresh-segments").disabled = true;
    $("refresh-progress").hidden = false;
    try {
      const job = await follow(jobId, (j) => setProgress("refresh", j));
      $("refresh-result").textContent = job.state === "done" ? job.result.message : `The refresh failed: ${job.error}`;
      $("refresh-result").classList.toggle("failed", job.state !== "done");
      $("refresh-result").hidden = false;
      await loadSegments();
    } finally {
      $("refresh-segments").disabled = false;
      $("refresh-progress").hidden = true;
    }
  }

  async function downloadReport() {
    showError("");
    try {
      const response = await call("/api/console/segments/report.html");
      if (!response.ok) {
        let data = null;
        try { data = await response.json(); } catch { /* said by status */ }
        throw refused(response.status, data, response.statusText);
      }
      const url = URL.createObjectURL(await response.blob());
      const link = el("a", { href: url, download: `segments-${new Date().toISOString().slice(0, 10)}.html` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) {
      report(err);
    }
  }

  // --- conversion ----------------------------------------------------------------------------------------------
  async function loadConversion() {
    const days = Number($("conversion-days").value) || 30;
    let data;
    try {
      data = await api(`/api/console/conversion?days=${days}`);
    } catch (err) {
      $("conversion-meta").textContent = err.message;
      $("conversion-body").replaceChildren();
      return;
    }
    window.outfitterConversion.render(data, { el, count, money, share, when, chartUrls: state.chartUrls });
  }

  // --- signing in and out, and the start -----------------------------------------------------------------------
  function signOut() {
    sessionStorage.removeItem(TOKEN);
    $("console").hidden = true;
    $("sections").hidden = true;
    $("sign-out").hidden = true;
    $("sign-in").hidden = false;
  }

  // A page opened (or reloaded) while a job runs picks it up.
  async function resumeJobs() {
    const { jobs } = await api("/api/console/jobs");
    const latest = (kind) => jobs.find((j) => j.kind === kind);
    const lastImport = latest("import");
    if (lastImport && lastImport.state === "running") followImport(lastImport.id).catch(report);
    else if (lastImport) renderImport(lastImport);
    const lastRefresh = latest("refresh");
    if (lastRefresh && lastRefresh.state === "running") followRefresh(lastRefresh.id).catch(report);
  }

  async function start() {
    $("sign-in").hidden = true;
    $("console").hidden = false;
    $("sections").hidden = false;
    $("sign-out").hidden = false;
    try {
      await loadCatalog();  // first, alone: a wrong token signs out here, once
      await Promise.all([resumeJobs(), loadSegments(), loadConversion()]);
    } catch (err) {
      report(err);
    }
  }

  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN, $("token").value.trim());
    $("token").value = "";
    showError("");
    start();
  });
  $("sign-out").addEventListener("click", () => { signOut(); showError(""); });
  $("refresh-status").addEventListener("click", () => loadCatalog().catch(report));
  $("rollback").addEventListener("click", rollback);
  $("upload-form").addEventListener("submit", (event) => { event.preventDefault(); upload(); });
  $("rejected-more").addEventListener("click", () => moreRejections().catch(report));
  $("refresh-segments").addEventListener("click", refreshSegments);
  $("download-report").addEventListener("click", downloadReport);
  $("conversion-form").addEventListener("submit", (event) => { event.preventDefault(); loadConversion(); });

  if (sessionStorage.getItem(TOKEN)) start(); else signOut();
})();
