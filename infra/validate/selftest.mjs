// The workflow and Grafana checks, fed broken copies of our own files: each must fail with the expected message. A
// checker that passes everything would otherwise look exactly like one that finds nothing wrong.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { Report } from "./report.mjs";
import { checkWorkflow, checkWorkflows } from "./workflows-check.mjs";
import { checkAlerts, checkDashboard, readMetricCatalog } from "./dashboard-check.mjs";

const clone = (value) => structuredClone(value);

export function checkSelfTest(repoRoot) {
  const report = new Report("infra/validate self-test (broken samples are rejected)");
  const read = (...parts) => fs.readFileSync(path.join(repoRoot, ...parts), "utf8");
  const deploy = YAML.parse(read(".github", "workflows", "deploy.yml"), { version: "1.2" });
  const image = YAML.parse(read(".github", "workflows", "image.yml"), { version: "1.2" });
  const catalog = readMetricCatalog(read("docs", "metrics.md"));
  const dashboard = JSON.parse(read("infra", "grafana", "kickstarter-dashboard.json"));
  const alerts = YAML.parse(read("infra", "grafana", "alerts.yaml"));
  const firstPanel = (d) => d.panels.find((p) => p.type !== "row");

  const workflowCases = [
    ["a job key typo", deploy, (w) => { w.jobs.ecs["run-on"] = w.jobs.ecs["runs-on"]; delete w.jobs.ecs["runs-on"]; }, /runs-on|run-on/],
    ["an unknown top-level key", deploy, (w) => { w.trigger = "push"; }, /additional properties \(trigger\)/],
    ["an unknown event", deploy, (w) => { w.on = { pushh: null }; }, /\/on/],
    ["a step with both uses and run", deploy, (w) => { w.jobs.ecs.steps[0].run = "echo"; }, /steps\/0/],
    ["needs naming no job", deploy, (w) => { w.jobs.ecs.needs = "confluentt"; }, /needs 'confluentt', which is not a job/],
    ["a needs cycle", deploy, (w) => { w.jobs.confluent.needs = "ecs"; }, /form a cycle/],
    ["an undeclared input", deploy, (w) => { w.jobs.ecs.env.TF_VAR_x = "${{ inputs.nope }}"; }, /inputs\.nope, which is not declared/],
    ["a reference to a later or missing step id", deploy, (w) => { w.jobs.confluent.outputs.x = "${{ steps.missing.outputs.y }}"; }, /steps\.missing/],
    ["an output the needed job does not declare", deploy, (w) => { w.jobs.ecs.env.TF_VAR_y = "${{ needs.confluent.outputs.nope }}"; }, /does not declare/],
    ["a choice default outside its options", deploy, (w) => { w.on.workflow_dispatch.inputs.environment.default = "staging"; }, /not one of its options/],
    ["an unpinned action", deploy, (w) => { w.jobs.ecs.steps[0].uses = "actions/checkout"; }, /owner\/repo@version/],
    ["needs.X used without needing X", deploy, (w) => { delete w.jobs.ecs.needs; }, /does not need that job/],
  ];
  for (const [what, source, mutate, expected] of workflowCases) {
    const broken = clone(source);
    mutate(broken);
    const r = new Report("case");
    checkWorkflow(r, "sample.yml", broken);
    report.expect(r.errors.some((e) => expected.test(e)), `a workflow with ${what} was not rejected (${r.errors.join("; ") || "no errors"})`);
  }

  // Project expectations: an image build that lost arm64.
  {
    const broken = clone(image);
    broken.jobs["build-and-push"].steps.find((s) => s.uses?.startsWith("docker/build-push-action@")).with.platforms = "linux/amd64";
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? "/tmp"), "ks-selftest-"));
    try {
      fs.mkdirSync(path.join(dir, ".github", "workflows"), { recursive: true });
      for (const f of fs.readdirSync(path.join(repoRoot, ".github", "workflows"))) {
        fs.copyFileSync(path.join(repoRoot, ".github", "workflows", f), path.join(dir, ".github", "workflows", f));
      }
      fs.writeFileSync(path.join(dir, ".github", "workflows", "image.yml"), YAML.stringify(broken));
      const r = checkWorkflows(dir);
      report.expect(r.errors.some((e) => /linux\/amd64 and linux\/arm64/.test(e)), "an image workflow without arm64 was not rejected");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  const dashboardCases = [
    ["a duplicate panel id", (d) => { d.panels[2].id = d.panels[1].id; }, /unique integer/],
    ["an unknown metric", (d) => { firstPanel(d).targets[0].expr = "rate(kickstarter_records_eaten_total[5m])"; }, /not in docs\/metrics\.md/],
    ["a target without expression", (d) => { delete firstPanel(d).targets[0].expr; }, /empty expression/],
    ["a panel without datasource", (d) => { delete firstPanel(d).datasource; }, /datasource must be/],
    ["rate() of a gauge", (d) => { firstPanel(d).targets[0].expr = "sum(rate(kickstarter_consumer_lag[5m]))"; }, /a gauge/],
    ["a grouping label the metric lacks", (d) => { firstPanel(d).targets[0].expr = "sum by (airline) (rate(kickstarter_records_consumed_total[5m]))"; }, /groups by 'airline'/],
    ["a quantile without le", (d) => { firstPanel(d).targets[0].expr = "histogram_quantile(0.9, sum by (job) (rate(kickstarter_snapshot_seconds_bucket[5m])))"; }, /keep 'le'/],
    ["overlapping panels", (d) => { const p = d.panels.filter((x) => x.type !== "row"); p[1].gridPos = { ...p[0].gridPos }; }, /overlaps/],
    ["a bare histogram name", (d) => { firstPanel(d).targets[0].expr = "kickstarter_epoch_duration_seconds"; }, /is a histogram/],
    ["an undefined variable", (d) => { firstPanel(d).targets[0].expr = 'sum(rate(kickstarter_records_consumed_total{pod="$pod"}[5m]))'; }, /\$pod/],
  ];
  for (const [what, mutate, expected] of dashboardCases) {
    const broken = clone(dashboard);
    mutate(broken);
    const r = new Report("case");
    checkDashboard(r, catalog, "sample.json", broken);
    report.expect(r.errors.some((e) => expected.test(e)), `a dashboard with ${what} was not rejected (${r.errors.slice(0, 3).join("; ") || "no errors"})`);
  }

  const alertCases = [
    ["a duplicate alert name", (a) => { a.groups[0].rules[1].alert = a.groups[0].rules[0].alert; }, /unique/],
    ["no severity", (a) => { delete a.groups[0].rules[0].labels.severity; }, /severity/],
    ["an unknown metric", (a) => { a.groups[0].rules[0].expr = "kickstarter_lag > 1"; }, /not in docs\/metrics\.md/],
  ];
  for (const [what, mutate, expected] of alertCases) {
    const broken = clone(alerts);
    mutate(broken);
    const r = new Report("case");
    checkAlerts(r, catalog, "sample.yaml", broken);
    report.expect(r.errors.some((e) => expected.test(e)), `alerting rules with ${what} were not rejected (${r.errors.join("; ") || "no errors"})`);
  }
  return report;
}
