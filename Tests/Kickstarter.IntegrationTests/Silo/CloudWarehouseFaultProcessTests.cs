using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.S3.Model;
using Kickstarter.Grains.Interfaces.Contracts;
using Kickstarter.IntegrationTests.Infrastructure;
using Kickstarter.Testing;
using Kickstarter.Testing.Faults;
using Xunit.Abstractions;

namespace Kickstarter.IntegrationTests.Silo;

/// <summary>
/// The Silo process with its warehouse on s3rver behind <see cref="HttpFaultProxy"/> and the DynamoDB catalog on
/// dynalite, while S3 fails under the committers: metadata PUTs answered 500 past the retry budget, PUTs that land
/// and report 500 (a manifest list, a metadata file, a data file, a staging file), and every DELETE of the first
/// epochs' staging cleanup and of maintenance failing. Afterwards an independent reader finds every input row once in
/// its table, every file the tables reference is still there, the epoch whose staging write failed was never
/// committed, and the only staging objects left are those of that abandoned epoch and of the epochs whose cleanup
/// DELETE failed (the documented orphans).
/// </summary>
public sealed partial class CloudWarehouseFaultProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Bucket = "faults";
    private const string Prefix = "wh";
    private const string CatalogTable = "faults_catalog";
    private const string Staging = $"/{Bucket}/{Prefix}/_kickstarter/staging/";
    private readonly TemporaryDirectory _workDir = TemporaryDirectory.Create("kickstarter-s3-faults-");
    private readonly FaultPlan _plan = new();
    private S3rverServer _s3 = null!;
    private DynaliteServer _dynamo = null!;
    private HttpFaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _s3 = await S3rverServer.StartAsync();
        _dynamo = await DynaliteServer.StartAsync();
        using var client = S3IcebergReader.NewS3Client(_s3);
        await client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
        _proxy = await HttpFaultProxy.StartAsync(_s3.ServiceUrl);
        _proxy.Rule = _plan.Decide;
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _s3.DisposeAsync();
        await _dynamo.DisposeAsync();
        await _workDir.DisposeAsync();
    }

    [Fact]
    public async Task S3FaultsDuringCommitAndCleanupLoseNothingDoubleNothingAndDeleteNoCommittedFile()
    {
        await using var kafka = await StandaloneKafka.StartAsync(partitions: 4);
        await using var silo = SiloProcess.Start(_workDir.Path, FreePort.Next(),
        [
            $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}", "--Orleans:AdvertisedIPAddress=127.0.0.1",
            "--duration", "25s", "--Generator:Seed=23", "--Generator:RatePerSecond=20", "--Committer:CommitInterval=00:00:02",
            "--Committer:MaintenanceInterval=00:00:05", "--Kafka:Partitions=4", .. kafka.SiloSwitches,
            .. CloudSwitches.S3Warehouse($"s3://{Bucket}/{Prefix}", _proxy.Url), "--Iceberg:S3:MaxRetries=1",
            .. CloudSwitches.DynamoDbCatalog(_dynamo.ServiceUrl, CatalogTable),
        ]);
        // Once the run time is over, the drain's own epochs meet faults too: the next two staging writes fail past the
        // retry budget, so the drain sees failing epochs and must keep going until everything is committed.
        await Eventually.Until(
            () => silo.HasExited || silo.Output.Contains("stopping the generator and draining the jobs", StringComparison.Ordinal),
            TimeSpan.FromMinutes(2), "the run time is over and the drain starts");
        Assert.False(silo.HasExited, "the silo exited before the drain:\n" + silo.Output);
        _plan.ArmDrainFaults();
        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromMinutes(4));
        output.WriteLine(silo.Output);
        Assert.Equal(0, exitCode);

        // Every planned fault happened (otherwise this run proved nothing about it).
        Assert.All(FaultPlan.Kinds, kind => Assert.True(_plan.Fired(kind) > 0, $"fault '{kind}' never fired"));
        Assert.Contains("epoch failed", silo.Output);

        var download = Path.Combine(_workDir.Path, "download");
        var iceberg = await S3IcebergReader.DownloadAsync(_s3, _dynamo, Bucket, Prefix, CatalogTable, download);
        CloudWarehouseProcessTests.AssertTablesMatchInput(iceberg, kafka);
        await AssertNoReferencedFileIsMissingAsync(iceberg, download);
        AssertAbandonedEpochWasNeverCommitted(iceberg);
        await AssertOnlyStagingOfAbandonedOrUncleanedEpochsIsLeftAsync();
    }

    /// <summary>Every manifest list of every snapshot in each table's history, and every data file now live, exists.</summary>
    private async Task AssertNoReferencedFileIsMissingAsync(IndependentIcebergReader iceberg, string download)
    {
        var keys = (await ListAsync($"{Prefix}/")).ToHashSet(StringComparer.Ordinal);
        var prefix = $"s3://{Bucket}/";
        foreach (var table in new[] { Tables.SunsetAirline, Tables.SkyOneAirline, Tables.Flight, Tables.FlyerStats })
        {
            using var metadata = iceberg.Metadata(table);
            var manifestLists = metadata.RootElement.GetProperty("snapshots").EnumerateArray()
                .Select(snapshot => snapshot.GetProperty("manifest-list").GetString()!).ToList();
            Assert.NotEmpty(manifestLists);
            Assert.All(manifestLists, location => Assert.Contains(location[prefix.Length..], keys));
            var dataFiles = iceberg.DataFiles(table);
            Assert.NotEmpty(dataFiles);
            // The reader names the downloaded copies: their path under the download folder is the object key.
            Assert.All(dataFiles, local => Assert.Contains(Path.GetRelativePath(download, local).Replace('\\', '/'), keys));
        }
    }

    /// <summary>Epochs whose staging write failed (landed or not) are abandoned: no table has a snapshot of them.</summary>
    private void AssertAbandonedEpochWasNeverCommitted(IndependentIcebergReader iceberg)
    {
        var abandoned = _plan.Paths("staging landed 500").Concat(_plan.Paths("drain staging 500")).Select(EpochOf).ToList();
        Assert.NotEmpty(abandoned);
        foreach (var table in new[] { Tables.SunsetAirline, Tables.SkyOneAirline, Tables.Flight, Tables.FlyerStats })
        {
            using var metadata = iceberg.Metadata(table);
            var committed = metadata.RootElement.GetProperty("snapshots").EnumerateArray()
                .Select(snapshot => snapshot.GetProperty("summary"))
                .Where(summary => summary.TryGetProperty("kickstarter.epoch", out _))
                .Select(summary => (Job: summary.GetProperty("kickstarter.committer").GetString(),
                    Epoch: long.Parse(summary.GetProperty("kickstarter.epoch").GetString()!, CultureInfo.InvariantCulture)))
                .Select(committed => $"{committed.Job}/epoch-{committed.Epoch:D10}")
                .ToList();
            Assert.NotEmpty(committed);
            Assert.All(abandoned, epoch => Assert.DoesNotContain(epoch, committed));
        }
    }

    /// <summary>
    /// Staging objects left behind belong to the abandoned epoch or to an epoch whose cleanup DELETE failed; every
    /// other epoch's staging files were removed.
    /// </summary>
    private async Task AssertOnlyStagingOfAbandonedOrUncleanedEpochsIsLeftAsync()
    {
        var uncleaned = _plan.Paths("staging delete 500").Select(EpochOf).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(uncleaned);
        var abandoned = _plan.Paths("staging landed 500").Concat(_plan.Paths("drain staging 500")).Select(EpochOf);
        var orphans = uncleaned.Concat(abandoned).ToHashSet(StringComparer.Ordinal);
        var left = await ListAsync($"{Prefix}/_kickstarter/staging/");
        Assert.NotEmpty(left); // the documented orphans
        Assert.All(left, key => Assert.Contains(EpochOf(key), orphans));
        Assert.All(uncleaned, epoch => Assert.Contains(left, key => EpochOf(key) == epoch));
    }

    private async Task<List<string>> ListAsync(string prefix)
    {
        using var client = S3IcebergReader.NewS3Client(_s3);
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = await client.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Select(entry => entry.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return keys;
    }

    // ".../staging/<job>/epoch-0000000007.kafka" -> "<job>/epoch-0000000007"
    private static string EpochOf(string key) => StagingEpoch().Match(key) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException($"'{key}' is not a staging file");

    [GeneratedRegex(@"staging/([^/]+/epoch-\d+)\.")]
    private static partial Regex StagingEpoch();

    /// <summary>
    /// Which request fails, decided per object key so that every retry of one write meets the same fault: keys are
    /// numbered in the order they are first seen within their kind, and chosen numbers fail on every attempt.
    /// </summary>
    private sealed class FaultPlan
    {
        public static readonly string[] Kinds =
        [
            "metadata 500", "metadata landed 500", "manifest list landed 500", "data file landed 500", "staging landed 500",
            "staging delete 500", "drain staging 500",
        ];

        private readonly object _lock = new();
        private readonly Dictionary<string, Dictionary<string, int>> _seen = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _fired = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HashSet<string>> _paths = new(StringComparer.Ordinal);
        private int _drainFaultsAfter = int.MaxValue;

        /// <summary>From now on, the next two staging files (by key) fail on every attempt.</summary>
        public void ArmDrainFaults()
        {
            lock (_lock)
            {
                _drainFaultsAfter = _seen.TryGetValue("staging", out var seen) ? seen.Count : 0;
            }
        }

        /// <summary>The distinct paths a fault of <paramref name="kind"/> was injected on.</summary>
        public IReadOnlyList<string> Paths(string kind)
        {
            lock (_lock)
            {
                return _paths.TryGetValue(kind, out var paths) ? [.. paths] : [];
            }
        }

        public int Fired(string kind)
        {
            lock (_lock)
            {
                return _fired.GetValueOrDefault(kind);
            }
        }

        public (ProxyVerdict Verdict, ProxyFault? Fault) Decide(ProxiedRequest request)
        {
            var path = request.Path;
            var internalError = ProxyFault.S3(500, "InternalError");
            if (request.Method == "DELETE")
            {
                if (path.StartsWith(Staging, StringComparison.Ordinal))
                {
                    // The first three epochs' cleanup fails whatever it retries; later cleanups work.
                    return Number("staging delete", path) <= 3 ? Fire("staging delete 500", ProxyVerdict.Fail, internalError, path) : Forward;
                }

                // Maintenance (and a lost commit's clean-up) never manages to delete anything.
                return (ProxyVerdict.Fail, internalError);
            }

            if (request.Method != "PUT" || request.Query.Contains("uploadId=", StringComparison.Ordinal))
            {
                return Forward;
            }

            var name = path[(path.LastIndexOf('/') + 1)..];
            if (name.EndsWith(".metadata.json", StringComparison.Ordinal) && !name.StartsWith("00000-", StringComparison.Ordinal))
            {
                // Commits (not table creation): the 3rd fails past the retry budget, the 8th lands and reports 500.
                return Number("metadata", path) switch
                {
                    3 => Fire("metadata 500", ProxyVerdict.Fail, internalError, path),
                    8 => Fire("metadata landed 500", ProxyVerdict.ForwardThenFail, internalError, path),
                    _ => Forward,
                };
            }

            if (name.StartsWith("snap-", StringComparison.Ordinal) && name.EndsWith(".avro", StringComparison.Ordinal))
            {
                return Number("manifest list", path) == 5
                    ? Fire("manifest list landed 500", ProxyVerdict.ForwardThenFail, internalError, path)
                    : Forward;
            }

            if (name.EndsWith(".parquet", StringComparison.Ordinal))
            {
                return Number("data file", path) == 4 ? Fire("data file landed 500", ProxyVerdict.ForwardThenFail, internalError, path) : Forward;
            }

            if (path.StartsWith(Staging, StringComparison.Ordinal))
            {
                var number = Number("staging", path);
                int drainFrom;
                lock (_lock)
                {
                    drainFrom = _drainFaultsAfter;
                }

                if (number > drainFrom && number <= drainFrom + 2)
                {
                    return Fire("drain staging 500", ProxyVerdict.Fail, internalError, path);
                }

                return number == 6 ? Fire("staging landed 500", ProxyVerdict.ForwardThenFail, internalError, path) : Forward;
            }

            return Forward;
        }

        private static (ProxyVerdict, ProxyFault?) Forward => (ProxyVerdict.Forward, null);

        private int Number(string kind, string key)
        {
            lock (_lock)
            {
                var seen = _seen.TryGetValue(kind, out var known) ? known : _seen[kind] = new Dictionary<string, int>(StringComparer.Ordinal);
                return seen.TryGetValue(key, out var number) ? number : seen[key] = seen.Count + 1;
            }
        }

        private (ProxyVerdict, ProxyFault?) Fire(string kind, ProxyVerdict verdict, ProxyFault fault, string path)
        {
            lock (_lock)
            {
                _fired[kind] = _fired.GetValueOrDefault(kind) + 1;
                (_paths.TryGetValue(kind, out var paths) ? paths : _paths[kind] = new HashSet<string>(StringComparer.Ordinal)).Add(path);
            }

            return (verdict, fault);
        }
    }
}
