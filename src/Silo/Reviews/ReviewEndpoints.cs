using System.Globalization;
using System.Security.Claims;
using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Silo.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans;
using Orleans.Runtime;

namespace Fraud.Orleans.Silo.Reviews;

/// <summary>
/// The analysts' review queue (role <see cref="ApiRoles.Analyst"/>): the cases of a status page by page, oldest first;
/// one case with its card's recent history from the card's grain; and a label that closes the case.
/// </summary>
public static class ReviewEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>How many of the card's newest transactions, and of its newest cases, a case shows.</summary>
    public const int HistoryCount = 20;

    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup("/v1/reviews").RequireAuthorization(ApiRoles.Analyst);
        reviews.MapGet("/", ListAsync);
        reviews.MapGet("/{transactionId}", GetAsync);
        reviews.MapPost("/{transactionId}/label", LabelAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(string? status, int? limit, string? cursor, ReviewStore store, CancellationToken cancellationToken)
    {
        status ??= ReviewItems.Open;
        var errors = new Dictionary<string, string[]>();
        if (!ReviewItems.Statuses.Contains(status, StringComparer.Ordinal))
        {
            errors["status"] = [$"status must be one of {string.Join(", ", ReviewItems.Statuses)}"];
        }

        if (limit is not null and (< 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit must be 1..{MaxLimit}"];
        }

        Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>? startKey = null;
        if (cursor is not null && (errors.ContainsKey("status") || !ReviewCursor.TryDecode(cursor, status, out startKey)))
        {
            errors["cursor"] = ["cursor must be the nextCursor of an earlier page of the same status"];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var (cases, next) = await store.PageAsync(status, limit ?? DefaultLimit, startKey, cancellationToken);
        return Results.Ok(new { status, cases, nextCursor = next });
    }

    private static async Task<IResult> GetAsync(string transactionId, ReviewStore store, IGrainFactory grains, ModelRoster models, CancellationToken cancellationToken)
    {
        if (!TryParseId(transactionId, out var id))
        {
            return InvalidId();
        }

        var item = await store.FindAsync(id, cancellationToken);
        if (item is null)
        {
            return NoCase(id);
        }

        var found = ReviewItems.Read(item);
        found = found with { Explanation = CaseExplanations.Of(models, found.ModelVersion, SignalItems.ReadFeatures(item)) };
        FraudSignal[] history;
        try
        {
            history = await grains.GetGrain<ICardGrain>(found.CardId).GetRecentSignalsAsync(HistoryCount);
        }
        catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException)
        {
            return SiloEndpoints.Retry($"card {found.CardId} is moving between silos");
        }

        var cardCases = await store.OfCardAsync(found.CardId, HistoryCount, cancellationToken);
        return Results.Ok(new { @case = found, features = ReviewItems.Features(item), cardHistory = history, cardCases });
    }

    private static async Task<IResult> LabelAsync(
        string transactionId, LabelRequest request, ClaimsPrincipal user, ReviewStore store, IReviewLabels labels, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TryParseId(transactionId, out var id))
        {
            errors["transactionId"] = [IdRule];
        }

        if (!request.IsValid)
        {
            errors["label"] = [$"label must be \"{LabelRequest.Fraud}\" or \"{LabelRequest.Genuine}\""];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var analyst = user.Identity?.Name ?? "unknown";
        var at = time.GetUtcNow();
        var (outcome, item) = await store.LabelAsync(id, request.Label!, analyst, at, cancellationToken);
        switch (outcome)
        {
            case LabelOutcome.NotFound:
                return NoCase(id);
            case LabelOutcome.Conflict:
                return Results.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    detail: $"transaction {id} is already labelled {item![ReviewItems.Label].S}");
            default:
                // Labelled now, or the same label again: delivered either way, as stored, so that an analyst whose first
                // request failed in delivery (the case labelled, the feedback not) delivers it by asking again; the
                // sinks are idempotent by transaction id.
                var labelled = ReviewItems.Read(item!);
                await labels.LabelledAsync(
                    new ReviewLabel(
                        id, labelled.CardId, labelled.TerminalId, ReviewStore.EventTimeMs(item!), labelled.Label == LabelRequest.Fraud,
                        labelled.LabelledBy ?? analyst, ReviewStore.LabelledAt(item!) ?? at),
                    cancellationToken);
                return Results.Ok(labelled);
        }
    }

    private const string IdRule = "transactionId must be a positive integer";

    private static bool TryParseId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    private static IResult InvalidId() => Results.ValidationProblem(new Dictionary<string, string[]> { ["transactionId"] = [IdRule] });

    private static IResult NoCase(long id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"no review case for transaction {id}");
}
