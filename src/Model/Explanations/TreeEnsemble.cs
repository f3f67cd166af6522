using System.Buffers.Binary;

namespace Fraud.Orleans.Model.Explanations;

/// <summary>
/// The fraud model's trees as the explainer walks them: the <c>TreeEnsembleClassifier</c> of the ONNX file in the binary
/// layout <c>model/export_onnx.py</c> writes (classes [0, 1], every leaf weight on class 0, one base value, LOGISTIC:
/// P(fraud) = sigmoid(base + the leaves reached)), with each node's cover from metadata_props["node_covers"].
/// </summary>
internal sealed class TreeEnsemble
{
    /// <summary>The metadata entry with the covers: float32 little-endian, base64, one per nodes_* entry in that order.</summary>
    public const string CoversKey = "node_covers";

    // Far deeper than any boosted tree; a deeper path is a cycle, found before it exhausts the stack.
    private const int MaxSupportedDepth = 256;

    private TreeEnsemble(TreeNode[] nodes, int[] roots, double baseMargin, int featureCount, int maxDepth)
    {
        Nodes = nodes;
        Roots = roots;
        BaseMargin = baseMargin;
        FeatureCount = featureCount;
        MaxDepth = maxDepth;
        ExpectedMargin = baseMargin;
        foreach (var root in roots)
        {
            ExpectedMargin += nodes[root].Mean;
        }
    }

    public TreeNode[] Nodes { get; }

    /// <summary>Each tree's root, an index into <see cref="Nodes"/>.</summary>
    public int[] Roots { get; }

    public double BaseMargin { get; }

    /// <summary>The margin averaged over the training rows (by covers): where every explanation starts from.</summary>
    public double ExpectedMargin { get; }

    public int FeatureCount { get; }

    /// <summary>The most branches on a path from a root to a leaf.</summary>
    public int MaxDepth { get; }

    /// <summary>The ensemble of <paramref name="model"/> (an ONNX file's bytes); null when it carries no covers.</summary>
    /// <exception cref="InvalidDataException">The file is not a tree ensemble in the layout above, or its covers do not fit it.</exception>
    public static TreeEnsemble? Read(ReadOnlySpan<byte> model, int featureCount)
    {
        var attributes = OnnxTreeAttributes.Read(model);
        return attributes.Metadata.TryGetValue(CoversKey, out var covers) ? Build(attributes, Convert.FromBase64String(covers), featureCount) : null;
    }

    /// <summary>The margin (log-odds of fraud) of one row: what ONNX Runtime passes through the sigmoid.</summary>
    public double Margin(ReadOnlySpan<float> row)
    {
        var margin = BaseMargin;
        foreach (var root in Roots)
        {
            var node = root;
            while (!Nodes[node].IsLeaf)
            {
                node = Nodes[node].Next(row[Nodes[node].Feature]);
            }

            margin += Nodes[node].Value;
        }

        return margin;
    }

    private static TreeEnsemble Build(OnnxTreeAttributes a, byte[] coverBytes, int featureCount)
    {
        CheckBinaryLayout(a);
        var treeIds = a.IntsOf("nodes_treeids");
        var nodeIds = a.IntsOf("nodes_nodeids");
        var features = a.IntsOf("nodes_featureids");
        var thresholds = a.FloatsOf("nodes_values");
        var modes = a.StringsOf("nodes_modes");
        var trueIds = a.IntsOf("nodes_truenodeids");
        var falseIds = a.IntsOf("nodes_falsenodeids");
        var missingTrue = a.Ints.GetValueOrDefault("nodes_missing_value_tracks_true") ?? [];
        var count = treeIds.Count;
        if (nodeIds.Count != count || features.Count != count || thresholds.Count != count || modes.Count != count
            || trueIds.Count != count || falseIds.Count != count || (missingTrue.Count != 0 && missingTrue.Count != count))
        {
            throw new InvalidDataException("the nodes_* attributes differ in length");
        }

        if (coverBytes.Length != count * sizeof(float))
        {
            throw new InvalidDataException($"{CoversKey} holds {coverBytes.Length / sizeof(float)} covers for {count} nodes");
        }

        var index = new Dictionary<(long Tree, long Node), int>(count);
        var nodes = new TreeNode[count];
        for (var i = 0; i < count; i++)
        {
            if (!index.TryAdd((treeIds[i], nodeIds[i]), i))
            {
                throw new InvalidDataException($"tree {treeIds[i]} repeats node {nodeIds[i]}");
            }

            var cover = BinaryPrimitives.ReadSingleLittleEndian(coverBytes.AsSpan(i * sizeof(float)));
            if (!(cover > 0 && float.IsFinite(cover)))
            {
                throw new InvalidDataException($"tree {treeIds[i]} node {nodeIds[i]} has cover {cover}");
            }

            var leaf = modes[i] == "LEAF";
            if (!leaf && (features[i] < 0 || features[i] >= featureCount))
            {
                throw new InvalidDataException($"tree {treeIds[i]} node {nodeIds[i]} splits on column {features[i]} of {featureCount}");
            }

            nodes[i] = new TreeNode
            {
                Feature = leaf ? -1 : (int)features[i],
                Threshold = thresholds[i],
                Mode = leaf ? default : ModeOf(modes[i]),
                MissingTracksTrue = missingTrue.Count != 0 && missingTrue[i] != 0,
                Cover = cover,
            };
        }

        var children = new HashSet<int>();
        for (var i = 0; i < count; i++)
        {
            if (!nodes[i].IsLeaf)
            {
                nodes[i].TrueChild = Child(index, treeIds[i], trueIds[i]);
                nodes[i].FalseChild = Child(index, treeIds[i], falseIds[i]);
                children.Add(nodes[i].TrueChild);
                children.Add(nodes[i].FalseChild);
            }
        }

        AddLeafWeights(a, index, nodes);
        var roots = new List<int>();
        var trees = new HashSet<long>();
        for (var i = 0; i < count; i++)
        {
            if (!children.Contains(i))
            {
                roots.Add(i);
                if (!trees.Add(treeIds[i]))
                {
                    throw new InvalidDataException($"tree {treeIds[i]} has more than one root");
                }
            }
        }

        var maxDepth = 0;
        foreach (var root in roots)
        {
            maxDepth = Math.Max(maxDepth, FillMeans(nodes, root, 0, MaxSupportedDepth));
        }

        var baseValues = a.Floats.GetValueOrDefault("base_values") ?? [0f];
        return new TreeEnsemble(nodes, roots.ToArray(), baseValues[0], featureCount, maxDepth);
    }

