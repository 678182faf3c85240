// Building the page from API data: elements made with text content only (never markup), numbers in words, and
// progress bars. Everything from the API is text here: titles, SKUs and reasons come from merchants' files.

export const $ = (id) => document.getElementById(id);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "class") node.className = value;
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));  // strings become text nodes
  return node;
}

export function showError(text) {
  $("error").textContent = text || "";
  $("error").hidden = !text;
}

export const report = (err) => showError(err.message);

export const count = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en"));
export const money = (n) => (n === null || n === undefined ? "–"
  : Number(n).toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
export const share = (n) => (n === null || n === undefined ? "–" : `${(100 * n).toFixed(1)}%`);
export const when = (iso) => (iso ? new Date(iso).toLocaleString() : "–");

export const cells = (values) => values.map((v) => el("td", {}, v));

export function figures(target, pairs) {
  $(target).replaceChildren(...pairs.map(([value, name]) =>
    el("div", { class: "figure" }, el("b", {}, value), el("span", {}, name))));
}

// A job's stage and progress in the bar and words named `${prefix}-bar|stage|count`. Counts are shown where they
// are products; other stages count what their reader counts (a CSV's characters), so they show a percentage.
export function setProgress(prefix, job) {
  $(`${prefix}-stage`).textContent = job.stage_label || "Starting";
  let words = "";
  if (job.stage === "embed" && job.total) words = `${count(job.done)} / ${count(job.total)} products`;
  else if (job.percent !== null && job.percent !== undefined) words = `${Math.floor(job.percent)}%`;
  $(`${prefix}-count`).textContent = words;
  const bar = $(`${prefix}-bar`);
  if (job.percent === null || job.percent === undefined) bar.removeAttribute("value");  // indeterminate
  else bar.value = job.percent;
}

// Charts are SVG documents: shown as images (blob: URLs), they run nothing and load nothing, and their inline
// styles apply inside the image, out of reach of the page's policy. `urls` collects the URLs to revoke later.
export function chart(c, urls) {
  const url = URL.createObjectURL(new Blob([c.svg], { type: "image/svg+xml" }));
  urls.push(url);
  return el("figure", { "data-chart": c.name }, el("img", { src: url, alt: c.caption }),
    el("figcaption", {}, c.caption));
}

export function charts(target, list, urls) {
  urls.splice(0).forEach((url) => URL.revokeObjectURL(url));
  $(target).replaceChildren(...list.map((c) => chart(c, urls)));
}
