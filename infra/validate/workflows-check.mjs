// .github/workflows/*.yml: parsed as YAML 1.2 (so `on` stays a key, duplicate keys fail), validated against the
// hand-written workflow schema (workflow-schema.mjs), then checked for what a schema cannot see: `needs` names
// existing jobs without cycles, expressions refer to steps, jobs, inputs and matrix keys that exist, actions are
// pinned to a version, and each of our workflows does its job (tests, multi-architecture image, Terraform, deploy).
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import YAML from "yaml";
import { Report } from "./report.mjs";
import { workflowSchema } from "./workflow-schema.mjs";

const validateSchema = new Ajv({ strict: false, allErrors: true }).compile(workflowSchema);

const asList = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

// Every ${{ ... }} expression in a subtree, as text.
function expressions(node, found = []) {
  if (typeof node === "string") {
    for (const m of node.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) found.push(m[1]);
  } else if (Array.isArray(node)) {
    node.forEach((n) => expressions(n, found));
  } else if (node && typeof node === "object") {
    Object.values(node).forEach((n) => expressions(n, found));
  }
  return found;
}

// `if:` conditions may omit ${{ }}: the whole value is then an expression.
function conditions(job) {
  return [job.if, ...(job.steps ?? []).map((s) => s.if)].filter((c) => typeof c === "string" && !c.includes("${{"));
}

const references = (text, context) =>
  [...text.matchAll(new RegExp(`(?<![\\w.-])${context}\\.([A-Za-z_][A-Za-z0-9_-]*)`, "g"))].map((m) => m[1]);

function hasCycle(jobs) {
  const state = new Map();
  const visit = (id) => {
    if (state.get(id) === "done") return false;
    if (state.get(id) === "visiting") return true;
    state.set(id, "visiting");
    const cyclic = asList(jobs[id]?.needs).some((n) => jobs[n] && visit(n));
    state.set(id, "done");
    return cyclic;
  };
  return Object.keys(jobs).some(visit);
}

function matrixKeys(job) {
  const matrix = job.strategy?.matrix;
  if (!matrix || typeof matrix !== "object") return null;
  const keys = new Set(Object.keys(matrix).filter((k) => k !== "include" && k !== "exclude"));
  for (const entry of asList(matrix.include)) Object.keys(entry ?? {}).forEach((k) => keys.add(k));
  return keys;
}

/** Checks one parsed workflow; `file` only names it in messages. */
export function checkWorkflow(report, file, workflow) {
  if (!validateSchema(workflow)) {
    for (const e of validateSchema.errors.slice(0, 8)) {
      report.error(`${file}: ${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`);
    }
    return;
  }
  report.expect(true, "schema");

  const on = typeof workflow.on === "string" || Array.isArray(workflow.on)
    ? Object.fromEntries(asList(workflow.on).map((e) => [e, null]))
    : workflow.on;
  const inputs = new Set([
    ...Object.keys(on.workflow_dispatch?.inputs ?? {}),
    ...Object.keys(on.workflow_call?.inputs ?? {}),
  ]);
  for (const [name, input] of Object.entries(on.workflow_dispatch?.inputs ?? {})) {
    if (input.type === "choice" && input.default !== undefined) {
      report.expect(input.options.includes(String(input.default)), `${file}: input ${name}: default '${input.default}' is not one of its options`);
    }
    if (input.type === "number" && input.default !== undefined) {
      report.expect(typeof input.default === "number", `${file}: input ${name}: a number input needs a number default`);
    }
  }

  const jobs = workflow.jobs;
  const workflowLevel = expressions([workflow["run-name"], workflow.env, workflow.concurrency]);
  for (const text of workflowLevel) {
    for (const ref of references(text, "inputs")) report.expect(inputs.has(ref), `${file}: run-name/env/concurrency use inputs.${ref}, which is not declared`);
  }

  for (const [id, job] of Object.entries(jobs)) {
    const needs = asList(job.needs);
    for (const need of needs) {
      report.expect(need !== id, `${file}: job ${id} needs itself`);
      report.expect(need in jobs, `${file}: job ${id} needs '${need}', which is not a job of this workflow`);
    }

    const stepIds = new Set();
    for (const [index, step] of (job.steps ?? []).entries()) {
      const where = `${file}: job ${id}, step ${step.name ?? index + 1}`;
      if (step.id) {
        report.expect(!stepIds.has(step.id), `${where}: step id '${step.id}' is used twice`);
      }
      // A step sees only the steps before it.
      for (const text of [...expressions(step), ...(typeof step.if === "string" && !step.if.includes("${{") ? [step.if] : [])]) {
        for (const ref of references(text, "steps")) {
          report.expect(stepIds.has(ref), `${where}: steps.${ref} is not an earlier step's id`);
        }
      }
      if (step.id) stepIds.add(step.id);
      if (step.uses && !step.uses.startsWith("./") && !step.uses.startsWith("docker://")) {
        report.expect(/^[^/@\s]+\/[^@\s]+@[^@\s]+$/.test(step.uses), `${where}: uses '${step.uses}' must name owner/repo@version`);
      }
    }

    const texts = [...expressions(job), ...conditions(job)];
    const keys = matrixKeys(job);
    for (const text of texts) {
      for (const ref of references(text, "needs")) {
        report.expect(needs.includes(ref), `${file}: job ${id} uses needs.${ref} but does not need that job`);
      }
      for (const ref of references(text, "inputs")) {
        report.expect(inputs.has(ref), `${file}: job ${id} uses inputs.${ref}, which is not declared`);
      }
      for (const ref of references(text, "matrix")) {
        report.expect(keys?.has(ref) ?? false, `${file}: job ${id} uses matrix.${ref}, which its strategy.matrix does not define`);
      }
    }
    for (const [name, value] of Object.entries(job.outputs ?? {})) {
      for (const ref of references(value, "steps")) {
        report.expect(stepIds.has(ref), `${file}: job ${id} output ${name} reads steps.${ref}, which is not a step id`);
      }
    }
    // needs.<job>.outputs.<name> must be an output that job declares.
    for (const text of texts) {
      for (const m of text.matchAll(/needs\.([A-Za-z_][A-Za-z0-9_-]*)\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)/g)) {
        report.expect(m[2] in (jobs[m[1]]?.outputs ?? {}), `${file}: job ${id} reads needs.${m[1]}.outputs.${m[2]}, which job ${m[1]} does not declare`);
      }
    }
  }
  report.expect(!hasCycle(jobs), `${file}: the jobs' needs form a cycle`);
}

