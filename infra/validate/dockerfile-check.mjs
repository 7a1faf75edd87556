// Silo/Dockerfile and .dockerignore, checked without a Docker engine: the stages and base images, the non-root user,
// the exposed ports, and that the restore layer copies every project the silo references (so the layer cache holds
// and `dotnet restore` sees the whole graph).
import fs from "node:fs";
import path from "node:path";
import { Report } from "./report.mjs";
import { siloPorts } from "./settings.mjs";

// Joins continuation lines and drops comments: one entry per instruction.
function instructions(text) {
  const joined = text.replace(/\\\r?\n/g, " ");
  return joined.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const [keyword, ...rest] = l.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    });
}

// Project files a project references, transitively, as repository-relative paths.
function projectClosure(repoRoot, projectFile, seen = new Set()) {
  const rel = path.relative(repoRoot, projectFile);
  if (seen.has(rel)) return seen;
  seen.add(rel);
  const xml = fs.readFileSync(projectFile, "utf8");
  for (const m of xml.matchAll(/<ProjectReference\s+Include="([^"]+)"/g)) {
    const ref = path.resolve(path.dirname(projectFile), m[1].replace(/\\/g, "/"));
    if (fs.existsSync(ref)) projectClosure(repoRoot, ref, seen);
  }
  return seen;
}

const globToRegex = (glob) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);

function filesMatching(repoRoot, glob) {
  const dir = path.join(repoRoot, path.dirname(glob));
  if (!fs.existsSync(dir)) return [];
  const pattern = globToRegex(path.basename(glob));
  return fs.readdirSync(dir).filter((f) => pattern.test(f)).map((f) => path.join(path.dirname(glob), f));
}

export function checkDockerfile(repoRoot) {
  const report = new Report("Silo/Dockerfile + .dockerignore");
  const steps = instructions(fs.readFileSync(path.join(repoRoot, "Silo", "Dockerfile"), "utf8"));
  const froms = steps.filter((s) => s.keyword === "FROM").map((s) => s.args);
  // The SDK stage runs natively on the builder ($BUILDPLATFORM) and cross-publishes for the target architecture.
  report.expect(froms.some((f) => /^--platform=\$\{?BUILDPLATFORM\}?\s+mcr\.microsoft\.com\/dotnet\/sdk:10\.0\s+AS\s+build$/i.test(f)),
    "build stage must be FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build");
  const buildStage = steps.slice(steps.findIndex((s) => s.keyword === "FROM"), steps.findLastIndex((s) => s.keyword === "FROM"));
  report.expect(buildStage.some((s) => s.keyword === "ARG" && /^TARGETARCH(=|$)/.test(s.args)), "build stage must declare ARG TARGETARCH");
  const archMapping = buildStage.find((s) => s.keyword === "RUN" && /TARGETARCH/.test(s.args))?.args ?? "";
  report.expect(/amd64[^)]*\)\s*echo x64/.test(archMapping) && /arm64[^)]*\)\s*echo arm64/.test(archMapping),
    "build stage must map TARGETARCH amd64 to x64 and arm64 to arm64 (the dotnet -a values)");
  const dotnetRuns = buildStage.filter((s) => s.keyword === "RUN" && /dotnet (restore|publish)/.test(s.args)).map((s) => s.args);
  for (const verb of ["restore", "publish"]) {
    const run = dotnetRuns.find((r) => r.includes(`dotnet ${verb}`)) ?? "";
    report.expect(/dotnet (restore|publish)[^&]*\s-a\s/.test(run), `dotnet ${verb} must target the architecture with -a (restore and publish must agree)`);
  }
  report.expect(/^mcr\.microsoft\.com\/dotnet\/aspnet:10\.0(\s|$)/.test(froms.at(-1) ?? ""), "final stage must be FROM mcr.microsoft.com/dotnet/aspnet:10.0");

  const finalStage = steps.slice(steps.findLastIndex((s) => s.keyword === "FROM"));
  const user = finalStage.filter((s) => s.keyword === "USER").at(-1)?.args;
  report.expect(user && !/^(root|0)(:|$)/.test(user), "final stage must switch to a non-root USER");
  const exposed = finalStage.filter((s) => s.keyword === "EXPOSE").flatMap((s) => s.args.split(/\s+/)).map(Number);
  for (const port of Object.values(siloPorts)) report.expect(exposed.includes(port), `EXPOSE must list ${port}`);
  report.expect(finalStage.some((s) => s.keyword === "ENV" && /Http__BindAddress=0\.0\.0\.0/.test(s.args)), "final stage must set Http__BindAddress=0.0.0.0");
  // The runtime image has no curl or wget: the health check must be the silo's own --health-check switch.
  const healthcheck = finalStage.filter((s) => s.keyword === "HEALTHCHECK").at(-1)?.args ?? "";
  report.expect(/\bCMD\b/.test(healthcheck), "final stage must have a HEALTHCHECK ... CMD");
  report.expect(/--health-check/.test(healthcheck), "HEALTHCHECK must run the silo's --health-check (no curl or wget in the image)");
  report.expect(!/\b(curl|wget)\b/.test(healthcheck), "HEALTHCHECK must not use curl or wget: the ASP.NET runtime image has neither");
  for (const option of ["interval", "timeout", "start-period", "retries"]) {
    report.expect(new RegExp(`--${option}=\\S+`).test(healthcheck), `HEALTHCHECK must set --${option}`);
  }

  const restoreAt = steps.findIndex((s) => s.keyword === "RUN" && /dotnet restore/.test(s.args));
  const copyAllAt = steps.findIndex((s) => s.keyword === "COPY" && /^\.\s+\.$/.test(s.args));
  report.expect(restoreAt >= 0 && copyAllAt > restoreAt, "restore must run before the sources are copied (layer caching)");
  const restoreCopies = steps.slice(0, restoreAt).filter((s) => s.keyword === "COPY" && !s.args.startsWith("--from"))
    .flatMap((s) => s.args.split(/\s+/).slice(0, -1));
  for (const file of ["Directory.Build.props", "Directory.Packages.props"]) {
    report.expect(restoreCopies.includes(file), `the restore layer must copy ${file}`);
  }
  const copiedProjects = new Set();
  for (const glob of restoreCopies.filter((g) => g.endsWith(".csproj"))) {
    const found = filesMatching(repoRoot, glob);
    report.expect(found.length > 0, `COPY ${glob} matches no file (docker build would fail)`);
    found.forEach((f) => copiedProjects.add(f));
  }
  const siloProjects = filesMatching(repoRoot, "Silo/*.csproj");
  if (siloProjects.length === 1) {
    for (const project of projectClosure(repoRoot, path.join(repoRoot, siloProjects[0]))) {
      report.expect(copiedProjects.has(project), `the restore layer does not copy ${project}, which the silo references`);
    }
  }

  const ignore = fs.readFileSync(path.join(repoRoot, ".dockerignore"), "utf8").split(/\r?\n/).map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  for (const needed of ["**/bin/", "**/obj/", "warehouse/", "tools/", "**/node_modules/"]) {
    report.expect(ignore.includes(needed), `.dockerignore must exclude ${needed}`);
  }
  for (const copied of [...restoreCopies, ...copiedProjects]) {
    const top = copied.split("/")[0];
    report.expect(!ignore.some((p) => p.replace(/\/$/, "") === top || p === copied), `.dockerignore excludes ${copied}, which the Dockerfile copies`);
  }
  return report;
}
