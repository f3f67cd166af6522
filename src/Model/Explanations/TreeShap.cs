using System.Runtime.InteropServices;

namespace Fraud.Orleans.Model.Explanations;

/// <summary>
/// Exact TreeSHAP, path-dependent (Lundberg, Erion and Lee, "Consistent individualized feature attribution for tree
/// ensembles", 2018, Algorithm 2): each feature's Shapley value for one row's margin, with the features absent from a
/// coalition integrated out along the trees by the training covers. The values are what xgboost's
/// <c>predict(pred_contribs=True)</c> computes; with <see cref="TreeEnsemble.ExpectedMargin"/> they sum to the margin.
/// Polynomial: per tree, O(leaves x depth²). Allocation-free: the paths live in a stack buffer.
/// </summary>
internal static class TreeShap
{
    // 1/k for the path positions: the leaves' sums run for every element of every path, and a multiplication is several
    // times cheaper than the division it replaces. Paths are at most TreeEnsemble's depth limit long.
    private static readonly double[] Reciprocals = Enumerable.Range(0, 260).Select(k => k == 0 ? 0 : 1.0 / k).ToArray();

    /// <summary>
    /// Adds each input column's contribution for <paramref name="row"/> to <paramref name="contributions"/> (one per column,
    /// cleared first) and returns the row's margin.
    /// </summary>
    public static double Explain(TreeEnsemble trees, ReadOnlySpan<float> row, Span<double> contributions)
    {
        if (row.Length != trees.FeatureCount || contributions.Length != trees.FeatureCount)
        {
            throw new ArgumentException($"Expected {trees.FeatureCount} features and as many contributions, got {row.Length} and {contributions.Length}.");
        }

        contributions.Clear();

        // A node's path holds at most one element per level above it plus the root's; each level copies its parent's.
        var levels = trees.MaxDepth + 2;
        Span<PathElement> paths = levels <= 16
            ? stackalloc PathElement[levels * (levels + 1) / 2]
            : new PathElement[levels * (levels + 1) / 2];
        var state = new Walk(trees.Nodes, row, contributions);
        foreach (var root in trees.Roots)
        {
            state.Recurse(root, paths, 0, 1, 1, -1);
        }

        return trees.Margin(row);
    }

    /// <summary>One element of a path: a feature split on above the node, and the fractions of paths that keep going.</summary>
    [StructLayout(LayoutKind.Auto)]
    private struct PathElement
    {
        public int Feature;

        /// <summary>Share of the training cover that follows this path when the feature is absent from the coalition.</summary>
        public double Zero;

        /// <summary>1 when the row itself follows this path (the feature present), else 0.</summary>
        public double One;

        /// <summary>The proportion of coalitions of each size, for the Shapley weighting.</summary>
        public double Weight;
    }

    private readonly ref struct Walk(TreeNode[] nodes, ReadOnlySpan<float> row, Span<double> contributions)
    {
        private readonly TreeNode[] _nodes = nodes;
        private readonly ReadOnlySpan<float> _row = row;
        private readonly Span<double> _contributions = contributions;

        /// <param name="node">The node reached.</param>
        /// <param name="path">Its parent's path in the first <paramref name="length"/> elements, a copy this call owns; the rest is scratch for the children.</param>
        /// <param name="length">Elements of the parent's path.</param>
        /// <param name="zero">Fraction of the parent's cover flowing here.</param>
        /// <param name="one">1 if the row goes here from the parent, else 0.</param>
        /// <param name="feature">The parent's split feature (-1 at the root).</param>
        public void Recurse(int node, Span<PathElement> path, int length, double zero, double one, int feature)
        {
            Extend(path, length, zero, one, feature);
            var last = length; // the path is elements 0..last; element 0 is the root's placeholder
            ref readonly var n = ref _nodes[node];
            if (n.IsLeaf)
            {
                for (var i = 1; i <= last; i++)
                {
                    var weight = UnwoundSum(path, last, i);
                    _contributions[path[i].Feature] += weight * (path[i].One - path[i].Zero) * n.Value;
                }

                return;
            }

            var hot = n.Next(_row[n.Feature]);
            var cold = hot == n.TrueChild ? n.FalseChild : n.TrueChild;

            // A feature split on again higher up: undo its earlier element, and carry its fractions into this split.
            var incomingZero = 1.0;
            var incomingOne = 1.0;
            for (var k = 1; k <= last; k++)
            {
                if (path[k].Feature == n.Feature)
                {
                    incomingZero = path[k].Zero;
                    incomingOne = path[k].One;
                    Unwind(path, last, k);
                    last--;
                    break;
                }
            }

            var kept = path[..(last + 1)];
            var child = path[(last + 1)..];
            kept.CopyTo(child);
            Recurse(hot, child, last + 1, _nodes[hot].Cover / n.Cover * incomingZero, incomingOne, n.Feature);
            kept.CopyTo(child);
            Recurse(cold, child, last + 1, _nodes[cold].Cover / n.Cover * incomingZero, 0, n.Feature);
        }

        /// <summary>Grows the path by one element at <paramref name="at"/>, updating every element's coalition weight.</summary>
        private static void Extend(Span<PathElement> path, int at, double zero, double one, int feature)
        {
            path[at] = new PathElement { Feature = feature, Zero = zero, One = one, Weight = at == 0 ? 1 : 0 };
            var size = at + 1.0;
            for (var i = at - 1; i >= 0; i--)
            {
                path[i + 1].Weight += one * path[i].Weight * (i + 1) / size;
                path[i].Weight = zero * path[i].Weight * (at - i) / size;
            }
        }

        /// <summary>Removes element <paramref name="index"/> from the path 0..<paramref name="last"/>: Extend undone.</summary>
        private static void Unwind(Span<PathElement> path, int last, int index)
        {
            var one = path[index].One;
            var zero = path[index].Zero;
            var size = last + 1.0;
            var next = path[last].Weight;
            for (var j = last - 1; j >= 0; j--)
            {
                if (one != 0)
                {
                    var kept = path[j].Weight;
                    path[j].Weight = next * size / ((j + 1) * one);
                    next = kept - (path[j].Weight * zero * (last - j) / size);
                }
                else
                {
                    path[j].Weight = path[j].Weight * size / (zero * (last - j));
                }
            }

            for (var j = index; j < last; j++)
            {
                path[j].Feature = path[j + 1].Feature;
                path[j].Zero = path[j + 1].Zero;
                path[j].One = path[j + 1].One;
            }
        }

        /// <summary>The total weight the path would have without element <paramref name="index"/>, the path left as it is.</summary>
        private static double UnwoundSum(Span<PathElement> path, int last, int index)
        {
            var one = path[index].One;
            var zero = path[index].Zero;
            var size = last + 1.0;
            var total = 0.0;
            if (one != 0)
            {
                var next = path[last].Weight;
                var scale = size / one;
                var zeroShare = zero / size;
                for (var j = last - 1; j >= 0; j--)
                {
                    var share = next * scale * Reciprocals[j + 1];
                    total += share;
                    next = path[j].Weight - (share * zeroShare * (last - j));
                }
            }
            else
            {
                var scale = size / zero;
                for (var j = last - 1; j >= 0; j--)
                {
                    total += path[j].Weight * scale * Reciprocals[last - j];
                }
            }

            return total;
        }
    }
}
