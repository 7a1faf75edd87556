namespace Kickstarter.Silo.Configuration;

/// <summary>Values of <c>Storage:Provider</c>.</summary>
public enum StorageProvider
{
    /// <summary>In-process memory: state lives as long as the process (the embedded default).</summary>
    Memory,

    /// <summary>Our DynamoDB grain storage (settings under <c>Storage:DynamoDB</c>).</summary>
    DynamoDB,
}
