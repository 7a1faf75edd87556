// infra/grafana: the dashboard JSON and the Prometheus alerting rules, checked against docs/metrics.md (the one list
// of metric names, types and labels). Structure: unique panel ids, every panel placed on the 24-column grid without
// overlaps, a datasource from the dashboard's own variable, targets with a refId and an expression. PromQL: every
// metric and grouping label is listed, rate()/increase() only on counters and histogram series (a rate of a gauge is
// a silent bug), histogram_quantile() only over a histogram's buckets grouped by le.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { Report } from "./report.mjs";

const metricPrefix = /\b((?:kickstarter|orleans|dotnet|process)_[a-zA-Z0-9_]*)/g;
const histogramSuffix = /_(bucket|sum|count)$/;
// Labels every series has (Prometheus' target labels) or that histograms add.
const implicitLabels = new Set(["instance", "job", "le"]);

/** Metric name -> { type, labels } from the tables of docs/metrics.md. */
export function readMetricCatalog(markdown) {
  const catalog = new Map();
  for (const line of markdown.split(/\r?\n/)) {
    const m = line.match(/^\|\s*`([a-z_:][a-z0-9_:]*)`\s*\|\s*(counter|gauge|histogram)\s*\|([^|]*)\|/);
    if (!m) continue;
    const labels = [...m[3].matchAll(/`([a-z_][a-z0-9_]*)`/g)].map((l) => l[1]);
    catalog.set(m[1], { type: m[2], labels: new Set(labels) });
  }
  return catalog;
}

// The catalog entry a series name belongs to: itself, or the histogram it is a _bucket/_sum/_count of.
function lookup(catalog, series) {
  if (catalog.has(series)) return { name: series, ...catalog.get(series), part: null };
  const base = series.replace(histogramSuffix, "");
  const entry = catalog.get(base);
  if (entry?.type === "histogram" && base !== series) return { name: base, ...entry, part: series.slice(base.length + 1) };
  return null;
}

function balanced(expr) {
  const pairs = { ")": "(", "]": "[", "}": "{" };
  const stack = [];
  for (const ch of expr.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if ("([{".includes(ch)) stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) return false;
  }
  return stack.length === 0;
}

