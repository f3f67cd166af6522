namespace Fraud.Orleans.Silo.Reviews;

/// <summary>What posting a label did to its case.</summary>
public enum LabelOutcome
{
    /// <summary>The case was open and is now labelled.</summary>
    Labelled,

    /// <summary>The case already carried this label: nothing changed.</summary>
    AlreadyLabelled,

    /// <summary>The case carries the other label: nothing changed.</summary>
    Conflict,

    /// <summary>No case of this transaction.</summary>
    NotFound,
}
