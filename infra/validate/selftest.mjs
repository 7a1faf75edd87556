// The workflow, Grafana, Kubernetes cloud and compose checks, fed broken copies of our own files: each must fail with the expected message. A
// checker that passes everything would otherwise look exactly like one that finds nothing wrong.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { Report } from "./report.mjs";
import { checkWorkflow, checkWorkflows } from "./workflows-check.mjs";
import { checkAlerts, checkDashboard, readMetricCatalog } from "./dashboard-check.mjs";
import { checkCloudDeployment, documentedSecrets, ecsEnvironment } from "./k8s-check.mjs";
import { checkCompose } from "./compose-check.mjs";

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
  // compose.yaml with the silo's jobs given the old way, or wrongly: each text edit must be rejected.
  const compose = read("compose.yaml");
  const composeCases = [
    ["the old --apps switch", (t) => t.replace('"--jobs"', '"--apps"'), /'--apps', the old name of '--jobs'/],
    ["--apps=VALUE", (t) => t.replace('"--jobs", "${KICKSTARTER_JOBS:-', '"--apps=${KICKSTARTER_JOBS:-'), /'--apps', the old name/],
    ["a job that does not exist", (t) => t.replace(":-Generator,Consolidator,FlyerStats}", ":-Generator,Consolidater}"), /--jobs .* must name only/],
    ["the old Kickstarter__Apps setting", (t) => t.replace("      Kafka__Format: Json", "      Kafka__Format: Json\n      Kickstarter__Apps: Generator"),
      /'Kickstarter__Apps', the old name of 'Kickstarter__Jobs'/],
    ["an undocumented host variable", (t) => t.replaceAll("KICKSTARTER_JOBS", "KICKSTARTER_SILO_JOBS"), /reads \$\{KICKSTARTER_SILO_JOBS\}/],
  ];
  for (const [what, edit, expected] of composeCases) {
    const text = edit(compose);
    const r = text === compose ? null : checkCompose(repoRoot, text);
    report.expect(r !== null, `the compose self-test case '${what}' no longer applies to compose.yaml: update it`);
    if (r) report.expect(r.errors.some((e) => expected.test(e)), `a compose.yaml with ${what} was not rejected (${r.errors.join("; ") || "no errors"})`);
  }

  // infra/k8s as a cloud deployment: a copy of our manifests with one thing broken each.
  const k8sObjects = {};
  for (const file of fs.readdirSync(path.join(repoRoot, "infra", "k8s")).filter((f) => f.endsWith(".yaml"))) {
    for (const object of YAML.parseAllDocuments(read("infra", "k8s", file)).map((d) => d.toJS()).filter(Boolean)) {
      (k8sObjects[object.kind] ??= []).push(object);
    }
  }
  const k8sContext = {
    ecsEnvironment: ecsEnvironment(read("infra", "terraform", "aws-ecs", "ecs.tf")),
    documentedSecrets: documentedSecrets(read("infra", "k8s", "README.md")),
  };
  const siloOf = (o) => o.Deployment.find((d) => d.metadata.name === "kickstarter-silo");
  const configOf = (o) => o.ConfigMap[0].data;
  const envOf = (o, name) => siloOf(o).spec.template.spec.containers[0].env.find((e) => e.name === name);
  const k8sCases = [
    ["a local warehouse", (o) => { configOf(o).Iceberg__Warehouse = "/data/warehouse"; }, /s3:\/\/bucket\/prefix/],
    ["the Hadoop catalog", (o) => { configOf(o).Iceberg__Catalog__Type = "Hadoop"; }, /must be DynamoDb/],
    ["a catalog key the ECS task lacks", (o) => { configOf(o).Iceberg__Catalog__DynamoDb__Table = "x"; }, /not in the ECS task definition/],
    ["an ECS catalog key missing", (o) => { delete configOf(o).Iceberg__Catalog__DynamoDb__TableName; }, /ECS task definition sets Iceberg__Catalog__DynamoDb__TableName/],
    ["a value unlike the ECS task's", (o) => { configOf(o).Storage__DynamoDB__CreateIfNotExists = "true"; }, /ECS task definition's is 'false'/],
    ["a password in the ConfigMap", (o) => { configOf(o)["Kafka__Properties__sasl.password"] = "hunter2"; }, /is a credential/],
    ["a password as a plain value", (o) => { envOf(o, "Kafka__Properties__sasl.password").value = "hunter2"; delete envOf(o, "Kafka__Properties__sasl.password").valueFrom; }, /must come from secretKeyRef/],
    ["a Secret key nobody creates", (o) => { envOf(o, "Kafka__Properties__sasl.password").valueFrom.secretKeyRef.key = "pwd"; }, /which no 'kubectl create secret generic'/],
    ["a secret reference without optional", (o) => { delete envOf(o, "Membership__Redis").valueFrom.secretKeyRef.optional; }, /say optional: false/],
    ["a shipped Secret", (o) => { o.Secret = [{ kind: "Secret", metadata: { name: "kickstarter-kafka" }, stringData: {} }]; }, /a Secret is shipped/],
    ["a volume claim", (o) => { o.PersistentVolumeClaim = [{ kind: "PersistentVolumeClaim", metadata: { name: "w" } }]; }, /PersistentVolumeClaim is shipped/],
    ["no IAM role", (o) => { delete o.ServiceAccount[0].metadata.annotations; }, /role-arn must be an IAM role ARN/],
    ["the old jobs key", (o) => { configOf(o).Kickstarter__Apps = "Consolidator"; }, /old name of 'Kickstarter__Jobs'/],
    ["a host shutdown longer than the grace period", (o) => { envOf(o, "DOTNET_SHUTDOWNTIMEOUTSECONDS").value = "90"; }, /kickstarter-silo: env DOTNET_SHUTDOWNTIMEOUTSECONDS must be/],
    ["a grace period the host does not use", (o) => { siloOf(o).spec.template.spec.terminationGracePeriodSeconds = 300; }, /kickstarter-silo: env DOTNET_SHUTDOWNTIMEOUTSECONDS must be/],
    ["a generator without a host shutdown timeout", (o) => { const c = o.Deployment.find((d) => d !== siloOf(o)).spec.template.spec.containers[0]; c.env = c.env.filter((e) => e.name !== "DOTNET_SHUTDOWNTIMEOUTSECONDS"); }, /was 'unset'/],
  ];
  for (const [what, mutate, expected] of k8sCases) {
    const broken = clone(k8sObjects);
    mutate(broken);
    const r = new Report("case");
    checkCloudDeployment(r, broken, k8sContext);
    report.expect(r.errors.some((e) => expected.test(e)), `infra/k8s with ${what} was not rejected (${r.errors.join("; ") || "no errors"})`);
  }
  {
    const r = new Report("case");
    checkCloudDeployment(r, clone(k8sObjects), k8sContext);
    report.expect(r.errors.length === 0, `the unbroken infra/k8s copy was rejected (${r.errors.join("; ")})`);
  }
  return report;
}
