namespace Kickstarter.Connectors.DynamoDB;

/// <summary>
/// A DynamoDB grain storage operation failed for good: retries ran out, the table is missing or has another
/// layout, or a stored item could not be read back.
/// </summary>
public class DynamoDBGrainStorageException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public DynamoDBGrainStorageException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DynamoDBGrainStorageException(string message, Exception innerException) : base(message, innerException) { }
}
