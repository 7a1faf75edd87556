namespace Kickstarter.Grains.Epochs.Silo;

/// <summary>
/// A silo cannot vouch for its part of an epoch: records its receivers handed out are counted in the positions, but
/// some grain never applied them (Orleans gave up delivering them) or lost them (a grain's state write failed while it
/// deactivated). The epoch is abandoned and the job rewinds to its last prepared positions, which lie before them.
/// An <see cref="OrleansException"/>: like a silo that died, it fails one epoch, and the next recovers (the drainer
/// retries it).
/// </summary>
[GenerateSerializer]
public sealed class UnappliedRecordsException : OrleansException
{
    /// <summary>Creates the exception with a message naming the job, the partitions and the grains.</summary>
    public UnappliedRecordsException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public UnappliedRecordsException(string message, Exception innerException) : base(message, innerException) { }
}
