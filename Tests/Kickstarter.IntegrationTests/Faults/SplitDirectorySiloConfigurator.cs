using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Kickstarter.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.GrainDirectory;
using Orleans.Metadata;
using Orleans.Runtime.GrainDirectory;
using Orleans.TestingHost;

namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// A pipeline silo on which the job grains (flight and flyer-stats grains) have two activations at once when two silos
/// send them records: each silo keeps its own directory of those grains and places a grain it does not know on
/// itself. That is what a real cluster has for a while after a membership change, until its directory settles
/// (<see cref="Heal"/>: from then on every silo sees one directory; activations made before stay where they are, as
/// in a real cluster). Committers keep the cluster's directory (one of each). Quick failure detection
/// (<see cref="QuickFailureDetection"/>) and captured logs.
/// </summary>
public sealed class SplitDirectorySiloConfigurator : ISiloConfigurator
{
    private static readonly ConcurrentDictionary<GrainId, GrainAddress> Settled = new();
    private static volatile bool _healed;

    /// <summary>Every silo's job-grain directory is one from now on (until <see cref="Split"/>).</summary>
    public static void Heal() => _healed = true;

    /// <summary>Each silo keeps its own job-grain directory again (a test starts with this).</summary>
    public static void Split()
    {
        _healed = false;
        Settled.Clear();
    }

    public void Configure(ISiloBuilder siloBuilder)
    {
        QuickFailureDetection.Configure(siloBuilder);
        new PipelineSiloConfigurator().Configure(siloBuilder);
        siloBuilder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider, CapturedLogs>();
        siloBuilder.Services.AddSingleton<PlacementStrategy, PreferLocalPlacement>();
        siloBuilder.Services.AddSingleton<IGrainDirectoryResolver, JobGrainsOnThisSiloOnly>();
    }

    /// <summary>Resolves the job grains' directory to one that only this silo sees.</summary>
    private sealed class JobGrainsOnThisSiloOnly : IGrainDirectoryResolver
    {
        private static readonly HashSet<string> JobGrainTypes = new(StringComparer.Ordinal) { "flight", "flyerstats" };
        private readonly LocalDirectory _directory = new();

        public bool TryResolveGrainDirectory(GrainType grainType, GrainProperties? properties,
            [NotNullWhen(true)] out IGrainDirectory? grainDirectory)
        {
            grainDirectory = JobGrainTypes.Contains(grainType.ToString()!) ? _directory : null;
            return grainDirectory is not null;
        }
    }

    /// <summary>An in-memory grain directory of one silo, or the settled one once healed.</summary>
    private sealed class LocalDirectory : IGrainDirectory
    {
        private readonly ConcurrentDictionary<GrainId, GrainAddress> _local = new();

        private ConcurrentDictionary<GrainId, GrainAddress> Addresses => _healed ? Settled : _local;

        public Task<GrainAddress?> Register(GrainAddress address) =>
            Task.FromResult<GrainAddress?>(Addresses.GetOrAdd(address.GrainId, address));

        public Task Unregister(GrainAddress address)
        {
            Addresses.TryRemove(new KeyValuePair<GrainId, GrainAddress>(address.GrainId, address));
            return Task.CompletedTask;
        }

        public Task<GrainAddress?> Lookup(GrainId grainId) =>
            Task.FromResult(Addresses.TryGetValue(grainId, out var address) ? address : null);

        public Task UnregisterSilos(List<SiloAddress> siloAddresses)
        {
            foreach (var (grain, address) in Addresses)
            {
                if (siloAddresses.Contains(address.SiloAddress!))
                {
                    Addresses.TryRemove(new KeyValuePair<GrainId, GrainAddress>(grain, address));
                }
            }

            return Task.CompletedTask;
        }
    }
}