/** Checks one PromQL expression; `where` names it in messages. */
export function checkExpression(report, catalog, where, expr) {
  if (!report.expect(typeof expr === "string" && expr.trim().length > 0, `${where}: empty expression`)) return;
  report.expect(balanced(expr), `${where}: unbalanced brackets in ${expr}`);
  const series = [...new Set([...expr.matchAll(metricPrefix)].map((m) => m[1]))];
  report.expect(series.length > 0, `${where}: queries no kickstarter, orleans or dotnet metric: ${expr}`);
  const entries = [];
  for (const name of series) {
    const entry = lookup(catalog, name);
    if (report.expect(entry, `${where}: ${name} is not in docs/metrics.md`)) entries.push(entry);
    if (entry?.type === "histogram") {
      report.expect(entry.part !== null, `${where}: ${name} is a histogram: query its _bucket, _sum or _count series`);
    }
  }
  const known = new Set([...implicitLabels, ...entries.flatMap((e) => [...e.labels])]);
  for (const m of expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)) {
    for (const label of m[1].split(",").map((l) => l.trim()).filter(Boolean)) {
      report.expect(known.has(label), `${where}: groups by '${label}', which none of its metrics has (docs/metrics.md)`);
    }
  }
  for (const m of expr.matchAll(/\b(rate|irate|increase|deriv)\(\s*(?:sum by \([^)]*\) \()?([a-z_:][a-z0-9_:]*)/g)) {
    const entry = lookup(catalog, m[2]);
    if (!entry) continue;
    const counterLike = entry.type === "counter" || entry.type === "histogram";
    if (m[1] === "deriv") {
      report.expect(entry.type === "gauge", `${where}: deriv() of ${m[2]}, a ${entry.type}: use rate()`);
    } else {
      report.expect(counterLike, `${where}: ${m[1]}() of ${m[2]}, a gauge: rate and increase are for counters`);
    }
  }
  for (const m of expr.matchAll(/histogram_quantile\(\s*[0-9.]+\s*,\s*sum by \(([^)]*)\)\s*\(\s*rate\(\s*([a-z_:][a-z0-9_:]*)/g)) {
    report.expect(m[2].endsWith("_bucket") && lookup(catalog, m[2])?.type === "histogram",
      `${where}: histogram_quantile over ${m[2]}, which is not a histogram's _bucket series`);
    report.expect(m[1].split(",").map((l) => l.trim()).includes("le"), `${where}: histogram_quantile must keep 'le' in its sum by (...)`);
  }
}

function allPanels(panels) {
  return panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);
}

function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

export function checkDashboard(report, catalog, name, dashboard) {
  for (const key of ["uid", "title", "schemaVersion", "panels", "templating"]) {
    report.expect(key in dashboard, `${name}: missing ${key}`);
  }
  const variables = new Map((dashboard.templating?.list ?? []).map((v) => [v.name, v]));
  report.expect(variables.get("datasource")?.type === "datasource" && variables.get("datasource")?.query === "prometheus",
    `${name}: needs a 'datasource' variable of type datasource (prometheus), so the dashboard imports anywhere`);

  const panels = allPanels(dashboard.panels ?? []);
  const ids = new Set();
  const placed = [];
  for (const panel of panels) {
    const where = `${name}: panel ${panel.id} '${panel.title}'`;
    report.expect(Number.isInteger(panel.id) && !ids.has(panel.id), `${where}: id must be a unique integer`);
    ids.add(panel.id);
    report.expect(typeof panel.title === "string" && panel.title.length > 0, `${where}: needs a title`);
    const g = panel.gridPos ?? {};
    const onGrid = [g.x, g.y, g.w, g.h].every(Number.isInteger) && g.x >= 0 && g.w > 0 && g.h > 0 && g.x + g.w <= 24;
    if (report.expect(onGrid, `${where}: gridPos must lie on the 24-column grid`)) {
      for (const other of placed) {
        report.expect(!overlaps(g, other.gridPos), `${where}: overlaps panel ${other.id} '${other.title}'`);
      }
      placed.push(panel);
    }
    if (panel.type === "row") continue;

    report.expect(panel.datasource?.type === "prometheus" && panel.datasource?.uid === "${datasource}",
      `${where}: datasource must be {type: prometheus, uid: \${datasource}}`);
    const targets = panel.targets ?? [];
    report.expect(targets.length > 0, `${where}: has no targets`);
    const refIds = new Set();
    for (const target of targets) {
      report.expect(target.refId && !refIds.has(target.refId), `${where}: target refIds must be present and unique`);
      refIds.add(target.refId);
      checkExpression(report, catalog, `${where} ${target.refId}`, target.expr);
      for (const m of (target.expr ?? "").matchAll(/\$([a-z_]+)/g)) {
        report.expect(variables.has(m[1]) || m[1] === "__rate_interval" || m[1] === "__interval",
          `${where}: uses $${m[1]}, which is not a dashboard variable`);
      }
    }
  }
}

export function checkAlerts(report, catalog, name, rules) {
  const groups = rules?.groups ?? [];
  report.expect(groups.length > 0, `${name}: no rule groups`);
  const names = new Set();
  for (const group of groups) {
    for (const rule of group.rules ?? []) {
      const where = `${name}: ${rule.alert ?? "(rule without alert)"}`;
      report.expect(typeof rule.alert === "string" && !names.has(rule.alert), `${where}: alert names must be present and unique`);
      names.add(rule.alert);
      report.expect(["warning", "critical"].includes(rule.labels?.severity), `${where}: labels.severity must be warning or critical`);
      report.expect(rule.annotations?.summary && rule.annotations?.runbook, `${where}: needs annotations summary and runbook`);
      report.expect(rule.for === undefined || /^\d+[smh]$/.test(rule.for), `${where}: 'for' must be a duration like 10m`);
      checkExpression(report, catalog, where, rule.expr);
    }
  }
}

export function checkGrafana(repoRoot) {
  const report = new Report("infra/grafana + docs/metrics.md");
  const catalog = readMetricCatalog(fs.readFileSync(path.join(repoRoot, "docs", "metrics.md"), "utf8"));
  report.expect(catalog.size >= 12, `docs/metrics.md lists ${catalog.size} metrics; expected the twelve kickstarter ones at least`);
  const dir = path.join(repoRoot, "infra", "grafana");
  const dashboards = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
  report.expect(dashboards.length > 0, "infra/grafana holds no dashboard JSON");
  for (const file of dashboards) {
    let dashboard;
    try {
      dashboard = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    } catch (e) {
      report.error(`${file}: not valid JSON: ${e.message}`);
      continue;
    }
    checkDashboard(report, catalog, file, dashboard);
    // Every kickstarter metric has a panel: a metric nobody looks at is either unneeded or forgotten.
    const queried = JSON.stringify(dashboard);
    for (const [metric] of [...catalog].filter(([m]) => m.startsWith("kickstarter_"))) {
      report.expect(queried.includes(metric), `${file}: no panel shows ${metric}`);
    }
  }
  for (const file of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    checkAlerts(report, catalog, file, YAML.parse(fs.readFileSync(path.join(dir, file), "utf8")));
  }
  return report;
}
