namespace Kickstarter.Connectors.DynamoDB;

/// <summary>
/// A grain state does not fit into one DynamoDB item (400 KB) even after compression. Nothing was written:
/// the stored state and its ETag are unchanged.
/// </summary>
public sealed class GrainStateTooLargeException : DynamoDBGrainStorageException
{
    /// <summary>Creates the exception for one grain.</summary>
    public GrainStateTooLargeException(
        string grainId, string stateName, string providerName, int itemBytes, int serializedBytes, int limitBytes)
        : base($"Grain state '{stateName}' of grain {grainId} needs a {itemBytes}-byte DynamoDB item " +
               $"({serializedBytes} bytes serialized, after compression where it helped), above DynamoDB's item limit of {limitBytes} " +
                   "bytes; " +
               $"the DynamoDB grain storage '{providerName}' refuses it rather than truncate. Keep large data outside grain state.")
    {
        GrainId = grainId;
        StateName = stateName;
        ItemBytes = itemBytes;
        LimitBytes = limitBytes;
    }

    /// <summary>The grain whose state was refused.</summary>
    public string GrainId { get; }

    /// <summary>The name of the refused state.</summary>
    public string StateName { get; }

    /// <summary>Size of the item that would have been written, in bytes.</summary>
    public int ItemBytes { get; }

    /// <summary>DynamoDB's item size limit, in bytes.</summary>
    public int LimitBytes { get; }
}
