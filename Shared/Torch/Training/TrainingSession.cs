using Crossfold.Core.Architectures;
using Crossfold.Core.Randomness;
using Crossfold.Core.Training;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Torch.Training;

/// <summary>
/// One network and its optimizer on one device: trains it on a fold, evaluates it, predicts with it.
/// Every random choice (initial weights, batch order, dropout masks, shifts) derives from the seed
/// given here and nothing else, so the same seed gives the same metrics on the CPU whichever process
/// or thread runs it. Not thread-safe: one session belongs to one training thread.
/// </summary>
public sealed class TrainingSession : IDisposable
{
    const int EvaluationBatch = 1000;

    readonly TrainingSettings _settings;
    readonly ulong _seed;
    readonly Generator _dropoutGenerator;
    readonly TrainingOptimizer _optimizer;

    /// <summary>A new network for <paramref name="channels"/> x <paramref name="height"/> x <paramref name="width"/> images and <paramref name="classes"/> classes.</summary>
    public TrainingSession(ArchitectureSpec architecture, TrainingSettings settings, ulong seed, Device device, int channels, int height, int width, int classes = 10)
    {
        CpuAllocator.KeepFreedMemory();
        _settings = settings;
        _seed = seed;
        Device = device;
        Architecture = architecture;
        Channels = channels; Height = height; Width = width; Classes = classes;
        _dropoutGenerator = new Generator(CounterRandom.Derive(seed, "dropout"), device);
        Network = ModelBuilder.Build(architecture, channels, height, width, classes, CounterRandom.Derive(seed, "init"), _dropoutGenerator,
            new BatchNormSettings(settings.KerasBatchNormMomentum, settings.BatchNormEpsilonValue));
        Network.to(device);
        _optimizer = TrainingOptimizer.For(settings, Network.parameters());
    }

