namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// While <see cref="Enabled"/>, a flight grain deactivates right after answering <c>GetSummaryAsync</c>, as
/// <c>DeactivateOnIdle</c> would have it: a test deactivates exactly the grains it asks, and nothing else (an idle
/// collection would also take the committer, whose fresh activation rewinds anyway).
/// </summary>
internal sealed class DeactivatingSummaryFilter : IIncomingGrainCallFilter
{
    private static volatile bool _enabled;

    public static bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        await context.Invoke();
        if (_enabled && context.MethodName == "GetSummaryAsync")
        {
            context.TargetContext.Deactivate(
                new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "test: deactivate after the summary"));
        }
    }
}
