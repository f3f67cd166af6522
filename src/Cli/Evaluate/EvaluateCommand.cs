using Fraud.Orleans.Cli.Scores;
using Fraud.Orleans.Simulator;

namespace Fraud.Orleans.Cli.Evaluate;

/// <summary>
/// <c>fraud evaluate</c>: AUC ROC, average precision and CP@k of a scores file over a window of whole days; for a file
/// with a challenger's scores (a replay with <c>--challenger</c>), of both models on the same signals.
/// </summary>
public static class EvaluateCommand
{
    public static int Run(CommandLine args)
    {
        var options = EvaluateOptions.Parse(args, out var errors);
        if (options is null)
        {
            foreach (var error in errors)
            {
                Console.Error.WriteLine($"fraud evaluate: {error}");
            }

            Console.Error.WriteLine(EvaluateOptions.Usage);
            return 2;
        }

        var scores = ScoresCsvReader.Read(options.Scores);
        var history = HandbookCsv.Read(options.Labels).ToList();
        var report = WindowEvaluation.Evaluate(history, scores, options);
        report.Print(Console.Out);
        EvaluationReport? challenger = null;
        if (scores.Count > 0 && scores.Values.All(s => s.ChallengerScore is not null))
        {
            var shadow = scores.ToDictionary(s => s.Key, s => s.Value with { Score = s.Value.ChallengerScore!.Value });
            challenger = WindowEvaluation.Evaluate(history, shadow, options);
            report.PrintChallenger(challenger, Console.Out);
        }

        if (options.Json is not null)
        {
            File.WriteAllText(options.Json, report.ToJson(challenger));
            Console.WriteLine($"  written to {options.Json}");
        }

        return 0;
    }
}
