using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Grains;

/// <summary>
/// The silo's champion and challenger. A transaction reads the lineup once, so it is scored, decided and labelled by
/// one champion whichever side of a promotion it falls on; promotion is one reference write, so no transaction waits
/// for it and none is scored twice. The promoted-from champion stays as the challenger: promoting again rolls back.
/// </summary>
public sealed class ModelRoster
{
    private readonly Lock _promoting = new();
    private ModelLineup _lineup;

    public ModelRoster(ScoringModel champion, ScoringModel? challenger = null)
    {
        ArgumentNullException.ThrowIfNull(champion);
        _lineup = new ModelLineup(champion, challenger);
    }

    public ModelLineup Current => Volatile.Read(ref _lineup);

    /// <summary>
    /// Makes the model of <paramref name="version"/> the champion and the champion the challenger. By version rather
    /// than "swap", so that a promotion repeated, or sent to every silo by several callers, changes each silo once.
    /// </summary>
    public PromotionOutcome PromoteTo(string version, out ModelLineup lineup)
    {
        lock (_promoting)
        {
            lineup = _lineup;
            if (lineup.Champion.Version == version)
            {
                return PromotionOutcome.AlreadyChampion;
            }

            if (lineup.Challenger?.Version != version)
            {
                return PromotionOutcome.UnknownVersion;
            }

            lineup = new ModelLineup(lineup.Challenger, lineup.Champion);
            Volatile.Write(ref _lineup, lineup);
            return PromotionOutcome.Promoted;
        }
    }
}
