namespace Kickstarter.Silo.Configuration;

/// <summary>Grain state storage (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Where grain state lives; default: Memory.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Memory;
}
