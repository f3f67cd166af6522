using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Runtime;
using Fraud.Orleans.Silo.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fraud.Orleans.Silo.Hosting;

public static class SiloEndpoints
{
    public static IEndpointRouteBuilder MapSiloEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));

        // Live state of a card, from its grain (activated from DynamoDB if it is not live on this silo).
        app.MapGet("/v1/cards/{cardId}", async (string cardId, IGrainFactory grains) =>
        {
            if (string.IsNullOrWhiteSpace(cardId) || cardId.Length > 64)
            {
                return Results.BadRequest(new { error = "cardId must be 1..64 characters" });
            }

            var live = await grains.GetGrain<ICardGrain>(cardId).GetLiveScoreAsync();
            return Results.Ok(live);
        });

        app.MapGet("/v1/silo", (GrainRuntime grains, KafkaIngestGateway gateway, IngestMetrics metrics) => Results.Ok(new
        {
            activeCards = grains.ActiveCards,
            ownedPartitions = gateway.OwnedPartitions,
            consumed = metrics.Consumed,
            deadLettered = metrics.DeadLettered,
            committedRecords = metrics.CommittedRecords,
        }));
        return app;
    }
}
