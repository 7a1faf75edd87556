namespace Kickstarter.IntegrationTests.Faults;

/// <summary>How the injected committer state write fails.</summary>
public enum CommitterWriteFault
{
    /// <summary>The write never reaches storage and reports an error.</summary>
    FailsBeforeStoring,

    /// <summary>The write is stored, then reports an error anyway (a timeout or a 5xx after the item was written).</summary>
    LandsThenFails,
}
