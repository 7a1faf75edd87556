using System.Net;
using Amazon.S3.Model;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Kickstarter.Testing.Faults;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Operations;

/// <summary>
/// infra/terraform/aws-ecs/iam.tf against the calls the silo really makes. The Silo executable runs a bounded job as
/// the ECS task is configured (S3 warehouse under the module's default prefix, DynamoDB catalog and DynamoDB grain
/// state on tables Terraform owns, so nothing is created), with every S3 and DynamoDB request passing through a
/// recording proxy: the start-up probe, staging files, data files (one upload by PUT, others multipart, one multipart
/// upload failed and aborted), manifests, metadata, catalog commits, grain state, maintenance, the drain. Each
/// request is mapped to its IAM action, resource and condition keys (<see cref="IamRequest"/>) and evaluated against
/// the task role's policy parsed from the HCL (<see cref="TerraformPolicyDocument"/>): every request must be allowed,
/// a GET or HEAD of a missing key must still be answered 404 on AWS (which needs s3:ListBucket without a prefix
/// condition), and every action, resource and condition value the policy grants must be used by some request
/// (least privilege), except those listed with their reason.
/// </summary>
/// <remarks>
/// A run covers the paths a run takes: a call only made on a path this run does not take would not be seen. The
/// failed multipart upload and the maintenance interval are set so the rarer paths (abort, snapshot expiry, orphan
/// listing) are taken.
/// </remarks>
public sealed class TaskRolePolicyProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Region = "us-east-1";
    private const string Account = "123456789012";
    private const string Bucket = "kickstarter-warehouse";
    private const string GrainTable = "kickstarter-grain-state";
    private const string CatalogTable = "kickstarter-iceberg-catalog";

    /// <summary>Granted actions no run of this test uses, with the reason they are granted anyway (none today).</summary>
    private static readonly Dictionary<string, string> UnusedButGranted = new(StringComparer.Ordinal);

    /// <summary>Statements that exist only for some variable values, with why (none of them in this run).</summary>
    private static readonly Dictionary<string, string> ConditionalStatements = new(StringComparer.Ordinal)
    {
        ["WarehouseKms"] = "only with var.warehouse_kms_key_arn: S3 calls KMS for the silo (SSE-KMS); no KMS here to record",
    };

    private static string Module => Path.Combine(SiloProcess.RepositoryRoot(), "infra", "terraform", "aws-ecs");

    private readonly TemporaryDirectory _workDir = TemporaryDirectory.Create("kickstarter-iam-");
    private readonly object _lock = new();
    private S3rverServer _s3 = null!;
    private DynaliteServer _dynamo = null!;
    private HttpFaultProxy _s3Proxy = null!;
    private HttpFaultProxy _dynamoProxy = null!;
    private int _failedParts;

    public async Task InitializeAsync()
    {
        _s3 = await S3rverServer.StartAsync();
        _dynamo = await DynaliteServer.StartAsync();
        using (var s3 = S3IcebergReader.NewS3Client(_s3))
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
        }

        await CreateTablesAsTerraformDoesAsync();
        _s3Proxy = await HttpFaultProxy.StartAsync(_s3.ServiceUrl);
        _s3Proxy.Rule = FailFirstPartUpload;
        _dynamoProxy = await HttpFaultProxy.StartAsync(_dynamo.ServiceUrl);
    }

    public async Task DisposeAsync()
    {
        await _s3Proxy.DisposeAsync();
        await _dynamoProxy.DisposeAsync();
        await _s3.DisposeAsync();
        await _dynamo.DisposeAsync();
        await _workDir.DisposeAsync();
    }

    [Fact]
    public async Task EveryRequestOfARunIsAllowedByTheTaskRoleAndEveryGrantIsUsed()
    {
        var references = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["aws_s3_bucket.warehouse.arn"] = $"arn:aws:s3:::{Bucket}",
            ["aws_dynamodb_table.grain_state.arn"] = $"arn:aws:dynamodb:{Region}:{Account}:table/{GrainTable}",
            ["aws_dynamodb_table.iceberg_catalog.arn"] = $"arn:aws:dynamodb:{Region}:{Account}:table/{CatalogTable}",
        };
        var statements = TerraformPolicyDocument.Read(Module, "iam.tf", "task", references);
        var prefix = TerraformPolicyDocument.VariableDefault(Module, "warehouse_prefix");
        var policy = statements.Where(statement => !statement.Dynamic).ToList();
        Assert.All(statements.Where(statement => statement.Dynamic), statement => Assert.Contains(statement.Sid, ConditionalStatements.Keys));

        await using var kafka = await StandaloneKafka.StartAsync(partitions: 2);
        await using var silo = SiloProcess.Start(_workDir.Path, FreePort.Next(),
        [
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}", "--Orleans:AdvertisedIPAddress=127.0.0.1",
            "--duration", "15s", "--Generator:Seed=5", "--Generator:RatePerSecond=20", "--Committer:CommitInterval=00:00:02",
            "--Committer:MaintenanceInterval=00:00:04", "--Kafka:Partitions=2", .. kafka.SiloSwitches,
            .. CloudSwitches.S3Warehouse($"s3://{Bucket}/{prefix}", _s3Proxy.Url),
            // Some files above the threshold (multipart), some below (one PUT).
            "--Iceberg:S3:MultipartThresholdBytes=4096",
            .. CloudSwitches.DynamoDbCatalog(_dynamoProxy.Url, CatalogTable), "--Iceberg:Catalog:DynamoDb:CreateTableIfNotExists=false",
            .. CloudSwitches.DynamoDbStorage(_dynamoProxy.Url, "test", "test"),
            $"--Storage:DynamoDB:TableName={GrainTable}", "--Storage:DynamoDB:CreateIfNotExists=false",
        ]);
        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromMinutes(3));
        output.WriteLine(silo.Output);
        Assert.Equal(0, exitCode);

        var requests = _s3Proxy.Log.Select(entry => IamRequest.FromS3(entry.Request, entry.Status))
            .Concat(_dynamoProxy.Log.Select(entry => IamRequest.FromDynamoDb(entry.Request, entry.Status, Region, Account)))
            .ToList();
        foreach (var group in requests.GroupBy(r => (r.Operation, r.Action)).OrderBy(g => g.Key.Action, StringComparer.Ordinal))
        {
            output.WriteLine($"{group.Key.Action,-30} {group.Key.Operation,-24} {group.Count(),6} requests, e.g. {group.First().Resource}");
        }

        // The run took the paths that matter here: the probe, multipart with an abort, commits, grain state.
        Assert.Equal(1, Volatile.Read(ref _failedParts));
        foreach (var operation in new[]
                 {
                     "ListObjectsV2", "PutObject", "GetObject", "DeleteObject", "CreateMultipartUpload", "UploadPart",
                     "CompleteMultipartUpload", "AbortMultipartUpload", "DescribeTable", "GetItem", "PutItem", "UpdateItem",
                 })
        {
            Assert.Contains(requests, request => request.Operation == operation);
        }

        // 1. Everything the silo asked for is allowed.
        var denied = requests.Where(request => !policy.Any(request.AllowedBy))
            .Select(request => $"{request.Operation} -> {request.Action} on {request.Resource}").Distinct().ToList();
        Assert.True(denied.Count == 0, "iam.tf denies requests the silo makes:\n" + string.Join("\n", denied));

        // 2. AWS answers a GET/HEAD of a missing key 404 only to a caller with s3:ListBucket on the bucket, and a GET carries
        //    no s3:prefix: with a prefix-conditioned grant it would be 403 AccessDenied, not "absent".
        var bucketArn = references["aws_s3_bucket.warehouse.arn"];
        var answered403OnAws = requests
            .Where(request => request.Missing && !IamRequest.Allowed(policy, "s3:ListBucket", bucketArn, new Dictionary<string, string>()))
            .Select(request => $"{request.Operation} {request.Resource}").Distinct().ToList();
        Assert.True(answered403OnAws.Count == 0,
            "The silo reads keys that do not exist; on AWS, with iam.tf's prefix-conditioned s3:ListBucket, these would be 403:\n" +
            string.Join("\n", answered403OnAws));

        // 3. Least privilege: every granted action on every granted resource, and every condition value, is used.
        var unused = new List<string>();
        foreach (var statement in policy)
        {
            foreach (var action in statement.Actions)
            {
                foreach (var resource in statement.Resources)
                {
                    var one = statement with { Actions = [action], Resources = [resource] };
                    if (!requests.Any(request => request.AllowedBy(one)) && !UnusedButGranted.ContainsKey($"{statement.Sid} {action}"))
                    {
                        unused.Add($"{statement.Sid}: {action} on {resource}");
                    }
                }
            }

            foreach (var condition in statement.Conditions)
            {
                foreach (var value in condition.Values)
                {
                    var one = statement with { Conditions = [condition with { Values = [value] }] };
                    if (!requests.Any(request => request.AllowedBy(one)))
                    {
                        unused.Add($"{statement.Sid}: condition {condition.Test} {condition.Variable} '{value}'");
                    }
                }
            }
        }

        Assert.True(unused.Count == 0, "iam.tf grants what the silo never uses:\n" + string.Join("\n", unused));

        // The start-up probe cleans up after itself: only the folder's marker stays (see S3FileIO.ProbeAsync).
        using var s3 = S3IcebergReader.NewS3Client(_s3);
        var left = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = $"{prefix}/_kickstarter/probe/" });
        Assert.Equal([$"{prefix}/_kickstarter/probe/keep"], (left.S3Objects ?? []).Select(entry => entry.Key));
    }

    /// <summary>The first part upload is refused (403, which the SDK does not retry): S3FileIO must abort that upload.</summary>
    private (ProxyVerdict Verdict, ProxyFault? Fault) FailFirstPartUpload(ProxiedRequest request)
    {
        if (request.Method == "PUT" && request.Query.Contains("partNumber=", StringComparison.Ordinal))
        {
            lock (_lock)
            {
                if (_failedParts == 0)
                {
                    _failedParts++;
                    return (ProxyVerdict.Fail, ProxyFault.S3((int)HttpStatusCode.Forbidden, "AccessDenied"));
                }
            }
        }

        return (ProxyVerdict.Forward, null);
    }

    /// <summary>The tables as infra/terraform/aws-ecs/dynamodb.tf defines them (the silo may not create them).</summary>
    private Task CreateTablesAsTerraformDoesAsync() =>
        OperatorResources.CreateTablesAsync(_dynamo, Region, GrainTable, CatalogTable,
            stateHashKey: TerraformPolicyDocument.VariableDefault(Module, "grain_state_hash_key"));
}
