// infra/k8s: every document validated against the Kubernetes OpenAPI schema (kubernetes-models' generated
// validators), then checked for Microsoft.Orleans.Hosting.Kubernetes conventions, for references that must line up
// (selectors, service account, config map, secret, volume claim), and for what a cloud deployment needs: the warehouse
// on S3 with the catalog settings the ECS task definition uses, secrets only through secretKeyRef to Secrets that
// infra/k8s/README.md tells how to create, and an IAM role on the silos' ServiceAccount.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { Report } from "./report.mjs";
import { isKnownSetting, oldSettingNames as oldNames, siloPorts } from "./settings.mjs";

async function modelFor(apiVersion, kind) {
  // Core objects live under "v1", the others under "<group>/<version>".
  const modulePath = `kubernetes-models/${apiVersion}/${kind}`;
  const module = await import(modulePath);
  return module[kind];
}

function loadDocuments(dir, report) {
  const docs = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), "utf8"), { uniqueKeys: true })) {
      if (!report.expect(doc.errors.length === 0, `${file}: ${doc.errors.map((e) => e.message).join("; ")}`)) continue;
      const object = doc.toJS();
      if (object) docs.push({ file, object });
    }
  }
  return docs;
}

const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

function checkOrleansDeployment(report, deployment, byKind) {
  const where = `Deployment ${deployment.metadata.name}`;
  const pod = deployment.spec.template;
  const labels = pod.metadata?.labels ?? {};
  report.expect(labels["orleans/serviceId"], `${where}: pod label orleans/serviceId is missing`);
  report.expect(labels["orleans/clusterId"], `${where}: pod label orleans/clusterId is missing`);
  report.expect(matches(deployment.spec.selector.matchLabels, labels), `${where}: selector does not match the pod labels`);
  report.expect((deployment.spec.replicas ?? 1) >= 2, `${where}: a multi-silo deployment needs at least 2 replicas`);

  const downward = {
    ORLEANS_SERVICE_ID: "metadata.labels['orleans/serviceId']",
    ORLEANS_CLUSTER_ID: "metadata.labels['orleans/clusterId']",
    POD_NAMESPACE: "metadata.namespace",
    POD_NAME: "metadata.name",
    POD_IP: "status.podIP",
  };
  const container = pod.spec.containers[0];
  const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e]));
  for (const [name, fieldPath] of Object.entries(downward)) {
    report.expect(env[name]?.valueFrom?.fieldRef?.fieldPath === fieldPath, `${where}: env ${name} must come from the downward API field ${fieldPath}`);
  }
  for (const name of Object.keys(env)) report.expect(isKnownSetting(name), `${where}: env '${name}' is read by no component`);

  report.expect(container.livenessProbe?.httpGet?.path === "/health/live", `${where}: liveness probe must GET /health/live`);
  report.expect(container.readinessProbe?.httpGet?.path === "/health/ready", `${where}: readiness probe must GET /health/ready`);
  report.expect(container.resources?.requests?.cpu && container.resources?.requests?.memory, `${where}: cpu and memory requests are required`);
  const ports = Object.fromEntries((container.ports ?? []).map((p) => [p.name, p.containerPort]));
  for (const [name, port] of Object.entries(siloPorts)) report.expect(ports[name] === port, `${where}: container port '${name}' must be ${port}`);

  const accounts = (byKind.ServiceAccount ?? []).map((a) => a.metadata.name);
  report.expect(accounts.includes(pod.spec.serviceAccountName), `${where}: service account '${pod.spec.serviceAccountName}' is not defined`);
  for (const source of container.envFrom ?? []) {
    const [kind, ref] = source.configMapRef ? ["ConfigMap", source.configMapRef] : ["Secret", source.secretRef];
    const found = (byKind[kind] ?? []).find((o) => o.metadata.name === ref.name);
    if (report.expect(found, `${where}: envFrom ${kind} '${ref.name}' is not defined`)) {
      for (const key of Object.keys({ ...found.data, ...found.stringData })) {
        report.expect(isKnownSetting(key), `${kind} ${ref.name}: key '${key}' is read by no component`);
      }
    }
  }
  for (const volume of pod.spec.volumes ?? []) {
    if (!volume.persistentVolumeClaim) continue;
    const claims = (byKind.PersistentVolumeClaim ?? []).map((c) => c.metadata.name);
    report.expect(claims.includes(volume.persistentVolumeClaim.claimName), `${where}: claim '${volume.persistentVolumeClaim.claimName}' is not defined`);
  }

  for (const service of byKind.Service ?? []) {
    report.expect(matches(service.spec.selector, labels), `Service ${service.metadata.name}: selector selects no silo pod`);
  }
  const budgets = byKind.PodDisruptionBudget ?? [];
  report.expect(budgets.some((b) => matches(b.spec.selector.matchLabels, labels)), `${where}: no PodDisruptionBudget selects its pods`);
}

