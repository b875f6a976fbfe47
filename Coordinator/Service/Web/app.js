// Crossfold's page: sweeps with live progress, a sweep's trials and running jobs, the workers, and a
// form to submit a sweep. Plain JS over the HTTP API; live updates come from /api/events.
// The token only ever travels in the Authorization header: the event stream gets a single-use ticket
// (EventSource cannot send headers) and reports are fetched with the header and shown from a Blob.
"use strict";

const PAGE = 100;
const state = { token: localStorage.getItem("crossfold-token") || "", selected: null, events: null, offset: 0, total: 0 };

function headers(extra) {
  const h = Object.assign({}, extra);
  if (state.token) h["Authorization"] = "Bearer " + state.token;
  return h;
}

// The response of an API call; a 401 shows the token form, another error throws with the problem's detail.
async function call(path, options) {
  const response = await fetch(path, Object.assign({}, options, { headers: headers((options || {}).headers) }));
  if (response.status === 401) {
    document.getElementById("token-form").hidden = false;
    setConnection("this coordinator needs an API token");
    throw new Error("unauthorized");
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw Object.assign(new Error(problem && problem.detail || response.statusText), { problem });
  }
  return response;
}

async function api(path, options) {
  const response = await call(path, options);
  return response.status === 204 ? null : response.json();
}

function reportUrl(id, format) { return "/api/sweeps/" + encodeURIComponent(id) + "/report?format=" + format; }

// Opens a report (HTML) in a new tab or downloads it (other formats), fetched with the Authorization header.
// The tab is opened at the click, before the fetch, so no popup blocker mistakes it for an unasked popup.
async function openReport(event) {
  event.preventDefault();
  const link = event.currentTarget;
  const html = link.dataset.format === "html";
  const tab = html ? window.open("about:blank", "_blank") : null;
  try {
    const blob = await (await call(link.getAttribute("href"))).blob();
    const url = URL.createObjectURL(blob);
    if (tab) tab.location.href = url;
    else Object.assign(document.createElement("a"), { href: url, download: link.dataset.file }).click();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) {
    if (tab) tab.close();
    if (e.message !== "unauthorized") setConnection("report: " + e.message);
  }
}

function reportLink(link, id, format, file) {
  link.href = reportUrl(id, format);
  link.dataset.format = format;
  link.dataset.file = id + "-" + file;
  link.onclick = openReport;
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

// Follows /api/events with a fresh ticket. A ticket works once, so EventSource's own reconnection (same URL)
// would be refused: on any error the stream is closed and followed again with a new ticket.
let following = null;
async function follow() {
  if (state.events) state.events.close();
  state.events = null;
  try {
    const { ticket } = await api("/api/tickets", { method: "POST" });
    const events = new EventSource("/api/events?ticket=" + encodeURIComponent(ticket));
    for (const name of window.crossfoldEvents.all) events.addEventListener(name, refresh);
    events.onerror = () => { events.close(); followAgain(); };
    state.events = events;
  } catch (e) {
    if (e.message !== "unauthorized") followAgain();
  }
}

function followAgain() {
  setConnection("reconnecting…");
  if (!following) following = setTimeout(() => { following = null; follow(); }, 2000);
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
