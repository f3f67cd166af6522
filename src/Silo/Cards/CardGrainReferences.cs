using Fraud.Orleans.GrainInterfaces;
using Orleans;
using Orleans.Runtime;

namespace Fraud.Orleans.Silo.Cards;

/// <summary>
/// References to card grains for the per-transaction and per-checkpoint paths. <c>GetGrain&lt;T&gt;(key)</c> resolves the
/// interface's Orleans type on every call (attribute lookups and type-name formatting: about 5 % of a silo's CPU per
/// event at 4,000 tx/s, BENCHMARKS.md); the grain and interface types of a card never change, so they resolve once.
/// </summary>
public sealed class CardGrainReferences(IGrainFactory grains)
{
    private readonly Lazy<Types> _types = new(() => Types.Resolve(grains));

    /// <summary>The grain that scores and answers for <paramref name="cardId"/>.</summary>
    public ICardGrain Scoring(string cardId) => (ICardGrain)grains.GetGrain(GrainId.Create(_types.Value.Grain, cardId), _types.Value.Scoring);

    /// <summary>The same grain's silo-side control surface (checkpoints, hand-over, retirement).</summary>
    public ICardGrainControl Control(string cardId) => (ICardGrainControl)grains.GetGrain(GrainId.Create(_types.Value.Grain, cardId), _types.Value.Control);

    // Resolved on first use rather than at construction: the silo's grain type map is complete only once it runs.
    private sealed record Types(GrainType Grain, GrainInterfaceType Scoring, GrainInterfaceType Control)
    {
        public static Types Resolve(IGrainFactory grains)
        {
            var scoring = (GrainReference)(object)grains.GetGrain<ICardGrain>("type-probe");
            var control = (GrainReference)(object)grains.GetGrain<ICardGrainControl>("type-probe");
            return new Types(scoring.GrainId.Type, scoring.InterfaceType, control.InterfaceType);
        }
    }
}