// The Generator produces its own bookings in every process that runs it: one replica, never two at once, and it must
// not join the silos' cluster. The silos must not run it.
function checkGeneratorDeployment(report, deployment, byKind) {
  const where = `Deployment ${deployment.metadata.name}`;
  const container = deployment.spec.template.spec.containers[0];
  const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
  report.expect(deployment.spec.replicas === 1, `${where}: the generator must run exactly one replica`);
  report.expect(deployment.spec.strategy?.type === "Recreate", `${where}: the generator must use the Recreate strategy (never two at once)`);
  report.expect(env.Kickstarter__Jobs === "Generator", `${where}: must run only the Generator (Kickstarter__Jobs=Generator)`);
  report.expect(env.Membership__Provider === "Localhost", `${where}: must not join the silos' cluster (Membership__Provider=Localhost)`);
  for (const name of Object.keys(env)) report.expect(isKnownSetting(name), `${where}: env '${name}' is read by no component`);
  for (const config of byKind.ConfigMap ?? []) {
    const jobs = String(config.data?.Kickstarter__Jobs ?? "");
    report.expect(jobs !== "" && !jobs.includes("Generator"), `ConfigMap ${config.metadata.name}: the silos must run their jobs (Kickstarter__Jobs), never the Generator`);
  }
}

function checkRbac(report, byKind) {
  const podRules = (byKind.Role ?? []).flatMap((r) => r.rules.map((rule) => ({ role: r.metadata.name, rule })))
    .filter(({ rule }) => rule.apiGroups.includes("") && rule.resources.includes("pods"));
  // What KubernetesClusterAgent (Microsoft.Orleans.Hosting.Kubernetes 10.4.2) calls, as KubernetesHostingProcessTests
  // records it against an API stand-in: read its own pod, list and watch the cluster's pods. It patches its orleans/*
  // labels only when they differ from the silo's ids (never: the Deployment takes the ids from those labels), and
  // deletes pods only with DeleteDefunctSiloPods, which the silo leaves off; so 'patch', 'delete' (or anything else) is
  // more than it uses.
  const needed = ["get", "list", "watch"];
  for (const verb of needed) {
    report.expect(podRules.some(({ rule }) => rule.verbs.includes(verb)), `no Role grants '${verb}' on pods (Orleans Kubernetes hosting needs it)`);
  }
  for (const { role, rule } of podRules) {
    for (const verb of rule.verbs) {
      report.expect(needed.includes(verb), `Role ${role}: '${verb}' on pods is more than Orleans Kubernetes hosting uses`);
    }
  }
  for (const binding of byKind.RoleBinding ?? []) {
    const role = (byKind.Role ?? []).find((r) => r.metadata.name === binding.roleRef.name);
    report.expect(role, `RoleBinding ${binding.metadata.name}: role '${binding.roleRef.name}' is not defined`);
    for (const subject of binding.subjects ?? []) {
      const account = (byKind.ServiceAccount ?? []).find((a) => a.metadata.name === subject.name);
      report.expect(account, `RoleBinding ${binding.metadata.name}: service account '${subject.name}' is not defined`);
    }
  }
}

function checkKustomization(report, dir, docs) {
  const file = path.join(dir, "kustomization.yaml");
  const kustomization = docs.find((d) => d.object.kind === "Kustomization");
  if (!report.expect(kustomization, "kustomization.yaml is missing")) return;
  const listed = kustomization.object.resources ?? [];
  for (const resource of listed) report.expect(fs.existsSync(path.join(dir, resource)), `kustomization lists missing file '${resource}'`);
  const manifests = new Set(docs.filter((d) => d.object.kind !== "Kustomization").map((d) => d.file));
  for (const manifest of manifests) report.expect(listed.includes(manifest), `${manifest} is not listed in ${path.basename(file)}`);
}

// Settings that carry credentials: they come from a Secret through secretKeyRef, never from a ConfigMap or a value.
const secretSetting = /(sasl\.(username|password|jaas\.config|oauthbearer)|ssl\.key|password|secret|BasicAuthUserInfo|AccessKey|SecretKey|^Membership__Redis$)/i;

