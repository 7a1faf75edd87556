namespace Kickstarter.Connectors.Kafka.Producing;

/// <summary>Thrown when an epoch could not be committed within the allowed attempts, or the producer was fenced.</summary>
public sealed class EpochProduceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EpochProduceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when a newer instance with the same transactional.id took over: this instance must stop.</summary>
    public bool Fenced { get; init; }
}
