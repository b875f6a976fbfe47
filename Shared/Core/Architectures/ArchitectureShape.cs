namespace Crossfold.Core.Architectures;

/// <summary>One layer of an architecture as the builder will make it: its shapes, parameters and cost per image.</summary>
/// <param name="Number">1-based position in the architecture's layer list (the classifier comes last).</param>
/// <param name="Text">The layer as people read it, e.g. "Conv 32 (3x3, same)".</param>
/// <param name="Input">What the layer receives, per image.</param>
/// <param name="Output">What it produces, per image.</param>
/// <param name="Parameters">Its trainable parameters (weights, biases, batch-norm scales and shifts).</param>
/// <param name="Flops">Its forward FLOPs per image, a multiply-add counting 2 (see <see cref="ShapeInference"/>).</param>
/// <param name="NonTrainableParameters">What Keras counts as non-trainable parameters: batch-norm moving means and variances, 2 per channel.</param>
public sealed record LayerShape(int Number, string Text, TensorShape Input, TensorShape Output, long Parameters, long Flops, long NonTrainableParameters = 0);

/// <summary>
/// What <see cref="ShapeInference"/> found for an architecture: every layer, the appended classifier
/// last, and the totals: parameters counted as Keras's summary prints them (total, trainable,
/// non-trainable), and forward FLOPs per image.
/// </summary>
public sealed record ArchitectureShape(string Name, TensorShape Input, IReadOnlyList<LayerShape> Layers)
{
    /// <summary>The Dense layer the builder appends: one output per class.</summary>
    public LayerShape Classifier => Layers[^1];

    /// <summary>Keras's "Trainable params": what the optimizer updates.</summary>
    public long TrainableParameters => Layers.Sum(l => l.Parameters);

    /// <summary>Keras's "Non-trainable params": batch-norm moving statistics.</summary>
    public long NonTrainableParameters => Layers.Sum(l => l.NonTrainableParameters);

    /// <summary>Keras's "Total params": trainable and non-trainable.</summary>
    public long TotalParameters => checked(TrainableParameters + NonTrainableParameters);
    public long TotalFlops => Layers.Sum(l => l.Flops);
    public TensorShape Output => Classifier.Output;
}