// The ECS task definition's environment keys and literal values (infra/terraform/aws-ecs/ecs.tf, local
// silo_environment): `Key = "literal"` or `Key = expression`.
export function ecsEnvironment(ecsText) {
  const block = ecsText.match(/silo_environment\s*=\s*merge\([^{]*\{([\s\S]*?)\n\s*\},\s*var\.extra_environment\)/);
  if (!block) return null;
  const entries = {};
  for (const line of block[1].split("\n")) {
    const m = line.match(/^\s*"?([A-Za-z_][\w.]*)"?\s*=\s*(.+?)\s*$/);
    if (m) entries[m[1]] = m[2].startsWith('"') && m[2].endsWith('"') && !m[2].includes("${") ? m[2].slice(1, -1) : null;
  }
  return entries;
}

// The Secrets and keys infra/k8s/README.md creates: `kubectl ... create secret generic NAME --from-literal=KEY=...`.
export function documentedSecrets(readmeText) {
  const secrets = {};
  const commands = readmeText.replace(/\\\n/g, " ").match(/kubectl[^\n]*create secret generic[^\n]*/g) ?? [];
  for (const command of commands) {
    const name = command.match(/create secret generic\s+([a-z0-9.-]+)/)?.[1];
    if (!name) continue;
    for (const m of command.matchAll(/--from-literal=([-._a-zA-Z0-9]+)=/g)) (secrets[name] ??= new Set()).add(m[1]);
  }
  return secrets;
}

const iamRoleArn = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/;

// What a cloud deployment needs; `context` holds the ECS environment and the documented secrets.
export function checkCloudDeployment(report, byKind, context) {
  const config = (byKind.ConfigMap ?? []).find((c) => c.metadata.name === "kickstarter-silo");
  if (!report.expect(config, "ConfigMap kickstarter-silo is missing")) return;
  const data = config.data ?? {};

  report.expect(!(byKind.Secret ?? []).length, `a Secret is shipped in the manifests (${(byKind.Secret ?? []).map((s) => s.metadata.name).join(", ")}): create it with kubectl create secret (README.md) instead`);
  report.expect(!(byKind.PersistentVolumeClaim ?? []).length, "a PersistentVolumeClaim is shipped: pods share no disk in the cloud, the warehouse is on S3");
  for (const key of Object.keys(data)) {
    report.expect(!secretSetting.test(key), `ConfigMap ${config.metadata.name}: '${key}' is a credential; it must come from a Secret (secretKeyRef)`);
    report.expect(!oldNames[key], `ConfigMap ${config.metadata.name}: '${key}' is the old name of '${oldNames[key]}'`);
  }

  // The warehouse and catalog of the ECS task definition: an s3:// warehouse, the DynamoDB catalog, the same keys.
  report.expect(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/[^/].*[^/]$/.test(data.Iceberg__Warehouse ?? ""), `ConfigMap: Iceberg__Warehouse must be s3://bucket/prefix (was '${data.Iceberg__Warehouse}')`);
  report.expect(data.Iceberg__Catalog__Type === "DynamoDb", `ConfigMap: Iceberg__Catalog__Type must be DynamoDb (S3 has no atomic create; was '${data.Iceberg__Catalog__Type}')`);
  const ecs = context.ecsEnvironment;
  if (report.expect(ecs, "infra/terraform/aws-ecs/ecs.tf: local silo_environment not found")) {
    for (const [key, literal] of Object.entries(ecs).filter(([k]) => k.startsWith("Iceberg__") || k.startsWith("Storage__"))) {
      report.expect(key in data, `ConfigMap: the ECS task definition sets ${key}, infra/k8s does not`);
      if (literal !== null && key in data) report.expect(data[key] === literal, `ConfigMap: ${key} is '${data[key]}', the ECS task definition's is '${literal}'`);
    }
    for (const key of Object.keys(data).filter((k) => k.startsWith("Iceberg__") || k.startsWith("Storage__"))) {
      report.expect(key in ecs, `ConfigMap: ${key} is set here but not in the ECS task definition`);
    }
  }

  // Credentials: only through secretKeyRef, to a Secret and key README.md creates; required ones fail visibly.
  for (const deployment of byKind.Deployment ?? []) {
    const where = `Deployment ${deployment.metadata.name}`;
    const container = deployment.spec.template.spec.containers[0];
    for (const source of container.envFrom ?? []) report.expect(!source.secretRef, `${where}: envFrom secretRef '${source.secretRef?.name}': name each secret setting with secretKeyRef`);
    for (const entry of container.env ?? []) {
      report.expect(!oldNames[entry.name], `${where}: env '${entry.name}' is the old name of '${oldNames[entry.name]}'`);
      const ref = entry.valueFrom?.secretKeyRef;
      if (secretSetting.test(entry.name)) report.expect(ref, `${where}: env '${entry.name}' is a credential; it must come from secretKeyRef`);
      if (!ref) continue;
      const keys = context.documentedSecrets[ref.name];
      report.expect(keys?.has(ref.key), `${where}: env '${entry.name}' reads ${ref.name}/${ref.key}, which no 'kubectl create secret generic' in infra/k8s/README.md creates`);
      report.expect(ref.optional === false || ref.optional === true, `${where}: env '${entry.name}': say optional: false (a missing Secret then stops the pod visibly) or true`);
    }
    // SIGTERM, then SIGKILL after the grace period: the host's shutdown timeout must end a few seconds before it and
    // use most of it (an ordered stop finishes the epoch in flight), as ECS's stopTimeout - 5 does.
    const grace = deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30;
    const shutdown = Number((container.env ?? []).find((e) => e.name === "DOTNET_SHUTDOWNTIMEOUTSECONDS")?.value);
    report.expect(Number.isInteger(shutdown) && shutdown >= grace - 15 && shutdown <= grace - 5, `${where}: env DOTNET_SHUTDOWNTIMEOUTSECONDS must be 5 to 15 s under terminationGracePeriodSeconds (${grace}); was '${Number.isNaN(shutdown) ? "unset" : shutdown}'`);
    const required = (container.env ?? []).filter((e) => e.valueFrom?.secretKeyRef?.optional === false).map((e) => e.name);
    report.expect(required.includes("Kafka__Properties__sasl.username") && required.includes("Kafka__Properties__sasl.password"), `${where}: the Kafka SASL username and password must come from the kickstarter-kafka Secret (optional: false)`);
  }

  // IRSA: the silos' ServiceAccount names an IAM role.
  const silo = (byKind.Deployment ?? []).find((d) => d.spec.template.metadata?.labels?.["orleans/serviceId"]);
  const account = (byKind.ServiceAccount ?? []).find((a) => a.metadata.name === silo?.spec.template.spec.serviceAccountName);
  const arn = account?.metadata.annotations?.["eks.amazonaws.com/role-arn"] ?? "";
  report.expect(iamRoleArn.test(arn), `ServiceAccount ${account?.metadata.name}: annotation eks.amazonaws.com/role-arn must be an IAM role ARN (was '${arn}')`);
}

export async function checkKubernetes(repoRoot) {
  const report = new Report("infra/k8s");
  const dir = path.join(repoRoot, "infra", "k8s");
  const docs = loadDocuments(dir, report);
  const byKind = {};

  for (const { file, object } of docs) {
    if (object.kind === "Kustomization") continue;
    const where = `${file}: ${object.kind} ${object.metadata?.name}`;
    let Model;
    try {
      Model = await modelFor(object.apiVersion, object.kind);
    } catch {
      report.error(`${where}: unknown apiVersion/kind ${object.apiVersion}/${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
      report.expect(true, "");
    } catch (e) {
      report.error(`${where}: ${e.message}`);
    }
    (byKind[object.kind] ??= []).push(object);
  }

  const namespaces = new Set(docs.map((d) => d.object.metadata?.namespace).filter(Boolean));
  report.expect(namespaces.size === 1, `all namespaced objects must share one namespace, found: ${[...namespaces].join(", ")}`);

  const deployments = byKind.Deployment ?? [];
  const silos = deployments.filter((d) => d.spec.template.metadata?.labels?.["orleans/serviceId"]);
  const generators = deployments.filter((d) => !silos.includes(d));
  report.expect(silos.length === 1, "exactly one silo Deployment (pods labelled orleans/serviceId) expected");
  for (const deployment of silos) checkOrleansDeployment(report, deployment, byKind);
  report.expect(generators.length === 1, "exactly one generator Deployment expected");
  for (const deployment of generators) checkGeneratorDeployment(report, deployment, byKind);
  checkRbac(report, byKind);
  checkKustomization(report, dir, docs);
  checkCloudDeployment(report, byKind, {
    ecsEnvironment: ecsEnvironment(fs.readFileSync(path.join(repoRoot, "infra", "terraform", "aws-ecs", "ecs.tf"), "utf8")),
    documentedSecrets: documentedSecrets(fs.readFileSync(path.join(dir, "README.md"), "utf8")),
  });
  return report;
}
