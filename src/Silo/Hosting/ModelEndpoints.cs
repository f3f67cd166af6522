using Fraud.Orleans.GrainInterfaces;
using Fraud.Orleans.Grains;
using Fraud.Orleans.Silo.Api;
using Fraud.Orleans.Silo.Cards;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Fraud.Orleans.Silo.Hosting;

/// <summary>The operator's view of the champion and challenger models, and promotion across the cluster without a restart.</summary>
public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models", (ModelRoster models) =>
        {
            var lineup = models.Current;
            return Results.Ok(new { champion = lineup.Champion.Version, challenger = lineup.Challenger?.Version });
        }).RequireAuthorization(ApiRoles.Operator);

        // This silo's challenger becomes the champion on every active silo. By version, so a repeated or concurrent
        // promotion changes each silo once; it lasts until a silo restarts (swap the model paths in its configuration).
        app.MapPost("/v1/models/promote", async (ModelRoster models, IGrainFactory grains, CardHostLog log) =>
        {
            var lineup = models.Current;
            if (lineup.Challenger is not { } challenger)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    detail: $"no challenger to promote (Silo:{nameof(SiloOptions.ChallengerModelPath)} is not set); champion {lineup.Champion.Version}");
            }

            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            var silos = await Task.WhenAll(hosts.Keys.Select(silo => PromoteOnAsync(grains, silo, challenger.Version)));
            log.ModelPromoted(challenger.Version, string.Join(", ", silos.Select(s => $"{s.Silo} {s.Outcome}")));
            var body = new { champion = challenger.Version, silos };
            return silos.All(s => s.Outcome is PromotionOutcome.Promoted or PromotionOutcome.AlreadyChampion)
                ? Results.Ok(body)
                : Results.Problem(
                    statusCode: StatusCodes.Status502BadGateway,
                    detail: $"{challenger.Version} is not the champion on every silo; promote again once they are up, or fix their models",
                    extensions: new Dictionary<string, object?> { ["silos"] = silos });
        }).RequireAuthorization(ApiRoles.Operator);
        return app;
    }

    private static async Task<ModelPromotion> PromoteOnAsync(IGrainFactory grains, SiloAddress silo, string version)
    {
        var key = silo.ToParsableString();
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            return await grains.GetGrain<ISiloModelsGrain>(key).PromoteAsync(version);
        }
        catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException)
        {
            return new ModelPromotion(key, PromotionOutcome.Unreachable, string.Empty, null);
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }
}
