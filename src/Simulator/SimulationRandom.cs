namespace Fraud.Orleans.Simulator;

/// <summary>
/// A seeded generator with the draws the simulator needs (Box–Muller normals, Poisson counts), built on
/// <see cref="Random(int)"/>, whose seeded sequence is stable across .NET versions.
/// </summary>
internal sealed class SimulationRandom(int seed)
{
    private readonly Random _random = new(seed);
    private double _spareNormal;
    private bool _hasSpareNormal;

    /// <summary>A seed for the generator of one (stream, index) pair, derived from the run's seed (SplitMix64 finaliser).</summary>
    public static int DeriveSeed(int seed, int stream, int index)
    {
        unchecked
        {
            var z = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)stream << 24) ^ (uint)index;
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & 0x7FFFFFFF);
        }
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => _random.NextDouble();

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + ((max - min) * _random.NextDouble());

    /// <summary>Uniform integer in [0, maxExclusive).</summary>
    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    /// <summary>Normal draw (Box–Muller, the second value of each pair kept for the next call).</summary>
    public double Normal(double mean, double std)
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return mean + (std * _spareNormal);
        }

        var u1 = 1.0 - _random.NextDouble(); // (0, 1]: the logarithm stays finite
        var u2 = _random.NextDouble();
        var magnitude = Math.Sqrt(-2.0 * Math.Log(u1));
        var angle = 2.0 * Math.PI * u2;
        _spareNormal = magnitude * Math.Sin(angle);
        _hasSpareNormal = true;
        return mean + (std * magnitude * Math.Cos(angle));
    }

    /// <summary>Poisson draw (Knuth's product of uniforms, by chunks of at most 30 for large means).</summary>
    public int Poisson(double mean)
    {
        var count = 0;
        while (mean > 30)
        {
            count += PoissonSmall(30);
            mean -= 30;
        }

        return count + PoissonSmall(mean);
    }

    private int PoissonSmall(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        var product = _random.NextDouble();
        while (product > limit)
        {
            k++;
            product *= _random.NextDouble();
        }

        return k;
    }
}
