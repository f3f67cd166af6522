namespace Fraud.Orleans.Runtime;

/// <summary>Hands out references to grains; the activation is created on its first message.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;
}
