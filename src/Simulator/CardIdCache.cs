using System.Globalization;

namespace Fraud.Orleans.Simulator;

/// <summary>
/// Card ids are customer ids as decimal strings; a handbook repeats each customer thousands of times, so every
/// id is formatted once and shared. Small ids (the usual case) index an array, larger ones a dictionary, so
/// that one huge id cannot make the array huge.
/// </summary>
internal sealed class CardIdCache
{
    private const int MaxCachedCustomerId = (1 << 22) - 1;

    private string[] _cardIds = new string[1024];
    private Dictionary<int, string>? _largeCardIds;

    public string Get(int customerId)
    {
        if (customerId > MaxCachedCustomerId)
        {
            _largeCardIds ??= [];
            if (!_largeCardIds.TryGetValue(customerId, out var large))
            {
                large = customerId.ToString(CultureInfo.InvariantCulture);
                _largeCardIds.Add(customerId, large);
            }

            return large;
        }

        if (customerId >= _cardIds.Length)
        {
            Array.Resize(ref _cardIds, Math.Min(MaxCachedCustomerId + 1, Math.Max(customerId + 1, _cardIds.Length * 2)));
        }

        return _cardIds[customerId] ??= customerId.ToString(CultureInfo.InvariantCulture);
    }
}
