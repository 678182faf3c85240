// The catalog section: status, index versions and rollback, and the upload that imports a file in the
// background, with its progress and then its report (every rejected row with its number and reason).
import { ApiError, api, bearer, follow, refused } from "./api.js";
import { $, count, el, report, setProgress, showError, when } from "./dom.js";

const REJECTION_PAGE = 1000;
const state = { job: null, rejectedShown: 0 };

function versionWords(v) {
  return `${v.version} (${count(v.count)} products, ${v.index_type}, ${v.model})`;
}

async function loadStatus() {
  const s = await api("/api/console/catalog/status");
  $("status-products").textContent = `${count(s.products.active)} active, ${count(s.products.discontinued)} discontinued`;
  $("status-live").textContent = s.live ? versionWords(s.live) : "none yet: import a catalog";
  $("status-built").textContent = s.live ? `${when(s.live.built_at)} in ${s.live.build_seconds.toFixed(2)} s` : "–";
  $("status-pending").textContent = s.pending;
  $("status-pending").classList.toggle("warn", s.pending !== "nothing");
  $("upload-limit").textContent = `Files up to ${count(s.upload_max_mb)} MB. One import runs at a time.`;
}

async function loadVersions() {
  const v = await api("/api/console/index/versions");
  const rows = v.versions.map((row) => el("tr", { "data-version": row.version, class: row.live ? "live" : "" },
    el("td", {}, row.version), el("td", {}, row.live ? "● live" : ""), el("td", {}, count(row.count)),
    el("td", {}, row.index_type), el("td", {}, row.model), el("td", {}, when(row.built_at))));
  $("versions").tBodies[0].replaceChildren(...(rows.length ? rows
    : [el("tr", {}, el("td", { colspan: "6" }, "No version yet: import a catalog."))]));
  $("rollback").disabled = !v.previous;
  $("rollback").dataset.previous = v.previous || "";
  $("rollback").textContent = v.previous ? `Roll back to ${v.previous}` : "Roll back (no earlier version)";
}

export const loadCatalog = () => Promise.all([loadStatus(), loadVersions()]);

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
  if ($("upload-currency").value.trim()) body.append("currency", $("upload-currency").value.trim());
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
    renderImport(await follow(jobId, (j) => setProgress("upload", j)));
    await loadCatalog();
  } finally {
    uploading(false);
  }
}

// A page opened while an import runs follows it; otherwise it shows the last one's report.
export function resumeImport(job) {
  if (job.state === "running") followImport(job.id).catch(report);
  else renderImport(job);
}

function rejectedRow(r) {
  return el("tr", { "data-row": String(r.row) }, el("td", {}, String(r.row)), el("td", {}, r.sku || "—"),
    el("td", {}, r.reason));
}

function indexWords(result) {
  const index = result.index;
  if (result.index_error) return `No new index version: ${result.index_error}`;
  if (index && result.index_published) {
    return `This import published index ${index.version}: ${count(index.count)} products, ${index.index_type}, ` +
      `built in ${index.build_seconds.toFixed(2)} s.`;
  }
  return index ? `No new index version: the catalog did not change, ${index.version} stayed live.` : "No index is live.";
}

function renderImport(job) {
  state.job = job.id;
  const result = job.result;
  $("import-report").hidden = false;
  $("import-title").textContent = `${job.title} · ${job.state === "failed" ? "failed" : "imported"} ${when(job.finished_at)}`;
  $("import-counts").hidden = !result;
  $("rejections").hidden = true;
  $("import-message").classList.toggle("failed", job.state === "failed" || Boolean(result && !result.imported));
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
  $("import-index").textContent = indexWords(result) + (result.retrain ? ` ${result.retrain}` : "");
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
  const page = await api(`/api/console/jobs/${encodeURIComponent(state.job)}/rejections` +
    `?offset=${state.rejectedShown}&limit=${REJECTION_PAGE}`);
  $("rejected-rows").tBodies[0].append(...page.rows.map(rejectedRow));
  state.rejectedShown += page.rows.length;
  $("rejected-more").hidden = state.rejectedShown >= page.total;
}

export function initCatalog() {
  $("refresh-status").addEventListener("click", () => loadCatalog().catch(report));
  $("rollback").addEventListener("click", rollback);
  $("upload-form").addEventListener("submit", (event) => { event.preventDefault(); upload(); });
  $("rejected-more").addEventListener("click", () => moreRejections().catch(report));
}