    private static void CheckBinaryLayout(OnnxTreeAttributes a)
    {
        var labels = a.Ints.GetValueOrDefault("classlabels_int64s");
        var transform = a.Strings.GetValueOrDefault("post_transform")?.SingleOrDefault();
        if (labels is not [0, 1] || a.IntsOf("class_ids").Any(c => c != 0) || transform != "LOGISTIC"
            || a.Floats.GetValueOrDefault("base_values") is { Count: not 1 })
        {
            throw new InvalidDataException(
                "explanations need the binary layout of model/export_onnx.py: classlabels [0, 1], every weight on class 0, one base value, LOGISTIC");
        }
    }

    private static void AddLeafWeights(OnnxTreeAttributes a, Dictionary<(long, long), int> index, TreeNode[] nodes)
    {
        var trees = a.IntsOf("class_treeids");
        var ids = a.IntsOf("class_nodeids");
        var weights = a.FloatsOf("class_weights");
        if (ids.Count != trees.Count || weights.Count != trees.Count)
        {
            throw new InvalidDataException("the class_* attributes differ in length");
        }

        for (var i = 0; i < trees.Count; i++)
        {
            var node = index.TryGetValue((trees[i], ids[i]), out var at) && nodes[at].IsLeaf
                ? at
                : throw new InvalidDataException($"a class weight names tree {trees[i]} node {ids[i]}, not a leaf");
            nodes[node].Value += weights[i];
        }
    }

    /// <summary>Sets the cover-weighted mean under <paramref name="node"/>; returns the depth below it.</summary>
    private static int FillMeans(TreeNode[] nodes, int node, int depth, int limit)
    {
        ref var n = ref nodes[node];
        if (n.IsLeaf)
        {
            n.Mean = n.Value;
            return 0;
        }

        if (depth >= limit)
        {
            throw new InvalidDataException($"a tree is deeper than {MaxSupportedDepth} branches, or its branches form a cycle");
        }

        var below = 1 + Math.Max(FillMeans(nodes, n.TrueChild, depth + 1, limit), FillMeans(nodes, n.FalseChild, depth + 1, limit));
        ref var t = ref nodes[n.TrueChild];
        ref var f = ref nodes[n.FalseChild];

        // Over the node's own cover, as xgboost weighs it (not the children's sum, which float rounding can move).
        n.Mean = ((t.Mean * t.Cover) + (f.Mean * f.Cover)) / n.Cover;
        return below;
    }

    private static int Child(Dictionary<(long, long), int> index, long tree, long node) =>
        index.TryGetValue((tree, node), out var at) ? at : throw new InvalidDataException($"tree {tree} branches to missing node {node}");

    private static BranchMode ModeOf(string mode) => mode switch
    {
        "BRANCH_LT" => BranchMode.Less,
        "BRANCH_LEQ" => BranchMode.LessOrEqual,
        "BRANCH_GT" => BranchMode.Greater,
        "BRANCH_GTE" => BranchMode.GreaterOrEqual,
        "BRANCH_EQ" => BranchMode.Equal,
        "BRANCH_NEQ" => BranchMode.NotEqual,
        _ => throw new InvalidDataException($"unknown branch mode {mode}"),
    };
}
