// Offline checks of the deployment descriptions; exit code 0 when every check passes.
//   node infra/validate/validate.mjs [repo-root]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkCompose } from "./compose-check.mjs";
import { checkGrafana } from "./dashboard-check.mjs";
import { checkDockerfile } from "./dockerfile-check.mjs";
import { checkKubernetes } from "./k8s-check.mjs";
import { checkSelfTest } from "./selftest.mjs";
import { checkWorkflows } from "./workflows-check.mjs";

const repoRoot = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "..", ".."));
const reports = [
  checkCompose(repoRoot),
  await checkKubernetes(repoRoot),
  checkDockerfile(repoRoot),
  checkWorkflows(repoRoot),
  checkGrafana(repoRoot),
  checkSelfTest(repoRoot),
];
const ok = reports.map((r) => r.print()).every(Boolean);
process.exit(ok ? 0 : 1);
