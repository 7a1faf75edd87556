namespace Kickstarter.IntegrationTests.Faults;

/// <summary>
/// Fails the stream deliveries (the pulling agent's <c>DeliverBatch</c> calls to a grain's stream extension) that
/// <see cref="FailingDeliveries"/> says must fail, as a grain whose activation or OnNext throws would: Orleans retries
/// the container with backoff, then gives it up after <c>MaxEventDeliveryTime</c>.
/// </summary>
internal sealed class FailingDeliveryFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.MethodName == "DeliverBatch" && FailingDeliveries.ShouldFail(context.TargetId))
        {
            throw new InvalidOperationException($"injected: {context.TargetId} cannot take deliveries now");
        }

        return context.Invoke();
    }
}
