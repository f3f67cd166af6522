using Fraud.Orleans.GrainInterfaces;
using Orleans;
using Orleans.Runtime;

namespace Fraud.Orleans.Grains;

/// <summary>
/// One silo's <see cref="ModelRoster"/> as a grain. Placed by the caller's hint on the silo its key names; where that
/// silo has gone, Orleans places it elsewhere, and this activation refuses rather than promote the wrong silo.
/// </summary>
[GrainType("silo-models")]
public sealed class SiloModelsGrain(ModelRoster models) : Grain, ISiloModelsGrain
{
    public ValueTask<ModelPromotion> PromoteAsync(string version)
    {
        var silo = this.GetPrimaryKeyString();
        if (SiloAddress.FromParsableString(silo).ToString() != RuntimeIdentity)
        {
            DeactivateOnIdle();
            return ValueTask.FromResult(new ModelPromotion(silo, PromotionOutcome.Unreachable, string.Empty, null));
        }

        var outcome = models.PromoteTo(version, out var lineup);
        return ValueTask.FromResult(new ModelPromotion(silo, outcome, lineup.Champion.Version, lineup.Challenger?.Version));
    }
}
