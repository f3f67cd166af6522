using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

[GenerateSerializer]
[Alias("fraud.PromotionOutcome")]
public enum PromotionOutcome : byte
{
    /// <summary>The challenger of that version is the champion now; the champion before it is the challenger.</summary>
    Promoted = 0,

    /// <summary>That version was the champion already: nothing changed (a promotion repeated, or sent twice).</summary>
    AlreadyChampion = 1,

    /// <summary>The silo has no model of that version: it keeps its champion (its configuration differs from the others').</summary>
    UnknownVersion = 2,

    /// <summary>The silo could not be reached, or left the cluster, before it answered.</summary>
    Unreachable = 3,
}
