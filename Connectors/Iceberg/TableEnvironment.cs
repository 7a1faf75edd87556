using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kickstarter.Connectors.Iceberg;

/// <summary>
/// The clock, id source and logger of table operations; replace the clock and ids for deterministic tests. The catalogs
/// built by <c>AddIcebergCatalog</c> get the host's logger here, so a table's own retries (a commit that lost a race) are
/// logged wherever the table came from.
/// </summary>
internal sealed class TableEnvironment
{
    /// <summary>The system clock and random positive 63-bit snapshot ids.</summary>
    public static TableEnvironment Default { get; } = new();

    /// <summary>Current time; default: DateTimeOffset.UtcNow.</summary>
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

    /// <summary>New snapshot ids, positive and unique per table; default: random 63-bit positive numbers.</summary>
    public Func<long> NewSnapshotId { get; init; } = RandomSnapshotId;

    /// <summary>Where table operations log (a commit's lost races); default: nowhere.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>This environment with <paramref name="logger"/>, unless it already has a logger of its own.</summary>
    public TableEnvironment WithDefaultLogger(ILogger logger) =>
        ReferenceEquals(Logger, NullLogger.Instance) ? new() { Clock = Clock, NewSnapshotId = NewSnapshotId, Logger = logger } : this;

    private static long RandomSnapshotId()
    {
        long id;
        do
        {
            id = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue;
        }
        while (id == 0);
        return id;
    }
}
