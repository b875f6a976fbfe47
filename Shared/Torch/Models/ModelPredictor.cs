using Crossfold.Core.Data;
using Crossfold.Core.Results;
using Crossfold.Core.Training;
using Crossfold.Core;
using Crossfold.Torch.Training;
using static TorchSharp.torch;

namespace Crossfold.Torch.Models;

/// <summary>A model file's network, loaded and ready to classify images of the size it was trained on.</summary>
public sealed class ModelPredictor : IDisposable
{
    readonly TrainingSession _session;

    public ModelPredictor(ModelFile model, Device device)
    {
        Model = model;
        // A session without training: the seed only shapes initial weights, which the file's replace.
        _session = new TrainingSession(model.Architecture, model.Training, 0, device, model.Channels, model.Height, model.Width, model.Classes);
        _session.LoadWeights(model.Weights);
    }

    public ModelFile Model { get; }

    /// <summary>Class probabilities for every image, <c>Count</c> x classes, row-major; the images must have the model's size.</summary>
    public float[] Predict(ImageArray images, string source)
    {
        if (images.Height != Model.Height || images.Width != Model.Width)
            throw new InputException($"{source}: images are {images.Height}x{images.Width}, the model expects {Model.Height}x{Model.Width}");
        if (images.Channels != Model.Channels)
            throw new InputException($"{source}: images have {images.Channels} channel(s), the model expects {Model.Channels}");
        return _session.PredictProbabilities(new ImageSet(images.Pixels, new byte[images.Count], images.Height, images.Width, images.Channels));
    }

    public void Dispose() => _session.Dispose();
}
