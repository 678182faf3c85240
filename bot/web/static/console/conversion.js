// The conversion section: suggestion lists shown, clicked and bought, by match level, segment and lifecycle,
// the personalized group against the holdout with the lift and its interval, and the charts.
import { api } from "./api.js";
import { $, cells, charts, count, el, figures, money, share, when } from "./dom.js";

const chartUrls = [];
const GROUP_WORDS = { personalized: "personalized", control: "holdout (popular products)", outside: "outside the experiment" };

// A rate over enough to read, with its 95% interval; over too few, its counts only ("2 of 3").
function rate(r) {
  if (!r.base) return "–";
  if (!r.enough) return `${count(r.hits)} of ${count(r.base)}`;
  return `${share(r.value)} (${share(r.low)}–${share(r.high)})`;
}

const signed = (n) => `${n >= 0 ? "+" : "−"}${(100 * Math.abs(n)).toFixed(1)}%`;

function lift(l) {
  return l.lift === null ? "–" : `${signed(l.lift)} (${signed(l.lift_low)} to ${signed(l.lift_high)})`;
}

function difference(l) {
  if (l.difference === null) return "–";
  const points = (n) => `${n >= 0 ? "+" : "−"}${(100 * Math.abs(n)).toFixed(1)}`;
  return `${points(l.difference)} points (${points(l.difference_low)} to ${points(l.difference_high)})`;
}

function rowCells(r) {
  return cells([count(r.lists), count(r.shoppers), count(r.products), count(r.clicks), rate(r.ctr), count(r.bought),
    rate(r.conversion), count(r.orders), money(r.revenue)]);
}

function rows(target, list, words = {}) {
  $(target).tBodies[0].replaceChildren(...(list.length
    ? list.map((r) => el("tr", { "data-key": r.key }, el("td", {}, words[r.key] || r.key), ...rowCells(r)))
    : [el("tr", {}, el("td", { colspan: "10" }, "No suggestion list shown in this period."))]));
}

function render(c) {
  const open = c.open_clicks ? ` ${count(c.open_clicks)} click(s) are still inside their window: orders may follow.` : "";
  $("conversion-meta").textContent = `Suggestion lists shown from ${when(c.since)} to ${when(c.until)}. An order ` +
    `counts for a clicked product ordered within ${c.window_days} days of the click.${open}`;
  const t = c.total;
  figures("conversion-figures", [[count(t.lists), "lists shown"], [count(t.products), "products shown"],
    [count(t.clicks), "clicks"], [rate(t.ctr), "click-through"], [count(t.orders), "orders"],
    [rate(t.conversion), "conversion"], [money(t.revenue), "revenue"]]);
  $("conversion-lifts").tBodies[0].replaceChildren(...c.lifts.map((l) => el("tr", {},
    el("td", {}, l.metric), el("td", {}, rate(l.personalized)), el("td", {}, rate(l.control)), el("td", {}, lift(l)),
    el("td", {}, difference(l)), el("td", {}, l.p_value === null ? "–" : l.p_value.toFixed(3)),
    el("td", { class: "verdict" }, l.verdict))));
  rows("conversion-groups", c.by_group, GROUP_WORDS);
  rows("conversion-match", c.by_match);
  rows("conversion-segments", c.by_segment);
  $("conversion-segment-count").textContent = c.segments > c.by_segment.length
    ? `(the ${c.by_segment.length} with most products shown, of ${count(c.segments)})` : "";
  rows("conversion-lifecycle", c.by_lifecycle);
  charts("conversion-charts", c.charts, chartUrls);
}

// A report that cannot be read says so in its own panel: the catalog and segments stay usable.
export async function loadConversion() {
  const days = Math.min(3650, Math.max(1, Math.round(Number($("conversion-days").value) || 30)));
  try {
    render(await api(`/api/console/conversion?days=${days}`));
  } catch (err) {
    $("conversion-meta").textContent = `The conversion report cannot be shown: ${err.message}`;
  }
}

export function initConversion() {
  $("conversion-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadConversion();
  });
}
