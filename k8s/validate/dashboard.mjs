// Checks the Grafana dashboards in k8s/grafana/*.json, offline: each is valid JSON with a title, a uid and
// panels (unique ids, a type, a title, a gridPos, PromQL targets), every crossfold_ metric its queries name
// is one the coordinator exports (read from the prometheus-net registrations in CoordinatorMetrics.cs), and
// every exported family has a panel.
// Usage: node dashboard.mjs GRAFANA_DIR METRICS_CS    Exit status: 0 when valid, 1 otherwise.
import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";

const [dir, metricsSource] = process.argv.slice(2);
const exported = new Map();
for (const m of readFileSync(metricsSource, "utf8").matchAll(/Create(Counter|Gauge|Histogram|Summary)\(\s*"(crossfold_[a-z0-9_]+)"/g))
  exported.set(m[2], m[1]);
const problems = [];
if (exported.size === 0) problems.push(`${metricsSource}: no crossfold_ metric registrations found`);

// The series names a family exposes: a histogram adds _bucket, _sum and _count.
const seriesOf = new Map();
for (const [name, kind] of exported) {
  seriesOf.set(name, name);
  if (kind === "Histogram" || kind === "Summary") for (const s of ["_bucket", "_sum", "_count"]) seriesOf.set(name + s, name);
}

const files = readdirSync(dir).filter(f => f.endsWith(".json")).sort();
if (files.length === 0) problems.push(`${dir}: no dashboard JSON`);
for (const file of files) {
  const at = text => problems.push(`grafana/${file}: ${text}`);
  let dashboard;
  try {
    dashboard = JSON.parse(readFileSync(join(dir, file), "utf8"));
  } catch (e) {
    at(`not valid JSON: ${e.message}`);
    continue;
  }
  for (const key of ["title", "uid"]) if (typeof dashboard[key] !== "string" || !dashboard[key]) at(`${key} must be a non-empty string`);
  const panels = Array.isArray(dashboard.panels) ? dashboard.panels : (at("panels must be an array"), []);
  if (Array.isArray(dashboard.panels) && panels.length === 0) at("has no panels");
  const ids = new Set();
  const shown = new Set();
  panels.forEach((panel, i) => {
    const where = `panels[${i}]${panel?.title ? ` '${panel.title}'` : ""}`;
    if (!Number.isInteger(panel?.id)) at(`${where}: id must be an integer`);
    else if (ids.has(panel.id)) at(`${where}: id ${panel.id} is used twice`);
    else ids.add(panel.id);
    if (typeof panel?.type !== "string" || !panel.type) at(`${where}: type must be a non-empty string`);
    if (typeof panel?.title !== "string" || !panel.title) at(`${where}: title must be a non-empty string`);
    for (const k of ["x", "y", "w", "h"]) if (!Number.isInteger(panel?.gridPos?.[k])) at(`${where}: gridPos.${k} must be an integer`);
    const targets = Array.isArray(panel?.targets) ? panel.targets : [];
    if (targets.length === 0) at(`${where}: has no targets`);
    targets.forEach((target, j) => {
      if (typeof target?.expr !== "string" || !target.expr.trim()) { at(`${where}: targets[${j}].expr must be a PromQL query`); return; }
      const names = [...target.expr.matchAll(/\bcrossfold_[a-zA-Z0-9_]+/g)].map(m => m[0]);
      if (names.length === 0) at(`${where}: targets[${j}].expr names no crossfold_ metric: ${target.expr}`);
      for (const name of names) {
        if (seriesOf.has(name)) shown.add(seriesOf.get(name));
        else at(`${where}: targets[${j}].expr uses ${name}, which the coordinator does not export (it exports ${[...exported.keys()].join(", ")})`);
      }
    });
  });
  for (const name of exported.keys()) if (!shown.has(name)) at(`no panel shows ${name}`);
}

for (const p of problems) console.log(`FAIL ${p}`);
if (problems.length === 0) console.log(`ok   grafana: ${files.map(f => basename(f)).join(", ")} (every query names an exported crossfold_ metric; all ${exported.size} families shown)`);
process.exit(problems.length === 0 ? 0 : 1);
