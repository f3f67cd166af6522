using Fraud.Orleans.GrainInterfaces;

namespace Fraud.Orleans.Simulator;

/// <summary>
/// A simulated transaction with its ground truth: <paramref name="IsFraud"/> and the fraud scenario that made it
/// one (0 genuine; 1 amount above the threshold; 2 compromised terminal; 3 compromised card). When several
/// scenarios apply, the last one applied (the highest) is recorded, as in the handbook.
/// </summary>
public readonly record struct SimulatedTransaction(Transaction Transaction, bool IsFraud, int Scenario);