    public ArchitectureSpec Architecture { get; }
    public nn.Module<Tensor, Tensor> Network { get; }
    public Device Device { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int Classes { get; }

    /// <summary>The epoch (1-based) with the lowest validation loss seen by <see cref="Fit"/>; its last epoch when it had no validation set.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>
    /// Trains for the configured epochs, reporting each epoch to <paramref name="onEpoch"/>. Only
    /// <paramref name="validation"/> (carved out of the training part; null for none) chooses anything:
    /// with early stopping, training stops after the patience runs out on its loss, and with
    /// restore-best-weights the network ends with the weights of its best epoch. <paramref name="test"/>
    /// (the fold's test part; null for none) is evaluated after every epoch for learning curves only:
    /// nothing in training reads it. Cancellation is checked between batches.
    /// </summary>
    public IReadOnlyList<EpochMetrics> Fit(ImageSet train, ImageSet? validation, ImageSet? test, Action<EpochMetrics>? onEpoch = null, CancellationToken cancel = default)
    {
        using var images = ToDevice(train, out var labels);
        using var labelsOwner = labels;
        // Copied once, not once per epoch: both are evaluated after every epoch.
        using var validationSet = validation is null ? null : new DeviceSet(this, validation);
        using var testSet = test is null ? null : new DeviceSet(this, test);
        var history = new List<EpochMetrics>();
        var stopping = new EarlyStopping(_settings.EarlyStoppingPatience);
        bool stopsEarly = validationSet is not null && _settings.EarlyStoppingPatience > 0;
        var none = new Evaluation(double.NaN, double.NaN, Array.Empty<int>(), Classes);
        Dictionary<string, Tensor>? best = null;
        try
        {
            for (int epoch = 1; epoch <= _settings.Epochs; epoch++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var (trainLoss, trainAccuracy) = TrainEpoch(images, labels, epoch, cancel);
                double trainSeconds = clock.Elapsed.TotalSeconds;
                var check = validationSet?.Evaluate() ?? none;
                // What this epoch scores on the test part is recorded, never compared with anything.
                var score = testSet?.Evaluate() ?? none;
                var metrics = new EpochMetrics(epoch, trainLoss, trainAccuracy, score.Loss, score.Accuracy,
                    clock.Elapsed.TotalSeconds, train.Count / Math.Max(trainSeconds, 1e-9), check.Loss, check.Accuracy);
                history.Add(metrics);
                if (validationSet is not null && stopping.Improved(epoch, check.Loss) && stopsEarly && _settings.RestoreBestWeights)
                    best = Snapshot(best);
                onEpoch?.Invoke(metrics);
                if (stopsEarly && stopping.ShouldStop(epoch)) break;
            }
            BestEpoch = validationSet is null ? history.Count : stopping.BestEpoch;
            if (best is not null) Network.load_state_dict(best);
        }
        finally
        {
            if (best is not null) foreach (var t in best.Values) t.Dispose();
        }
        return history;
    }

    /// <summary>Images and labels copied to the device once, evaluated (without the confusion matrix) as often as needed.</summary>
    sealed class DeviceSet : IDisposable
    {
        readonly TrainingSession _session;
        readonly Tensor _images, _labels;
        readonly byte[] _truth;

        public DeviceSet(TrainingSession session, ImageSet data)
        {
            _session = session;
            _images = session.ToDevice(data, out _labels);
            _truth = data.Labels;
        }

        public Evaluation Evaluate() => _session.Evaluate(_images, _labels, _truth, withConfusion: false);

        public void Dispose()
        {
            _images.Dispose();
            _labels.Dispose();
        }
    }

    /// <summary>Accuracy, mean cross-entropy loss and (optionally) the confusion matrix on <paramref name="data"/>.</summary>
    public Evaluation Evaluate(ImageSet data, bool withConfusion = true)
    {
        using var images = ToDevice(data, out var labels);
        using var labelsOwner = labels;
        return Evaluate(images, labels, data.Labels, withConfusion);
    }

    /// <summary>Evaluation of images already on the device, a batch at a time (views, no copies); <paramref name="truth"/> are the labels on the host.</summary>
    Evaluation Evaluate(Tensor images, Tensor labels, byte[] truth, bool withConfusion)
    {
        Network.eval();
        var confusion = new int[Classes * Classes];
        double lossSum = 0;
        int correct = 0;
        using var noGrad = no_grad();
        for (int start = 0; start < truth.Length; start += EvaluationBatch)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(EvaluationBatch, truth.Length - start);
            var x = images.narrow(0, start, n);
            var y = labels.narrow(0, start, n);
            var logits = Network.call(x);
            lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).cpu().item<float>();
            var predicted = logits.argmax(1).cpu().data<long>().ToArray();
            var actual = truth.AsSpan(start, n);
            if (withConfusion) correct += ConfusionMatrix.Add(confusion, Classes, actual, predicted);
            else for (int i = 0; i < n; i++) if (predicted[i] == actual[i]) correct++;
        }
        int count = Math.Max(truth.Length, 1);
        return new Evaluation(correct / (double)count, lossSum / count, confusion, Classes);
    }

    /// <summary>
    /// Each image's predicted class (the logits' argmax, as <see cref="Evaluate(ImageSet, bool)"/> counts it) and that
    /// class's softmax probability: what the error gallery ranks mistakes by.
    /// </summary>
    public (int[] Predicted, float[] Probability) PredictClasses(ImageSet data)
    {
        Network.eval();
        var predicted = new int[data.Count];
        var probability = new float[data.Count];
        using var noGrad = no_grad();
        for (int start = 0; start < data.Count; start += EvaluationBatch)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(EvaluationBatch, data.Count - start);
            var logits = Network.call(Slice(data, start, n));
            var classes = logits.argmax(1, keepdim: true);
            var chosen = nn.functional.softmax(logits, 1).gather(1, classes).cpu().data<float>();
            var labels = classes.cpu().data<long>();
            for (int i = 0; i < n; i++)
            {
                predicted[start + i] = (int)labels[i];
                probability[start + i] = chosen[i];
            }
        }
        return (predicted, probability);
    }

    /// <summary>The network's weights (and batch-norm statistics) in TorchSharp's format, for a model file.</summary>
    public byte[] SaveWeights()
    {
        using var stream = new MemoryStream();
        Network.save(stream);
        return stream.ToArray();
    }

    /// <summary>SHA-256 (lowercase hex) of <see cref="SaveWeights"/>: equal for bit-identical networks.</summary>
    public string WeightsSha256() => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(SaveWeights()));

    /// <summary>Replaces the network's weights with ones <see cref="SaveWeights"/> produced for the same architecture.</summary>
    public void LoadWeights(byte[] weights)
    {
        using var stream = new MemoryStream(weights);
        Network.load(stream);
    }

    /// <summary>Class probabilities, <c>Count</c> x <see cref="Classes"/>, row-major.</summary>
    public float[] PredictProbabilities(ImageSet data)
    {
        Network.eval();
        var result = new float[data.Count * Classes];
        using var noGrad = no_grad();
        for (int start = 0; start < data.Count; start += EvaluationBatch)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(EvaluationBatch, data.Count - start);
            var p = nn.functional.softmax(Network.call(Slice(data, start, n)), 1).cpu();
            p.data<float>().CopyTo(result, start * Classes);
        }
        return result;
    }

    (double Loss, double Accuracy) TrainEpoch(Tensor images, Tensor labels, int epoch, CancellationToken cancel)
    {
        Network.train();
        int n = (int)labels.shape[0];
        var order = CounterRandom.Permutation(n, CounterRandom.Derive(_seed, "shuffle", (ulong)epoch));
        using var orderTensor = tensor(order.Select(i => (long)i).ToArray(), device: Device);
        // Sums stay on the device: reading them back per batch would stall a GPU.
        using var lossSum = zeros(1, dtype: ScalarType.Float64, device: Device);
        using var correct = zeros(1, dtype: ScalarType.Int64, device: Device);
        int batches = (n + _settings.BatchSize - 1) / _settings.BatchSize;
        for (int start = 0; start < n; start += _settings.BatchSize)
        {
            cancel.ThrowIfCancellationRequested();
            _optimizer.LearningRateScale = LearningRateSchedule.Factor(_settings, epoch, start / _settings.BatchSize, batches);
            using var scope = NewDisposeScope();
            int size = Math.Min(_settings.BatchSize, n - start);
            var index = orderTensor.narrow(0, start, size);
            var x = images.index_select(0, index);
            var y = labels.index_select(0, index);
            if (_settings.Warps) x = Warp.Apply(x, _settings, CounterRandom.Derive(_seed, "warp", (ulong)epoch, (ulong)start));
            if (_settings.AugmentShift > 0) x = Augmentation.Shift(x, _settings.AugmentShift, CounterRandom.Derive(_seed, "shift", (ulong)epoch, (ulong)start));
            if (_settings.AugmentCutout > 0) x = Augmentation.Cutout(x, _settings.AugmentCutout, CounterRandom.Derive(_seed, "cutout", (ulong)epoch, (ulong)start));
            Tensor? partnerLabels = null;
            double lambda = 1;
            if (_settings.Mixup > 0 || _settings.CutMix > 0)
            {
                (x, var partners, lambda) = Augmentation.Mix(x, _settings.Mixup, _settings.CutMix, CounterRandom.Derive(_seed, "mix", (ulong)epoch, (ulong)start));
                partnerLabels = y.index_select(0, tensor(partners, device: Device));
            }
            _optimizer.ZeroGrad();
            Tensor logits, loss;
            // Autocast covers the forward pass only, as in PyTorch: backward follows the dtypes it recorded.
            using (_settings.Precision == TrainingPrecision.BFloat16 ? Autocast.BFloat16(Device) : null)
            {
                logits = Network.call(x);
                // Label smoothing shapes the training loss only; every evaluation (validation, test) stays plain cross-entropy.
                loss = nn.functional.cross_entropy(logits, y, label_smoothing: _settings.LabelSmoothing);
                // A mixed batch's soft labels: its own labels with weight λ, its partners' with 1 - λ.
                if (partnerLabels is not null)
                {
                    using var own = lambda.ToScalar();
                    using var other = (1 - lambda).ToScalar();
                    loss = loss.mul(own).add(nn.functional.cross_entropy(logits, partnerLabels, label_smoothing: _settings.LabelSmoothing).mul(other));
                }
            }
            loss.backward();
            _optimizer.Step();
            using (no_grad())
            {
                // An explicit Scalar, held for the call: see TrainingOptimizer on implicit ones.
                using var batchSize = size.ToScalar();
                lossSum.add_(loss.detach().to(ScalarType.Float64), batchSize);
                correct.add_(logits.argmax(1).eq(y).sum());
            }
        }
        // item reads from any device; cpu() would return one more handle to dispose.
        return (lossSum.item<double>() / n, correct.item<long>() / (double)n);
    }

    Tensor ToDevice(ImageSet data, out Tensor labels)
    {
        long[] shape = Shape(data, data.Count);
        labels = tensor(data.Labels.Select(b => (long)b).ToArray(), device: Device);
        return tensor(data.Pixels, shape, device: Device);
    }

    Tensor Slice(ImageSet data, int start, int count)
    {
        int pixels = data.PixelsPerImage;
        return tensor(data.Pixels.AsSpan(start * pixels, count * pixels).ToArray(), Shape(data, count), device: Device);
    }

    /// <summary>(N, C, H, W) of <paramref name="count"/> images of <paramref name="data"/>, which must be the size this network was built for.</summary>
    long[] Shape(ImageSet data, int count) => (data.Channels, data.Height, data.Width) == (Channels, Height, Width)
        ? new long[] { count, data.Channels, data.Height, data.Width }
        : throw new ArgumentException($"images of {data.Channels}x{data.Height}x{data.Width}, but the network takes {Channels}x{Height}x{Width}", nameof(data));

    Dictionary<string, Tensor> Snapshot(Dictionary<string, Tensor>? previous)
    {
        if (previous is not null) foreach (var t in previous.Values) t.Dispose();
        using var noGrad = no_grad();
        return Network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone().DetachFromDisposeScope());
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        Network.Dispose();
        _dropoutGenerator.Dispose();
    }
}
