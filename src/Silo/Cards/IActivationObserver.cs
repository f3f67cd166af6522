namespace Fraud.Orleans.Silo.Cards;

/// <summary>
/// Sees every activation begin and end on this silo (tests record placement intervals with it). Called on
/// the activating or deactivating thread: be quick.
/// </summary>
public interface IActivationObserver
{
    void OnActivated(string grainType, string key, int partition);

    void OnDeactivated(string grainType, string key, int partition);
}
