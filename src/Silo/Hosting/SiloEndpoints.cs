using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Ingest;
using Fraud.Orleans.Runtime;
using Fraud.Orleans.Silo.Membership;
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

        // Live state of a card from its grain, on whichever silo owns the card's partition: answered here
        // (activating the grain from DynamoDB if needed) when this silo owns it, else forwarded to the owner.
        app.MapGet("/v1/cards/{cardId}", async (
            string cardId, HttpRequest request, IGrainFactory grains, PartitionMap partitions, SiloMembership membership,
            LiveScoreForwarder forwarder, MembershipLog log, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(cardId) || cardId.Length > 64)
            {
                return Results.BadRequest(new { error = "cardId must be 1..64 characters" });
            }

            var partition = partitions.PartitionOf(cardId);
            if (partition < 0 || partitions.Owns(partition))
            {
                try
                {
                    var live = await grains.GetGrain<ICardGrain>(cardId).GetLiveScoreAsync();
                    request.HttpContext.Response.Headers[LiveScoreForwarder.AnsweredByHeader] = membership.SiloId;
                    return Results.Ok(live);
                }
                catch (GrainMovedException)
                {
                    // Its partition left while the call waited: ask the new owner.
                }
            }

            if (request.Headers.ContainsKey(LiveScoreForwarder.ForwardedHeader))
            {
                return NotOwnedHere(request, partition);
            }

            var owner = await membership.FindOwnerAsync(partition, cancellationToken);
            if (owner is null)
            {
                return NotOwnedHere(request, partition);
            }

            try
            {
                var (status, body, answeredBy) = await forwarder.GetAsync(owner, cardId, membership.SiloId, cancellationToken);
                if (answeredBy is not null)
                {
                    request.HttpContext.Response.Headers[LiveScoreForwarder.AnsweredByHeader] = answeredBy;
                }

                return Results.Content(body, "application/json", statusCode: (int)status);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                log.ForwardFailed(cardId, owner, ex);
                return NotOwnedHere(request, partition);
            }
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

    /// <summary>No live owner known right now (a hand-over in progress): the caller retries shortly.</summary>
    private static IResult NotOwnedHere(HttpRequest request, int partition)
    {
        request.HttpContext.Response.Headers.RetryAfter = "1";
        return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: $"partition {partition} has no live owner known to this silo; retry");
    }
}
