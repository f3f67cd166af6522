using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Cards;
using Fraud.Orleans.Silo.LiveConsole;
using Fraud.Orleans.Silo.Pipeline;
using Fraud.Orleans.Silo.Reviews;
using Fraud.Orleans.Silo.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans;
using Orleans.Runtime;

namespace Fraud.Orleans.Silo.Hosting;

public static class SiloEndpoints
{
    /// <summary>
    /// The API: <c>/healthz</c> open, the rest behind an API key of the right role (<see cref="ApiRoles"/>); an endpoint
    /// mapped without a policy falls back to the operator's. Errors are RFC 7807 problem details.
    /// </summary>
    public static IEndpointRouteBuilder MapSiloEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).AllowAnonymous();

        // Live state of a card from its grain, wherever Orleans hosts it (with its partition's owner).
        app.MapGet("/v1/cards/{cardId}", async (string cardId, IGrainFactory grains) =>
        {
            if (!TransactionRequest.IsValidCardId(cardId))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["cardId"] = [TransactionRequest.CardIdRule] });
            }

            try
            {
                return Results.Ok(await grains.GetGrain<ICardGrain>(cardId).GetLiveScoreAsync());
            }
            catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException)
            {
                return Retry($"card {cardId} is moving between silos");
            }
        }).RequireAuthorization(ApiRoles.Scorer);

        // The payments API's synchronous path: one transaction scored now by its card's grain, idempotent by id (the
        // same id, here or later from Kafka, gets the same signal). Its signal goes to the signal table like any other.
        app.MapPost("/v1/score", async (TransactionRequest request, IGrainFactory grains, DynamoDbSignalWriter signals, TimeProvider time) =>
        {
            if (!request.TryGetTransaction(out var transaction, out var errors))
            {
                return Results.ValidationProblem(errors);
            }

            try
            {
                var signal = await grains.GetGrain<ICardGrain>(transaction.CardId).ScoreAsync(transaction, ownerEpoch: 0);
                signals.Enqueue(signal, time.GetUtcNow().ToUnixTimeMilliseconds());
                return Results.Ok(signal);
            }
            catch (Exception ex) when (ex is CardMovedException or SiloUnavailableException or TimeoutException or OrleansMessageRejectionException)
            {
                return Retry($"card {transaction.CardId} is moving between silos");
            }
        }).RequireAuthorization(ApiRoles.Scorer);

        app.MapGet("/v1/silo", (CardActivations cards, PartitionOwners owners, KafkaIngestGateway gateway, IngestMetrics metrics, GrainCallMetrics calls, ILocalSiloDetails silo) => Results.Ok(new
        {
            silo = silo.SiloAddress.ToString(),
            activeCards = cards.Count,
            ownedPartitions = gateway.OwnedPartitions,
            consumed = metrics.Consumed,
            deadLettered = metrics.DeadLettered,
            committedRecords = metrics.CommittedRecords,
            placedLocal = owners.PlacedLocal,
            placedElsewhere = owners.PlacedElsewhere,
            grainCalls = calls.Calls,
            grainCallsRemote = calls.Remote,
        })).RequireAuthorization(ApiRoles.Operator);
        app.MapModelEndpoints();
        app.MapReviewEndpoints();
        app.MapConsoleEndpoints();
        return app;
    }

    /// <summary>A hand-over in progress: the caller retries shortly.</summary>
    internal static IResult Retry(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: detail + "; retry", extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = 1 });
}
