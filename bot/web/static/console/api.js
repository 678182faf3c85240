// The console's calls to /api/console. The merchandiser token lives in this tab's sessionStorage only and goes
// out as `Authorization: Bearer`; a 401 or 403 forgets it and asks again.

const TOKEN = "outfitter.merchandiser.token";
const POLL_MS = 500;
let unauthorized = () => {};

export const token = {
  get: () => sessionStorage.getItem(TOKEN),
  set: (value) => sessionStorage.setItem(TOKEN, value),
  clear: () => sessionStorage.removeItem(TOKEN),
};

export const bearer = () => `Bearer ${token.get() || ""}`;

export function onUnauthorized(handler) {
  unauthorized = handler;
}

export class ApiError extends Error {}

// The API's own words: a string detail, or each field at fault from a 422 ("file: c.xlsx: unknown file type").
function messageOf(data, status, statusText) {
  const detail = data && data.detail;
  if (Array.isArray(detail)) {
    return detail.map((e) => `${(e.loc || []).filter((p) => p !== "body").join(".")}: ${e.msg}`).join("\n");
  }
  if (typeof detail === "string") return data.request_id ? `${detail} (request ${data.request_id})` : detail;
  return `${status} ${statusText}`;
}

export function refused(status, data, statusText) {
  if (status === 401 || status === 403) {
    token.clear();
    unauthorized();
  }
  return new ApiError(messageOf(data, status, statusText));
}

// The raw response, for answers that are not JSON (the HTML report).
export async function call(path, method = "GET") {
  let response;
  try {
    response = await fetch(path, { method, headers: { Authorization: bearer() } });
  } catch (err) {
    throw new ApiError(`The web app cannot be reached (${err.message}).`);
  }
  if (!response.ok) {
    let data = null;
    try { data = await response.json(); } catch { /* not JSON: said by status */ }
    throw refused(response.status, data, response.statusText);
  }
  return response;
}

export async function api(path, method = "GET") {
  return (await call(path, method)).json();
}

// Poll a background job until it is no longer running; `update` sees each state on the way.
export async function follow(jobId, update) {
  for (;;) {
    const job = await api(`/api/console/jobs/${encodeURIComponent(jobId)}`);
    update(job);
    if (job.state !== "running") return job;
    await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
  }
}
