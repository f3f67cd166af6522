using System.Text.Json.Nodes;
using Fraud.Orleans.Model;
using Fraud.Orleans.Silo.Hosting;
using Fraud.Orleans.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Fraud.Orleans.Tests.Model;

/// <summary>
/// The shipped configuration scores the model the champion replaced in shadow beside it (issue 14), and an empty
/// challenger path, as the bench, the replay and the tests set it, turns the shadow off.
/// </summary>
public sealed class ShippedLineupTests
{
    [Fact]
    public void By_default_the_champion_is_the_newer_model_and_the_one_it_replaced_is_the_challenger()
    {
        var config = SiloConfiguration.Bind(new ConfigurationBuilder().Build());
        Assert.Empty(config.Silo.Validate());
        Assert.Equal(Path.GetFullPath(RepositoryPaths.ModelPath), Path.GetFullPath(config.Silo.ModelPath));

        var champion = ModelMetadata.Load(Path.ChangeExtension(config.Silo.ModelPath, ".json"));
        var challenger = ModelMetadata.Load(Path.ChangeExtension(config.Silo.ChallengerModelPath, ".json"));
        Assert.NotEqual(champion.ModelVersion, challenger.ModelVersion);
        Assert.Equal(champion.Features, challenger.Features);
        Assert.True(
            TrainedTo(config.Silo.ChallengerModelPath) < TrainedTo(config.Silo.ModelPath),
            $"the challenger ({challenger.ModelVersion}) should be the older model, the champion {champion.ModelVersion}");
    }

    [Fact]
    public void The_silos_appsettings_name_the_same_lineup_as_the_defaults()
    {
        var settings = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryPaths.Root, "src", "Silo", "appsettings.json")).Build();
        var defaults = new SiloOptions();
        Assert.Equal(defaults.ModelPath, settings["Silo:ModelPath"]);
        Assert.Equal(defaults.ChallengerModelPath, settings["Silo:ChallengerModelPath"]);
    }

    [Fact]
    public void An_empty_challenger_path_turns_the_shadow_off()
    {
        var config = SiloConfiguration.Bind(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Silo:ChallengerModelPath"] = "" })
            .Build());
        Assert.Equal("", config.Silo.ChallengerModelPath);
        Assert.Empty(config.Silo.Validate());
    }

    private static DateOnly TrainedTo(string onnxPath) =>
        DateOnly.Parse(
            JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(onnxPath, ".json")))!["trained"]!["train_to"]!.GetValue<string>(),
            System.Globalization.CultureInfo.InvariantCulture);
}
