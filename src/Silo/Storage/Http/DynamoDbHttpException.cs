using System.Net;
using System.Text.Json;

namespace Fraud.Orleans.Silo.Storage.Http;

/// <summary>DynamoDB answered a JSON-protocol request with an error: its HTTP status, error type and message.</summary>
public sealed class DynamoDbHttpException(HttpStatusCode status, string errorType, string message)
    : Exception($"DynamoDB {(int)status} {errorType}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The error's short type, such as ProvisionedThroughputExceededException or ValidationException.</summary>
    public string ErrorType { get; } = errorType;

    /// <summary>Reads DynamoDB's error body (<c>{"__type":"com.amazonaws...#Type","message":"..."}</c>), whatever its shape.</summary>
    public static DynamoDbHttpException FromResponse(HttpStatusCode status, ReadOnlySpan<byte> body)
    {
        var type = "UnknownError";
        var message = "";
        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                var name = reader.GetString();
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    continue;
                }

                if (name == "__type")
                {
                    var full = reader.GetString() ?? type;
                    type = full[(full.LastIndexOf('#') + 1)..];
                }
                else if (name is "message" or "Message")
                {
                    message = reader.GetString() ?? "";
                }
            }
        }
        catch (JsonException)
        {
            message = $"unreadable error body ({body.Length} bytes)";
        }

        return new DynamoDbHttpException(status, type, message);
    }
}
