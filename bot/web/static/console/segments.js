// The segments section: the report `outfitter segments report --html` draws, laid out here (figures, charts as
// images, tables), the refresh as a background job, and the whole report to download.
import { api, call, follow } from "./api.js";
import { $, cells, charts, count, el, figures, money, report, setProgress, share, showError, when } from "./dom.js";

const chartUrls = [];

function groupCells(g) {
  return cells([count(g.shoppers), count(g.buyers), count(g.orders), money(g.revenue), share(g.revenue_share),
    money(g.aov), share(g.conversion), money(g.revenue_per_shopper), share(g.purchase_probability),
    money(g.clv_12m)]);
}

function clusterRow(g) {
  const swatch = el("span", { class: "swatch" });
  swatch.style.background = g.colour || "#999";  // a CSSOM property, which the page's policy allows
  return el("tr", { "data-cluster": g.key }, el("td", {}, swatch, g.label),
    el("td", { class: "text" }, g.traits.join(", ")), ...groupCells(g));
}

function render(r) {
  const parts = [r.as_of ? `As of ${when(r.as_of)}` : "Not refreshed yet"];
  if (r.refreshed_at) parts.push(`segments refreshed ${when(r.refreshed_at)}`);
  parts.push("orders and revenue over all history");
  $("segments-meta").textContent = parts.join(" · ");
  figures("segments-figures", [[count(r.shoppers), "shoppers"], [money(r.revenue), "net revenue"],
    [count(r.micro_segments.length), "micro-segments"], [count(r.clusters.length), "clusters"]]);
  $("segments-hints").replaceChildren(...r.hints.map((h) => el("li", {}, h)));
  charts("segments-charts", r.charts, chartUrls);
  $("micro-count").textContent = `(${count(r.micro_segments.length)})`;
  $("micro-segments").tBodies[0].replaceChildren(...r.micro_segments.map((g) =>
    el("tr", { "data-segment": g.key }, el("td", {}, g.label), ...groupCells(g))));
  $("cluster-count").textContent = `(${count(r.clusters.length)})`;
  $("clusters").tBodies[0].replaceChildren(...r.clusters.map(clusterRow));
  $("evaluation").tBodies[0].replaceChildren(...(r.evaluation.length
    ? r.evaluation.map((f) => el("tr", {}, el("td", {}, f.name), el("td", {}, f.value)))
    : [el("tr", {}, el("td", {}, "No purchase model yet: it needs longer histories with buyers who came back."))]));
}

export const loadSegments = async () => render(await api("/api/console/segments/report"));

function refreshing(busy) {
  $("refresh-segments").disabled = busy;
  $("refresh-progress").hidden = !busy;
}

async function followRefresh(jobId) {
  refreshing(true);
  try {
    const job = await follow(jobId, (j) => setProgress("refresh", j));
    $("refresh-result").textContent = job.state === "done" ? job.result.message : `The refresh failed: ${job.error}`;
    $("refresh-result").classList.toggle("failed", job.state !== "done");
    $("refresh-result").hidden = false;
    await loadSegments();
  } finally {
    refreshing(false);
  }
}

export function resumeRefresh(job) {
  if (job.state === "running") followRefresh(job.id).catch(report);
}

async function refresh() {
  showError("");
  $("refresh-result").hidden = true;
  refreshing(true);
  try {
    await followRefresh((await api("/api/console/segments/refresh", "POST")).id);
  } catch (err) {
    report(err);
  } finally {
    refreshing(false);
  }
}

async function download() {
  showError("");
  try {
    const url = URL.createObjectURL(await (await call("/api/console/segments/report.html")).blob());
    const link = el("a", { href: url, download: `segments-${new Date().toISOString().slice(0, 10)}.html` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (err) {
    report(err);
  }
}

export function initSegments() {
  $("refresh-segments").addEventListener("click", refresh);
  $("download-report").addEventListener("click", download);
}
