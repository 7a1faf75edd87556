using Orleans.Runtime.Services;

namespace Kickstarter.Grains.Epochs.Silo;

/// <summary>The grain-service client behind <see cref="IEpochSiloServiceClient"/>.</summary>
internal sealed class EpochSiloServiceClient(IServiceProvider services)
    : GrainServiceClient<IEpochSiloService>(services), IEpochSiloServiceClient
{
    public IEpochSiloService On(SiloAddress silo) => GetGrainService(silo);
}
