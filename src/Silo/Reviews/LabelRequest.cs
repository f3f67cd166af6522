namespace Fraud.Orleans.Silo.Reviews;

/// <summary>The body of <c>POST /v1/reviews/{transactionId}/label</c>: <c>{"label":"fraud"|"genuine"}</c>.</summary>
public sealed record LabelRequest(string? Label)
{
    public const string Fraud = "fraud";
    public const string Genuine = "genuine";

    public bool IsValid => Label is Fraud or Genuine;
}
