using Confluent.Kafka;

namespace Fraud.Orleans.Ingest;

/// <summary>
/// How the silo authenticates to the brokers and encrypts the traffic (<c>Kafka:Security</c>). Passed through to
/// librdkafka unchanged; secrets belong in the environment (<c>FRAUD__Kafka__Security__SaslPassword</c>) or a secret
/// store feeding configuration, never in appsettings files, and are never logged.
/// </summary>
public sealed class KafkaSecurityOptions
{
    public const string Section = KafkaIngestOptions.Section + ":Security";

    /// <summary>Plaintext (embedded Kafka, trusted networks only), Ssl, SaslPlaintext or SaslSsl (MSK, Confluent Cloud).</summary>
    public SecurityProtocol Protocol { get; set; } = SecurityProtocol.Plaintext;

    /// <summary>SASL mechanism with SaslPlaintext or SaslSsl: ScramSha512, ScramSha256 or Plain.</summary>
    public SaslMechanism SaslMechanism { get; set; } = SaslMechanism.ScramSha512;

    /// <summary>SASL user name.</summary>
    public string? SaslUsername { get; set; }

    /// <summary>SASL password (a secret: set it from the environment or a secret store).</summary>
    public string? SaslPassword { get; set; }

    /// <summary>PEM file of the CA that signed the brokers' certificates; empty trusts the system's CA store.</summary>
    public string? SslCaLocation { get; set; }

    /// <summary>Client certificate (PEM) for mutual TLS; with <see cref="SslKeyLocation"/>.</summary>
    public string? SslCertificateLocation { get; set; }

    /// <summary>Private key (PEM) of the client certificate.</summary>
    public string? SslKeyLocation { get; set; }

    /// <summary>Password of <see cref="SslKeyLocation"/>, if it is encrypted (a secret).</summary>
    public string? SslKeyPassword { get; set; }

    /// <summary>Check that a broker's certificate names the host the silo dialled (off only for a test CA without names).</summary>
    public bool VerifyBrokerHostName { get; set; } = true;

    public bool UsesSasl => Protocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl;

    public bool UsesTls => Protocol is SecurityProtocol.Ssl or SecurityProtocol.SaslSsl;

    /// <summary>Sets these settings on a producer, consumer or admin client's configuration.</summary>
    public T ApplyTo<T>(T config) where T : ClientConfig
    {
        config.SecurityProtocol = Protocol;
        if (UsesSasl)
        {
            config.SaslMechanism = SaslMechanism;
            config.SaslUsername = SaslUsername;
            config.SaslPassword = SaslPassword;
        }

        if (UsesTls)
        {
            config.SslCaLocation = NullIfEmpty(SslCaLocation);
            config.SslCertificateLocation = NullIfEmpty(SslCertificateLocation);
            config.SslKeyLocation = NullIfEmpty(SslKeyLocation);
            config.SslKeyPassword = NullIfEmpty(SslKeyPassword);
            config.SslEndpointIdentificationAlgorithm = VerifyBrokerHostName ? SslEndpointIdentificationAlgorithm.Https : SslEndpointIdentificationAlgorithm.None;
        }

        return config;
    }

    /// <summary>What a log line may say about these settings: everything but the secrets.</summary>
    public string Describe() => UsesSasl ? $"{Protocol} ({SaslMechanism} as {SaslUsername})" : Protocol.ToString();

    /// <summary>Every setting that cannot work, without echoing a secret's value.</summary>
    public IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(Protocol))
        {
            yield return $"{Section}:{nameof(Protocol)} must be Plaintext, Ssl, SaslPlaintext or SaslSsl";
        }

        if (UsesSasl)
        {
            if (SaslMechanism is not (SaslMechanism.ScramSha512 or SaslMechanism.ScramSha256 or SaslMechanism.Plain))
            {
                yield return $"{Section}:{nameof(SaslMechanism)} must be ScramSha512, ScramSha256 or Plain";
            }

            if (string.IsNullOrWhiteSpace(SaslUsername) || string.IsNullOrEmpty(SaslPassword))
            {
                yield return $"{Section}: {Protocol} needs {nameof(SaslUsername)} and {nameof(SaslPassword)}";
            }
        }
        else if (!string.IsNullOrEmpty(SaslPassword))
        {
            // A password configured but unused is a deployment mistake that would otherwise go unnoticed (and leave a
            // silo talking plaintext to a broker that was meant to require authentication).
            yield return $"{Section}:{nameof(SaslPassword)} is set but {nameof(Protocol)} is {Protocol}: use SaslSsl (or SaslPlaintext)";
        }

        if (UsesTls)
        {
            foreach (var (name, path) in new[]
            {
                (nameof(SslCaLocation), SslCaLocation), (nameof(SslCertificateLocation), SslCertificateLocation), (nameof(SslKeyLocation), SslKeyLocation),
            })
            {
                if (!string.IsNullOrEmpty(path) && !File.Exists(path))
                {
                    yield return $"{Section}:{name} '{path}' does not exist";
                }
            }

            if (string.IsNullOrEmpty(SslCertificateLocation) != string.IsNullOrEmpty(SslKeyLocation))
            {
                yield return $"{Section}: {nameof(SslCertificateLocation)} and {nameof(SslKeyLocation)} go together (mutual TLS)";
            }
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
