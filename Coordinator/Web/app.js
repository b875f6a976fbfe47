// Crossfold's page: sweeps with live progress, a sweep's trials and running jobs, the workers, and a
// form to submit a sweep. Plain JS over the HTTP API; live updates come from /api/events.
"use strict";

const state = { token: localStorage.getItem("crossfold-token") || "", selected: null, events: null };

function headers(extra) {
  const h = Object.assign({}, extra);
  if (state.token) h["Authorization"] = "Bearer " + state.token;
  return h;
}

function withToken(url) {
  return state.token ? url + (url.includes("?") ? "&" : "?") + "access_token=" + encodeURIComponent(state.token) : url;
}

async function api(path, options) {
  const response = await fetch(path, Object.assign({}, options, { headers: headers((options || {}).headers) }));
  if (response.status === 401) {
    document.getElementById("token-form").hidden = false;
    setConnection("this coordinator needs an API token");
    throw new Error("unauthorized");
  }
  const body = response.status === 204 ? null : await response.json();
  if (!response.ok) throw Object.assign(new Error(body && body.detail || response.statusText), { problem: body });
  return body;
}

function setConnection(text) { document.getElementById("connection").textContent = text; }

function percent(x) { return x == null ? "–" : (x * 100).toFixed(2) + " %"; }

function duration(seconds) {
  if (seconds == null) return "–";
  const s = Math.round(seconds);
  if (s >= 3600) return Math.floor(s / 3600) + " h " + String(Math.floor(s % 3600 / 60)).padStart(2, "0") + " min";
  if (s >= 60) return Math.floor(s / 60) + " min " + String(s % 60).padStart(2, "0") + " s";
  return s + " s";
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function renderSweeps(sweeps) {
  const body = document.querySelector("#sweeps tbody");
  body.replaceChildren();
  document.getElementById("no-sweeps").hidden = sweeps.length > 0;
  for (const s of sweeps) {
    const row = body.insertRow();
    row.dataset.id = s.sweepId;
    row.dataset.state = s.state;
    if (s.sweepId === state.selected) row.className = "selected";
    cell(row, s.name + " (" + s.sweepId + ")");
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
    link.href = withToken("/api/sweeps/" + encodeURIComponent(s.sweepId) + "/report?format=html");
    link.textContent = "report";
    link.className = "report";
    link.target = "_blank";
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
    cell(row, t.foldsDone + "/" + t.foldsTotal + (t.foldsFailed ? " (" + t.foldsFailed + " failed)" : ""));
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
    cell(row, j.lastEpoch ? percent(j.lastEpoch.validationAccuracy) : "–");
  }
  const report = "/api/sweeps/" + encodeURIComponent(s.sweepId) + "/report?format=";
  document.getElementById("report-link").href = withToken(report + "html");
  document.getElementById("report-md").href = withToken(report + "md");
  document.getElementById("report-csv").href = withToken(report + "csv");
  document.getElementById("report-json").href = withToken(report + "json");
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
    renderSweeps(await api("/api/sweeps"));
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

function follow() {
  if (state.events) state.events.close();
  state.events = new EventSource(withToken("/api/events"));
  for (const name of ["sweeps", "job-started", "epoch-finished", "fold-finished", "job-requeued", "job-failed", "trial-finished", "sweep-finished"])
    state.events.addEventListener(name, refresh);
  state.events.onerror = () => setConnection("reconnecting…");
}

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

document.getElementById("token-form").addEventListener("submit", event => {
  event.preventDefault();
  state.token = document.getElementById("token").value.trim();
  localStorage.setItem("crossfold-token", state.token);
  document.getElementById("token-form").hidden = true;
  follow();
  refresh();
});

follow();
refresh();
// A safety net for proxies that cut event streams: the page never stays stale for long.
setInterval(refresh, 10000);
