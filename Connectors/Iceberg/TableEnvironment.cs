using System.Security.Cryptography;

namespace Kickstarter.Connectors.Iceberg;

/// <summary>The clock and id source of table operations; replace both for deterministic tests.</summary>
public sealed class TableEnvironment
{
    /// <summary>The system clock and random positive 63-bit snapshot ids.</summary>
    public static TableEnvironment Default { get; } = new();

    /// <summary>Current time; default: DateTimeOffset.UtcNow.</summary>
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

    /// <summary>New snapshot ids, positive and unique per table; default: random 63-bit positive numbers.</summary>
    public Func<long> NewSnapshotId { get; init; } = RandomSnapshotId;

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
