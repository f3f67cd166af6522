using Orleans;

namespace Fraud.Orleans.GrainInterfaces;

[GenerateSerializer]
[Alias("fraud.Decision")]
public enum Decision : byte
{
    Approve = 0,
    Review = 1,
    Block = 2,
}
