using System.Security.Cryptography;

namespace Fraud.Orleans.Silo.Api;

/// <summary>The configured keys by hash: finds the entry a presented key belongs to without revealing, by timing, which hashes came close.</summary>
public sealed class ApiKeyRing
{
    private readonly (byte[] Hash, ApiKeyOptions Key)[] _keys;

    /// <param name="options">Validated options: every hash parses.</param>
    public ApiKeyRing(ApiOptions options) =>
        _keys = options.Keys.Select(k => (ApiKeyHash.TryParse(k.KeyHash, out var hash) ? hash : [], k)).ToArray();

    public ApiKeyOptions? Find(string presented)
    {
        var hash = ApiKeyHash.Of(presented);
        ApiKeyOptions? found = null;

        // Every entry compared, in constant time each: how long this takes says nothing about which key matched or how nearly.
        foreach (var (stored, key) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, stored))
            {
                found = key;
            }
        }

        return found;
    }
}
