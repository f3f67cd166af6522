using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Fraud.Orleans.Silo.Labels;
using Fraud.Orleans.Silo.Reviews;
using Fraud.Orleans.Silo.Storage;
using Fraud.Orleans.Tests.Integration;
using Fraud.Orleans.Tests.Support;

namespace Fraud.Orleans.Tests.Labels;

/// <summary><c>model/table_labels.py</c>, which <c>fraud train --labels-from-table</c> uses, on the items the silo writes.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class TableLabelsTests(InfrastructureFixture fixture)
{
    private static readonly DateTimeOffset Labelled = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_training_reads_every_label_the_silo_wrote_and_lets_it_override_the_file()
    {
        var table = $"labels-{fixture.NewNames().Id}";
        using var client = DynamoDbClientFactory.Create(new DynamoDbOptions { ServiceUrl = fixture.Infrastructure.DynamoDb.ServiceUrl.ToString() });
        await DynamoDbTables.EnsureTableAsync(client, table, DynamoDbTables.TransactionIdAttribute, CancellationToken.None);

        // Enough items for a scan of several requests' worth of work; the file below holds three of their ids.
        var labels = Enumerable.Range(1, 1_200).Select(i => new ReviewLabel(i, $"card-{i % 40}", i % 17, 1_530_000_000_000 + i, i % 3 == 0, "analyst-1", Labelled)).ToList();
        labels.Add(new ReviewLabel(99_999_999, "card-x", 1, 1_530_000_000_000, true, "analyst-2", Labelled));
        foreach (var chunk in labels.Chunk(25))
        {
            await client.BatchWriteItemAsync(new BatchWriteItemRequest
            {
                RequestItems = new() { [table] = chunk.Select(l => new WriteRequest(new PutRequest(LabelItems.Of(l)))).ToList() },
            });
        }

        using var folder = new TempFolder("table-labels-");
        var output = Python.Run(TimeSpan.FromMinutes(2), "-c", Script, Path.Combine(RepositoryPaths.Root, "model"), fixture.Infrastructure.DynamoDb.ServiceUrl.ToString(), table);

        // 1,201 read; of a file holding ids 1..3 as genuine, two are overridden as labelled (3 is a fraud: 3 % 3 == 0),
        // 1 and 2 stay genuine, and the rest are not in the file.
        Assert.Equal("read 1201 fraud 401 | applied 3 changed 1 unknown 1198 | TX_FRAUD 0,0,1", output.Trim());
    }

    private const string Script = """
        import sys
        sys.path.insert(0, sys.argv[1])
        import pandas as pd
        import table_labels
        labels = table_labels.read_labels(sys.argv[2], sys.argv[3])
        df = pd.DataFrame({"TRANSACTION_ID": [1, 2, 3], "TX_FRAUD": pd.Series([0, 0, 0], dtype="int8")})
        applied, changed, unknown = table_labels.apply_labels(df, labels)
        print(f"read {len(labels)} fraud {sum(labels.values())} | applied {applied} changed {changed} unknown {unknown} | "
              f"TX_FRAUD {','.join(str(v) for v in df['TX_FRAUD'])}")
        """;
}
