// Two sweeps side by side: /compare?a=ID&b=ID. Trials with the same label are matched; each side shows
// its mean ± std and its report's interval, and the difference of means.
"use strict";

const { api, setConnection, percent, cell } = crossfold;
const query = new URLSearchParams(location.search);
const ids = [query.get("a") || "", query.get("b") || ""];

function side(trial) {
  if (!trial || !trial.accuracy) return "–";
  const a = trial.accuracy;
  // The report's corrected 95 % interval (Nadeau and Bengio); a single fold has none.
  const interval = a.correctedLow == null || Number.isNaN(a.correctedLow) || typeof a.correctedLow === "string"
    ? "" : " [" + percent(a.correctedLow) + ", " + percent(a.correctedHigh) + "]";
  return percent(a.mean) + " ± " + percent(a.populationStd) + interval + " (" + trial.folds.length + " folds)";
}

async function load() {
  if (!ids[0] || !ids[1]) {
    setConnection("give two sweeps: /compare?a=ID&b=ID");
    return;
  }
  try {
    const reports = await Promise.all(ids.map(id => api("/api/sweeps/" + encodeURIComponent(id) + "/report?format=json")));
    document.getElementById("title").textContent = "Compare " + reports[0].name + " and " + reports[1].name;
    document.getElementById("sweeps").textContent = "A: " + reports[0].name + " (" + ids[0] + ", " + reports[0].state + "); B: " +
      reports[1].name + " (" + ids[1] + ", " + reports[1].state + ")";
    document.getElementById("head-a").textContent = "A: " + reports[0].name;
    document.getElementById("head-b").textContent = "B: " + reports[1].name;
    const labels = [...new Set(reports.flatMap(r => r.trials.map(t => t.label)))];
    const body = document.querySelector("#comparison tbody");
    body.replaceChildren();
    for (const label of labels) {
      const [a, b] = reports.map(r => r.trials.find(t => t.label === label));
      const row = body.insertRow();
      row.dataset.matched = String(Boolean(a && b));
      cell(row, label);
      cell(row, side(a));
      cell(row, side(b));
      cell(row, a && b && a.accuracy && b.accuracy ? ((b.accuracy.mean - a.accuracy.mean) * 100).toFixed(2) + " pp" : "–");
    }
    setConnection("connected");
  } catch (e) {
    if (e.message !== "unauthorized") setConnection(e.message);
  }
}

crossfold.onToken(load);
load();
