// The merchandiser console: a page over /api/console (api.js), in three sections (catalog.js, segments.js,
// conversion.js). Every value from the API is put in the page as text (dom.js), never as markup.
import { api, onUnauthorized, token } from "./api.js";
import { initCatalog, loadCatalog, resumeImport } from "./catalog.js";
import { initConversion, loadConversion } from "./conversion.js";
import { $, report, showError } from "./dom.js";
import { initSegments, loadSegments, resumeRefresh } from "./segments.js";

function signedIn(yes) {
  $("console").hidden = !yes;
  $("sections").hidden = !yes;
  $("sign-out").hidden = !yes;
  $("sign-in").hidden = yes;
}

// A page opened (or reloaded) while a job runs picks it up.
async function resumeJobs() {
  const { jobs } = await api("/api/console/jobs");
  const latest = (kind) => jobs.find((j) => j.kind === kind);
  if (latest("import")) resumeImport(latest("import"));
  if (latest("refresh")) resumeRefresh(latest("refresh"));
}

async function start() {
  signedIn(true);
  try {
    await loadCatalog();  // first, alone: a wrong token signs out here, once
    await Promise.all([resumeJobs(), loadSegments(), loadConversion()]);
  } catch (err) {
    report(err);
  }
}

onUnauthorized(() => signedIn(false));
$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  token.set($("token").value.trim());
  $("token").value = "";
  showError("");
  start();
});
$("sign-out").addEventListener("click", () => { token.clear(); signedIn(false); showError(""); });
initCatalog();
initSegments();
initConversion();

if (token.get()) start(); else signedIn(false);
