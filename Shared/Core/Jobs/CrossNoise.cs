using Crossfold.Core.Noise;
using MessagePack;

namespace Crossfold.Core.Jobs;

/// <summary>
/// One noise a fold's trained model is also scored under (<c>evaluate.noise</c>), with the seed its test
/// images are drawn from: the same for every trial and fold, so trials stay paired.
/// </summary>
[MessagePackObject]
public sealed record CrossNoiseSpec([property: Key(0)] NoiseSpec Noise, [property: Key(1)] ulong Seed);

/// <summary>The trained model's accuracy and mean cross-entropy loss on its test fold under one evaluation noise.</summary>
[MessagePackObject]
public sealed record CrossNoiseScore([property: Key(0)] NoiseSpec Noise, [property: Key(1)] double Accuracy, [property: Key(2)] double Loss);
