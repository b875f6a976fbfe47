using Crossfold.Core.Architectures;
using Crossfold.Core.Training;
using Crossfold.Tests.Support;
using Crossfold.Torch.Models;
using Crossfold.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Crossfold.Tests.Training;

/// <summary>
/// A fold leaves no tensor behind: TorchSharp counts the live tensors each thread created
/// (<see cref="DisposeScopeManager.Statistics"/>), and after a session is disposed the count is back
/// where it started. Per-thread counts keep other tests, running in parallel, out of the sum.
/// </summary>
public class TensorLeakTests
{
    static long Live => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;

    [Fact]
    public void Fit_evaluate_and_predict_leave_no_live_tensor_after_dispose()
    {
        Devices.UseThreads(1);
        var train = NoisyMnist.Range(0, 500);
        var validation = NoisyMnist.Range(9000, 300);
        // Convolutions with batch norm have no bias. TorchSharp 0.107's Conv2d constructor itself leaves one
        // handle of its bias initialisation to the finalizer, which would show here as one tensor per biased conv.
        var architecture = ArchitectureFamilies.Cnn("leak-cnn", [8], batchNorm: true, dense: [32], dropout: 0.3);
        var settings = new TrainingSettings(Epochs: 3, BatchSize: 50, EarlyStoppingPatience: 1, RestoreBestWeights: true, AugmentShift: 2);
        long before = Live;

        long parameters;
        using (var session = new TrainingSession(architecture, settings, seed: 1, CPU, 1, 28, 28))
        {
            parameters = session.Network.state_dict().Count;
            long built = Live;
            session.Fit(train, validation, null);
            session.Evaluate(validation);
            session.PredictProbabilities(validation);
            // While the session lives, only its network and its optimizer's state may remain.
            long optimizerState = session.Network.parameters().Count() * 3; // Adam: step, exp_avg, exp_avg_sq per parameter at most
            Assert.InRange(Live - built, 0, optimizerState);
        }

        Assert.Equal(before, Live);
        Assert.True(parameters > 0);
    }

    [Fact]
    public void Many_batches_do_not_accumulate_tensors()
    {
        // Per-batch temporaries must die with their batch: a leak of one tensor per batch would show as
        // a difference that grows with the number of batches.
        Devices.UseThreads(1);
        var validation = NoisyMnist.Range(9000, 100);
        long Growth(int images)
        {
            var train = NoisyMnist.Range(0, images);
            using var session = new TrainingSession(Presets.Get("seed-cnn-2"), new TrainingSettings(Epochs: 1, BatchSize: 10), seed: 1, CPU, 1, 28, 28);
            long start = Live;
            session.Fit(train, validation, null);
            return Live - start;
        }
        Assert.Equal(Growth(100), Growth(600));
    }
}
