namespace Kickstarter.Grains.Epochs.Silo;

/// <summary>Reaches the epoch service of a given silo.</summary>
public interface IEpochSiloServiceClient
{
    IEpochSiloService On(SiloAddress silo);
}
