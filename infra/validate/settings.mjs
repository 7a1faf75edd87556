// Configuration keys the silo reads (ASP.NET configuration, "__" between sections), and the names shared by the
// Docker, Kubernetes and ECS descriptions. A key outside these lists is most likely a typo the silo would ignore.
export const siloSettingPrefixes = [
  "Kafka__",
  "SchemaRegistry__",
  "Kickstarter__",
  "Storage__",
  "Iceberg__",
  "Http__",
  "Orleans__",
  "Membership__",
  "Committer__",
  "Generator__",
  "Logging__",
  "OpenTelemetry__",
];

// Variables read by libraries rather than by our configuration: the AWS SDK's credential chain, .NET itself, and
// Microsoft.Orleans.Hosting.Kubernetes.
export const wellKnownVariables = new Set([
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_REGION",
  "ORLEANS_SERVICE_ID",
  "ORLEANS_CLUSTER_ID",
  "POD_NAME",
  "POD_NAMESPACE",
  "POD_IP",
  "DOTNET_SHUTDOWNTIMEOUTSECONDS",
]);

export const isKnownSetting = (key) =>
  wellKnownVariables.has(key) || siloSettingPrefixes.some((p) => key.startsWith(p) && key.length > p.length);

// Settings and command-line switches older versions read and this one reads under another name (the silo still takes
// the old ones): a deployment description must use the new name, which the README and --help document.
export const oldSettingNames = { Kickstarter__Apps: "Kickstarter__Jobs" };
export const oldSwitches = { "--apps": "--jobs" };

// The jobs a silo can run (Kickstarter:Jobs, --jobs), as Grains/Jobs/JobCatalog and the Generator name them.
export const jobNames = ["Generator", "Consolidator", "FlyerStats"];

export const airlineTopics = ["airline.sunset", "airline.skyone", "airline.flight", "airline.flyer_stats"];

export const siloPorts = { http: 8080, silo: 11111, gateway: 30000 };