const allSteps = (workflow) => Object.values(workflow.jobs ?? {}).flatMap((j) => j.steps ?? []);
const runs = (workflow) => allSteps(workflow).map((s) => s.run ?? "").join("\n");
const triggers = (workflow) => (typeof workflow.on === "object" && !Array.isArray(workflow.on) ? Object.keys(workflow.on) : asList(workflow.on));

// What each of our workflows is for, so that an edit that loses its purpose fails here.
const expectations = {
  "build-and-test.yml": (report, wf) => {
    report.expect(triggers(wf).includes("push"), "build-and-test.yml must run on push");
    report.expect(/(^|\n)\s*bash scripts\/test\.sh\s*($|\n)/.test(runs(wf)), "build-and-test.yml must run `bash scripts/test.sh`");
  },
  "image.yml": (report, wf) => {
    const build = allSteps(wf).find((s) => s.uses?.startsWith("docker/build-push-action@"));
    report.expect(build, "image.yml must build with docker/build-push-action");
    const platforms = String(build?.with?.platforms ?? "").split(",").map((p) => p.trim());
    report.expect(platforms.includes("linux/amd64") && platforms.includes("linux/arm64"), "image.yml must build linux/amd64 and linux/arm64");
    report.expect(build?.with?.file === "Silo/Dockerfile", "image.yml must build Silo/Dockerfile");
    report.expect(allSteps(wf).some((s) => s.uses?.startsWith("docker/setup-buildx-action@")), "image.yml must set up buildx");
    report.expect(allSteps(wf).some((s) => s.uses?.startsWith("docker/login-action@") && s.with?.registry === "ghcr.io"), "image.yml must log in to ghcr.io");
    report.expect(wf.permissions?.packages === "write", "image.yml needs permissions packages: write to push to GHCR");
  },
  "terraform.yml": (report, wf) => {
    const text = JSON.stringify(wf);
    for (const module of ["infra/terraform/aws-ecs", "infra/confluent", "infra/confluent/aws-secrets"]) {
      report.expect(text.includes(`"${module}"`), `terraform.yml must check ${module}`);
    }
    for (const command of ["fmt -check", "validate", "plan"]) {
      report.expect(runs(wf).includes(command), `terraform.yml must run terraform ${command}`);
    }
  },
  "deploy.yml": (report, wf) => {
    report.expect(triggers(wf).join() === "workflow_dispatch", "deploy.yml must run only by hand (workflow_dispatch)");
    report.expect(/terraform apply/.test(runs(wf)), "deploy.yml must terraform apply");
  },
  "undeploy.yml": (report, wf) => {
    report.expect(triggers(wf).join() === "workflow_dispatch", "undeploy.yml must run only by hand (workflow_dispatch)");
    report.expect(/terraform destroy/.test(runs(wf)), "undeploy.yml must terraform destroy");
  },
};

export function checkWorkflows(repoRoot) {
  const report = new Report(".github/workflows");
  const dir = path.join(repoRoot, ".github", "workflows");
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  for (const expected of Object.keys(expectations)) {
    report.expect(files.includes(expected), `.github/workflows/${expected} is missing`);
  }
  for (const file of files) {
    let workflow;
    try {
      const doc = YAML.parseDocument(fs.readFileSync(path.join(dir, file), "utf8"), { version: "1.2", uniqueKeys: true });
      if (doc.errors.length > 0) throw doc.errors[0];
      workflow = doc.toJS();
    } catch (e) {
      report.error(`${file}: not valid YAML: ${e.message.split("\n")[0]}`);
      continue;
    }
    checkWorkflow(report, file, workflow);
    expectations[file]?.(report, workflow);
  }
  return report;
}
