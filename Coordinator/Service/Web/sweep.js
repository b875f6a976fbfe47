// One sweep, live: /sweeps/ID. Its summary (progress, ETA, failures), fold accuracies and mean learning
// curves per trial, the running folds' epoch curves, and a sortable trial table. The status and the JSON
// report come from the API; the sweep's own event stream adds epochs as they finish and asks for a new
// report when a fold finishes or fails.
"use strict";

const { api, reportLink, setConnection, percent, duration, cell } = crossfold;
const sweepId = decodeURIComponent(location.pathname.replace(/^\/sweeps\//, ""));
const view = { status: null, report: null, running: new Map(), sort: { key: "mean", descending: true } };

// The accuracy an epoch reports on its fold's test part (logged for curves; the validation split chooses the epoch).
function heldOutAccuracy(epoch) { return epoch.testAccuracy; }

function renderSummary() {
  const s = view.status;
  document.title = "Crossfold: " + s.name;
  document.getElementById("title").textContent = s.name + " (" + s.sweepId + ")";
  document.getElementById("summary").textContent =
    s.state + ": " + s.done + " of " + s.jobs + " folds done, " + s.running + " running, " + s.queued + " queued, " + s.failed + " failed" +
    (s.etaSeconds != null ? ", about " + duration(s.etaSeconds) + " left" : "");
  document.getElementById("summary").className = "state-" + s.state;
}

function finished(report) { return report.trials.filter(t => t.folds.length > 0); }

function renderFoldChart() {
  const trials = finished(view.report);
  // x: fold number across repeats (repeat r, fold f -> r * k + f + 1).
  const k = Math.max(1, ...view.report.trials.flatMap(t => t.folds.concat(t.failedFolds)).map(f => f.fold + 1));
  const key = f => f.repeat * k + f.fold + 1;
  const xs = [...new Set(trials.flatMap(t => t.folds.map(key)))].sort((a, b) => a - b);
  charts.draw("fold-chart", "fold", "accuracy (%)", xs, trials.map(t => ({
    label: t.label + " (mean " + percent(t.accuracy.mean) + ")",
    values: xs.map(x => { const f = t.folds.find(f => key(f) === x); return f ? f.accuracy * 100 : null; }),
  })), true);
}

function renderCurveChart() {
  const trials = finished(view.report).filter(t => t.learningCurve.length > 0);
  const xs = [...new Set(trials.flatMap(t => t.learningCurve.map(p => p.epoch)))].sort((a, b) => a - b);
  charts.draw("curve-chart", "epoch", "accuracy (%)", xs, trials.map(t => ({
    label: t.label,
    values: xs.map(x => { const p = t.learningCurve.find(p => p.epoch === x); return p ? heldOutAccuracy(p) * 100 : null; }),
  })), false);
}

function renderRunning() {
  const jobs = [...view.running.values()];
  const xs = [...new Set(jobs.flatMap(j => [...j.epochs.keys()]))].sort((a, b) => a - b);
  charts.draw("running-chart", "epoch", "accuracy (%)", xs, jobs.map(j => ({
    label: j.description,
    values: xs.map(x => j.epochs.has(x) ? j.epochs.get(x) * 100 : null),
  })), false);
  const body = document.querySelector("#running tbody");
  body.replaceChildren();
  for (const j of jobs) {
    const row = body.insertRow();
    cell(row, j.description);
    cell(row, j.slot);
    cell(row, j.epochs.size + "/" + j.total);
    const last = Math.max(0, ...j.epochs.keys());
    cell(row, j.epochs.has(last) ? percent(j.epochs.get(last)) : "–");
  }
  document.getElementById("no-running").hidden = jobs.length > 0;
  document.getElementById("running-chart").hidden = jobs.length === 0;
}

const sorters = {
  label: t => t.label,
  folds: t => t.folds.length,
  mean: t => t.accuracy ? t.accuracy.mean : -1,
  std: t => t.accuracy ? t.accuracy.populationStd : -1,
  parameters: t => t.parameters,
};

function renderTrials() {
  const { key, descending } = view.sort;
  const by = sorters[key];
  const trials = view.report.trials.slice().sort((a, b) => {
    const x = by(a), y = by(b);
    return (x < y ? -1 : x > y ? 1 : a.index - b.index) * (descending ? -1 : 1);
  });
  const progress = new Map((view.status ? view.status.trials : []).map(t => [t.trialIndex, t]));
  const body = document.querySelector("#trials tbody");
  body.replaceChildren();
  for (const t of trials) {
    const row = body.insertRow();
    row.dataset.trial = String(t.index);
    if (t.best) row.className = "best";
    cell(row, t.label);
    const p = progress.get(t.index);
    cell(row, t.folds.length + "/" + (p ? p.foldsTotal : t.folds.length) + (t.failedFolds.length ? " (" + t.failedFolds.length + " failed)" : "") +
      (p && p.eliminated ? ", " + p.eliminated : ""));
    cell(row, t.accuracy ? percent(t.accuracy.mean) + " ± " + percent(t.accuracy.populationStd) : "–");
    cell(row, t.accuracy ? percent(t.accuracy.populationStd) : "–");
    cell(row, t.parameters.toLocaleString("en"));
    cell(row, t.best ? "best" : t.againstBest && t.againstBest.pValue != null ? "p = " + t.againstBest.pValue.toFixed(4) : "–");
  }
  for (const th of document.querySelectorAll("#trials th[data-sort]"))
    th.className = th.dataset.sort === key ? (descending ? "sorted descending" : "sorted ascending") : "";
}

function renderFailures() {
  const failures = view.report.trials.flatMap(t => t.failedFolds.map(f => ({ trial: t.label, f })));
  const list = document.getElementById("failures");
  list.replaceChildren(...failures.map(({ trial, f }) =>
    Object.assign(document.createElement("li"), { textContent: trial + ", repeat " + (f.repeat + 1) + " fold " + (f.fold + 1) + ": " + f.error })));
  document.getElementById("failures-section").hidden = failures.length === 0;
}

// The status's running jobs, keeping the epochs already seen from events.
function syncRunning() {
  const running = new Map();
  for (const j of view.status.runningJobs) {
    const known = view.running.get(j.jobId);
    const epochs = known ? known.epochs : new Map();
    if (j.lastEpoch) epochs.set(j.lastEpoch.epoch, heldOutAccuracy(j.lastEpoch));
    running.set(j.jobId, { description: j.description, slot: j.slot.node + "#" + j.slot.slot, total: j.epochs, epochs });
  }
  view.running = running;
}

let refreshing = false, again = false;
async function refresh() {
  // Events arrive in bursts: one refresh at a time, and one more after it if anything came meanwhile.
  if (refreshing) { again = true; return; }
  refreshing = true;
  try {
    const id = encodeURIComponent(sweepId);
    view.status = await api("/api/sweeps/" + id);
    view.report = await api("/api/sweeps/" + id + "/report?format=json");
    syncRunning();
    renderSummary();
    renderFoldChart();
    renderCurveChart();
    renderRunning();
    renderTrials();
    renderFailures();
    setConnection("connected");
  } catch (e) {
    if (e.message !== "unauthorized") setConnection((e.problem && e.problem.status === 404 ? "" : "coordinator unavailable: ") + e.message);
  } finally {
    refreshing = false;
    if (again) { again = false; setTimeout(refresh, 100); }
  }
}

function onEvent(name, data) {
  const names = window.crossfoldEvents.names;
  if (name === names.EpochRecorded && data) {
    const job = view.running.get(data.jobId);
    if (job) {
      job.epochs.set(data.metrics.epoch, heldOutAccuracy(data.metrics));
      renderRunning();
    }
    return;
  }
  refresh();
}

for (const [format, file] of [["html", "report.html"], ["md", "report.md"], ["csv", "folds.csv"], ["json", "report.json"]])
  reportLink(document.getElementById("report-" + format), sweepId, format, file);

document.getElementById("compare-form").addEventListener("submit", event => {
  event.preventDefault();
  location.href = "/compare?a=" + encodeURIComponent(sweepId) + "&b=" + encodeURIComponent(document.getElementById("compare-with").value.trim());
});

for (const th of document.querySelectorAll("#trials th[data-sort]"))
  th.addEventListener("click", () => {
    const key = th.dataset.sort;
    view.sort = { key, descending: view.sort.key === key ? !view.sort.descending : key !== "label" };
    if (view.report) renderTrials();
  });

const names = window.crossfoldEvents.names;
const events = crossfold.follow("/api/sweeps/" + encodeURIComponent(sweepId) + "/events",
  [names.Status].concat(window.crossfoldEvents.all.filter(n => n !== names.Sweeps)), onEvent, names.SweepEnded);
crossfold.onToken(() => { events.restart(); refresh(); });
refresh();
// A safety net for proxies that cut event streams: the page never stays stale for long.
setInterval(refresh, 10000);
