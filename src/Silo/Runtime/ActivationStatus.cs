namespace Fraud.Orleans.Silo.Runtime;

public enum ActivationStatus
{
    /// <summary>Reading state; calls queue on the turn gate in arrival order.</summary>
    Loading,
    Active,
    /// <summary>Idle and durable, or its partition was revoked: callers must look the key up again.</summary>
    Deactivated,
    /// <summary>Its checkpoint lost the ETag race: another silo owns the grain, this state is discarded.</summary>
    Fenced,
}
