using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

/// <summary>
/// The champion and challenger models of one silo, keyed by the silo's address and activated there (the caller passes
/// the address as placement hint): how a promotion asked of any silo reaches every silo of the cluster.
/// </summary>
[Alias("fraud.ISiloModelsGrain")]
public interface ISiloModelsGrain : IGrainWithStringKey
{
    /// <summary>Makes the model of <paramref name="version"/> this silo's champion, where it is not already.</summary>
    [Alias("promote")]
    ValueTask<ModelPromotion> PromoteAsync(string version);
}
