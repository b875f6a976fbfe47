using Crossfold.Core.Architectures;
using Crossfold.Core.Training;
using Crossfold.Tests.Support;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;
using static TorchSharp.torch;

namespace Crossfold.Tests.Training;

/// <summary>Training really learns: LeNet-5 on a few thousand noisy digits beats chance by far on digits it never saw.</summary>
public class TrainingAccuracyTests
{
    [Fact]
    public void LeNet_on_6000_noisy_digits_classifies_held_out_digits_far_above_chance()
    {
        Devices.UseThreads(1);
        var train = NoisyMnist.Range(0, 6000);
        var heldOut = NoisyMnist.Range(8000, 2000);
        using var session = new TrainingSession(Presets.Get("seed-cnn-2"), new TrainingSettings(Epochs: 5), seed: 1, CPU, 1, 28, 28);

        var history = session.Fit(train, heldOut, null);
        var evaluation = session.Evaluate(heldOut);

        Assert.Equal(5, history.Count);
        Assert.True(evaluation.Accuracy > 0.80, $"held-out accuracy {evaluation.Accuracy:P1}, expected above 80 % (chance is 10 %)");
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss, "training loss did not fall");
        Assert.Equal(2000, evaluation.Count);
        Assert.Equal(evaluation.Accuracy, Enumerable.Range(0, 10).Sum(d => evaluation[d, d]) / 2000.0);
        // Fit's last epoch evaluated the same network on the same images.
        Assert.Equal(history[^1].ValidationLoss, evaluation.Loss);
        Assert.Equal(history[^1].ValidationAccuracy, evaluation.Accuracy);
    }

    [Fact]
    public void Predicted_probabilities_sum_to_one_and_agree_with_the_evaluation()
    {
        Devices.UseThreads(1);
        var train = NoisyMnist.Range(0, 1000);
        var heldOut = NoisyMnist.Range(8000, 500);
        using var session = new TrainingSession(Presets.Get("seed-cnn-2"), new TrainingSettings(Epochs: 1), seed: 1, CPU, 1, 28, 28);
        session.Fit(train, heldOut, null);

        var probabilities = session.PredictProbabilities(heldOut);
        var evaluation = session.Evaluate(heldOut);

        Assert.Equal(500 * 10, probabilities.Length);
        int correct = 0;
        for (int i = 0; i < 500; i++)
        {
            var row = probabilities.AsSpan(i * 10, 10);
            double sum = 0;
            int best = 0;
            for (int c = 0; c < 10; c++) { sum += row[c]; if (row[c] > row[best]) best = c; }
            Assert.Equal(1.0, sum, 1e-5);
            if (best == heldOut.Labels[i]) correct++;
        }
        Assert.Equal(evaluation.Accuracy, correct / 500.0);
    }

    [Fact]
    public void Predicted_classes_score_as_the_evaluation_does_and_their_probability_is_the_softmax_of_that_class()
    {
        Devices.UseThreads(1);
        var train = NoisyMnist.Range(0, 1000);
        var heldOut = NoisyMnist.Range(8000, 1500); // more than one evaluation batch
        using var session = new TrainingSession(Presets.Get("seed-cnn-2"), new TrainingSettings(Epochs: 1), seed: 1, CPU, 1, 28, 28);
        session.Fit(train, null, null);

        var (predicted, probability) = session.PredictClasses(heldOut);
        var evaluation = session.Evaluate(heldOut);
        var probabilities = session.PredictProbabilities(heldOut);

        Assert.Equal(1500, predicted.Length);
        int correct = Enumerable.Range(0, 1500).Count(i => predicted[i] == heldOut.Labels[i]);
        Assert.Equal(evaluation.Accuracy, correct / 1500.0);
        Assert.InRange(correct, 1, 1499); // both right and wrong images, so the comparison means something
        for (int i = 0; i < 1500; i++)
        {
            var row = probabilities.AsSpan(i * 10, 10);
            Assert.Equal(row[predicted[i]], probability[i], 1e-6f);
            Assert.True(probability[i] >= row.ToArray().Max() - 1e-6f, $"image {i}: predicted class {predicted[i]} is not the most probable");
        }
    }
}
