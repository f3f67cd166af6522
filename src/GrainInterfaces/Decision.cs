namespace Fraud.Orleans.GrainInterfaces;

public enum Decision : byte
{
    Approve = 0,
    Review = 1,
    Block = 2,
}
