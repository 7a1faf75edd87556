// The GitHub Actions workflow syntax as a JSON schema, written by hand for this project from GitHub's workflow syntax
// reference (the structure of the published schema at json.schemastore.org/github-workflow.json, not its text). It
// covers the keys our workflows use and rejects unknown keys everywhere, so a typo ("run-on", "need", "with:" on a
// job) fails here instead of on GitHub.

const expression = { type: "string", pattern: "^\\s*\\$\\{\\{[\\s\\S]*\\}\\}\\s*$" };
const stringMap = {
  type: "object",
  additionalProperties: { type: ["string", "number", "boolean"] },
};
const stringOrList = { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" }, minItems: 1 }] };
const numberOrExpression = { oneOf: [{ type: "number" }, expression] };
const booleanOrExpression = { oneOf: [{ type: "boolean" }, expression] };

const permissionLevel = { enum: ["read", "write", "none"] };
const permissions = {
  oneOf: [
    { enum: ["read-all", "write-all"] },
    {
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries([
        "actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token", "issues", "models",
        "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses",
      ].map((scope) => [scope, permissionLevel])),
    },
  ],
};

const concurrency = {
  oneOf: [
    { type: "string" },
    {
      type: "object",
      additionalProperties: false,
      required: ["group"],
      properties: { group: { type: "string" }, "cancel-in-progress": booleanOrExpression },
    },
  ],
};

const defaults = {
  type: "object",
  additionalProperties: false,
  properties: {
    run: {
      type: "object",
      additionalProperties: false,
      properties: { shell: { type: "string" }, "working-directory": { type: "string" } },
    },
  },
};

// Filters of push and pull_request; a filter and its -ignore form exclude each other.
const refFilterObject = {
  type: "object",
  additionalProperties: false,
  properties: {
    branches: stringOrList,
    "branches-ignore": stringOrList,
    tags: stringOrList,
    "tags-ignore": stringOrList,
    paths: stringOrList,
    "paths-ignore": stringOrList,
    types: stringOrList,
  },
  not: {
    anyOf: [
      { required: ["branches", "branches-ignore"] },
      { required: ["tags", "tags-ignore"] },
      { required: ["paths", "paths-ignore"] },
    ],
  },
};
const refFilter = { oneOf: [{ type: "null" }, refFilterObject] };

const dispatchInput = {
  type: "object",
  additionalProperties: false,
  required: ["description"],
  properties: {
    description: { type: "string" },
    required: { type: "boolean" },
    default: { type: ["string", "number", "boolean"] },
    type: { enum: ["string", "boolean", "number", "choice", "environment"] },
    options: { type: "array", items: { type: "string" }, minItems: 1 },
  },
  // A choice needs its options; options mean nothing on other types.
  if: { required: ["type"], properties: { type: { const: "choice" } } },
  then: { required: ["options"] },
  else: { not: { required: ["options"] } },
};

const workflowDispatch = {
  type: ["object", "null"],
  additionalProperties: false,
  properties: {
    inputs: { type: "object", additionalProperties: dispatchInput, propertyNames: { pattern: "^[A-Za-z_][A-Za-z0-9_-]*$" } },
  },
};

export const knownEvents = [
  "branch_protection_rule", "check_run", "check_suite", "create", "delete", "deployment", "deployment_status",
  "discussion", "discussion_comment", "fork", "gollum", "issue_comment", "issues", "label", "merge_group", "milestone",
  "page_build", "public", "pull_request", "pull_request_review", "pull_request_review_comment",
  "pull_request_target", "push", "registry_package", "release", "repository_dispatch", "schedule", "status", "watch",
  "workflow_call", "workflow_dispatch", "workflow_run",
];

const on = {
  oneOf: [
    { enum: knownEvents },
    { type: "array", items: { enum: knownEvents }, minItems: 1, uniqueItems: true },
    {
      type: "object",
      minProperties: 1,
      propertyNames: { enum: knownEvents },
      properties: {
        push: refFilter,
        pull_request: refFilter,
        pull_request_target: refFilter,
        workflow_dispatch: workflowDispatch,
        schedule: {
          type: "array",
          minItems: 1,
          items: { type: "object", additionalProperties: false, required: ["cron"], properties: { cron: { type: "string" } } },
        },
      },
    },
  ],
};

const step = {
  type: "object",
  additionalProperties: false,
  properties: {
    id: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_-]*$" },
    if: { type: ["string", "boolean"] },
    name: { type: "string" },
    uses: { type: "string" },
    run: { type: "string", minLength: 1 },
    shell: { type: "string" },
    with: stringMap,
    env: stringMap,
    "continue-on-error": booleanOrExpression,
    "timeout-minutes": numberOrExpression,
    "working-directory": { type: "string" },
  },
  // Exactly one of uses and run; shell and working-directory belong to run steps.
  oneOf: [
    { required: ["uses"], not: { anyOf: [{ required: ["run"] }, { required: ["shell"] }, { required: ["working-directory"] }] } },
    { required: ["run"], not: { anyOf: [{ required: ["uses"] }, { required: ["with"] }] } },
  ],
};

const container = {
  oneOf: [
    { type: "string" },
    {
      type: "object",
      additionalProperties: false,
      required: ["image"],
      properties: {
        image: { type: "string" },
        credentials: { type: "object" },
        env: stringMap,
        ports: { type: "array" },
        volumes: { type: "array", items: { type: "string" } },
        options: { type: "string" },
      },
    },
  ],
};

const commonJobProperties = {
  name: { type: "string" },
  needs: stringOrList,
  permissions,
  if: { type: ["string", "boolean"] },
  concurrency,
  strategy: {
    type: "object",
    additionalProperties: false,
    required: ["matrix"],
    properties: {
      matrix: { oneOf: [{ type: "object", minProperties: 1 }, expression] },
      "fail-fast": booleanOrExpression,
      "max-parallel": numberOrExpression,
    },
  },
};

const normalJob = {
  type: "object",
  additionalProperties: false,
  required: ["runs-on", "steps"],
  properties: {
    ...commonJobProperties,
    "runs-on": { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" }, minItems: 1 }, { type: "object" }] },
    environment: {
      oneOf: [
        { type: "string" },
        { type: "object", additionalProperties: false, required: ["name"], properties: { name: { type: "string" }, url: { type: "string" } } },
      ],
    },
    outputs: { type: "object", additionalProperties: { type: "string" } },
    env: stringMap,
    defaults,
    steps: { type: "array", minItems: 1, items: step },
    "timeout-minutes": numberOrExpression,
    "continue-on-error": booleanOrExpression,
    container,
    services: { type: "object", additionalProperties: container },
  },
};

// A job that calls a reusable workflow.
const callJob = {
  type: "object",
  additionalProperties: false,
  required: ["uses"],
  properties: {
    ...commonJobProperties,
    uses: { type: "string", pattern: "^(\\./\\.github/workflows/|[^/]+/[^/]+/\\.github/workflows/).+\\.ya?ml(@.+)?$" },
    with: stringMap,
    secrets: { oneOf: [{ const: "inherit" }, stringMap] },
  },
};

export const workflowSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "GitHub Actions workflow (the subset Kickstarter uses)",
  type: "object",
  additionalProperties: false,
  required: ["on", "jobs"],
  properties: {
    name: { type: "string" },
    "run-name": { type: "string" },
    on,
    permissions,
    env: stringMap,
    defaults,
    concurrency,
    jobs: {
      type: "object",
      minProperties: 1,
      propertyNames: { pattern: "^[A-Za-z_][A-Za-z0-9_-]*$" },
      additionalProperties: { oneOf: [normalJob, callJob] },
    },
  },
};
