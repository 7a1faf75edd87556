namespace Kickstarter.Grains.Epochs.Coordinator;

/// <summary>One stored page of an owing-registry shard: at most <see cref="OwingRegistry.PageSize"/> grain ids.</summary>
[GenerateSerializer]
public sealed class OwingPage
{
    [Id(0)] public List<string> Grains { get; set; } = [];
}
