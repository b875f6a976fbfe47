// Crossfold's page: sweeps with live progress, a sweep's trials and running jobs, the workers, and a
// form to submit a sweep. Plain JS over the HTTP API (common.js); live updates come from /api/events.
// Each sweep's name links to its own live page, /sweeps/ID (sweep.js).
"use strict";

const PAGE = 100;
const state = { selected: null, offset: 0, total: 0 };

const { call, api, reportLink, setConnection, percent, duration, cell } = crossfold;

function renderSweeps(sweeps) {
  const body = document.querySelector("#sweeps tbody");
  body.replaceChildren();
  document.getElementById("no-sweeps").hidden = state.total > 0;
  document.getElementById("sweeps-pager").hidden = state.total <= PAGE && state.offset === 0;
  document.getElementById("sweeps-range").textContent = sweeps.length
    ? "Sweeps " + (state.offset + 1) + "–" + (state.offset + sweeps.length) + " of " + state.total + ", newest first."
    : "No sweeps here; " + state.total + " in all.";
  document.getElementById("newer").disabled = state.offset === 0;
  document.getElementById("older").disabled = state.offset + sweeps.length >= state.total;
  for (const s of sweeps) {
    const row = body.insertRow();
    row.dataset.id = s.sweepId;
    row.dataset.state = s.state;
    if (s.sweepId === state.selected) row.className = "selected";
    const sweepLink = document.createElement("a");
    sweepLink.href = "/sweeps/" + encodeURIComponent(s.sweepId);
    sweepLink.className = "sweep-page";
    sweepLink.textContent = s.name + " (" + s.sweepId + ")";
    row.insertCell().append(sweepLink);
    cell(row, s.state, "state state-" + s.state);
    const bar = document.createElement("div");
    bar.className = "bar";
    const fill = document.createElement("span");
    fill.style.width = (s.jobs ? 100 * (s.done + s.failed) / s.jobs : 0) + "%";
    bar.append(fill);
    row.insertCell().append(bar);
    cell(row, s.done + "/" + s.jobs, "folds");
    cell(row, String(s.failed));
    cell(row, duration(s.etaSeconds));
    const link = document.createElement("a");
    reportLink(link, s.sweepId, "html", "report.html");
    link.textContent = "report";
    link.className = "report";
    row.insertCell().append(link);
    row.addEventListener("click", event => { if (event.target.tagName !== "A") select(s.sweepId); });
  }
}

function renderDetail(s) {
  document.getElementById("detail-section").hidden = false;
  document.getElementById("detail-title").textContent = s.name + " (" + s.sweepId + ")";
  document.getElementById("detail-summary").textContent =
    s.state + ": " + s.done + " of " + s.jobs + " folds done, " + s.running + " running, " + s.queued + " queued, " + s.failed + " failed" +
    (s.etaSeconds != null ? ", about " + duration(s.etaSeconds) + " left" : "");
  const trials = document.querySelector("#trials tbody");
  trials.replaceChildren();
  for (const t of s.trials) {
    const row = trials.insertRow();
    cell(row, t.label);
    cell(row, t.foldsDone + "/" + t.foldsTotal + (t.foldsFailed ? " (" + t.foldsFailed + " failed)" : "") + (t.eliminated ? ", " + t.eliminated : ""));
    cell(row, t.meanAccuracy == null ? "–" : percent(t.meanAccuracy) + " ± " + percent(t.stdAccuracy));
    cell(row, t.meanLoss == null ? "–" : t.meanLoss.toFixed(4));
  }
  const running = document.querySelector("#running tbody");
  running.replaceChildren();
  for (const j of s.runningJobs) {
    const row = running.insertRow();
    cell(row, j.description);
    cell(row, j.slot.node + "#" + j.slot.slot);
    cell(row, j.slot.device);
    cell(row, j.epochsDone + "/" + j.epochs);
    cell(row, j.lastEpoch ? percent(j.lastEpoch.testAccuracy) : "–");
  }
  reportLink(document.getElementById("report-link"), s.sweepId, "html", "report.html");
  reportLink(document.getElementById("report-md"), s.sweepId, "md", "report.md");
  reportLink(document.getElementById("report-csv"), s.sweepId, "csv", "folds.csv");
  reportLink(document.getElementById("report-json"), s.sweepId, "json", "report.json");
}

function renderWorkers(cluster) {
  const body = document.querySelector("#workers tbody");
  body.replaceChildren();
  document.getElementById("no-workers").hidden = cluster.slots.length > 0;
  for (const s of cluster.slots) {
    const row = body.insertRow();
    cell(row, s.slot.node + "#" + s.slot.slot);
    cell(row, s.slot.device);
    cell(row, s.slot.deviceName);
    cell(row, String(s.slot.threads));
    cell(row, s.jobId == null ? "idle" : s.sweepId + " #" + s.jobId);
  }
}

async function select(id) {
  state.selected = id;
  for (const row of document.querySelectorAll("#sweeps tbody tr")) row.className = row.dataset.id === id ? "selected" : "";
  renderDetail(await api("/api/sweeps/" + encodeURIComponent(id)));
}

let refreshing = false, again = false;
async function refresh() {
  // Events arrive in bursts: one refresh at a time, and one more after it if anything came meanwhile.
  if (refreshing) { again = true; return; }
  refreshing = true;
  try {
    const page = await call("/api/sweeps?limit=" + PAGE + "&offset=" + state.offset);
    state.total = Number(page.headers.get("X-Total-Count"));
    renderSweeps(await page.json());
    renderWorkers(await api("/api/cluster"));
    if (state.selected) renderDetail(await api("/api/sweeps/" + encodeURIComponent(state.selected)));
    setConnection("connected");
  } catch (e) {
    if (e.message !== "unauthorized") setConnection("coordinator unavailable: " + e.message);
  } finally {
    refreshing = false;
    if (again) { again = false; setTimeout(refresh, 100); }
  }
}

function page(delta) {
  state.offset = Math.max(0, state.offset + delta);
  refresh();
}
document.getElementById("newer").addEventListener("click", () => page(-PAGE));
document.getElementById("older").addEventListener("click", () => page(PAGE));

document.getElementById("submit-form").addEventListener("submit", async event => {
  event.preventDefault();
  const result = document.getElementById("submit-result");
  result.hidden = false;
  result.className = "";
  result.textContent = "submitting…";
  try {
    const created = await api("/api/sweeps?name=page.yaml", {
      method: "POST", body: document.getElementById("sweep-text").value, headers: { "Content-Type": "application/yaml" },
    });
    result.textContent = "Submitted " + created.id + ": " + created.trials + " trials, " + created.jobs + " jobs.";
    await refresh();
    await select(created.id);
  } catch (e) {
    result.className = "error";
    const errors = e.problem && e.problem.errors || [];
    result.textContent = e.message + (errors.length ? "\n" + errors.map(x => (x.line ? "line " + x.line + ": " : "") + x.path + ": " + x.message).join("\n") : "");
  }
});

let events = null;
crossfold.onToken(() => { events.restart(); refresh(); });
events = crossfold.follow("/api/events", window.crossfoldEvents.all, refresh);
refresh();
// A safety net for proxies that cut event streams: the page never stays stale for long.
setInterval(refresh, 10000);
