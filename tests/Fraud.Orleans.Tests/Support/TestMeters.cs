using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Fraud.Orleans.Tests.Support;

/// <summary>Meters for a part built without a host, as the host's own factory would make them.</summary>
public static class TestMeters
{
    public static IMeterFactory NewFactory() => new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
}
