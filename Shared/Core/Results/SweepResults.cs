using Crossfold.Core.Jobs;
using Crossfold.Core.Sweeps;
using MessagePack;

namespace Crossfold.Core.Results;

/// <summary>
/// The raw material of a sweep's report; <see cref="Jobs"/> are the cross-validation jobs (the outer folds of a nested sweep),
/// <see cref="InnerJobs"/> a nested sweep's inner jobs (null otherwise), <see cref="Refit"/> the final model's job (without its weights).
/// </summary>
[MessagePackObject]
public sealed record SweepResults(
    [property: Key(0)] string SweepId,
    [property: Key(1)] SweepDefinition Definition,
    [property: Key(2)] DatasetFacts Dataset,
    [property: Key(3)] Trial[] Trials,
    [property: Key(4)] JobRecord[] Jobs,
    [property: Key(5)] SweepState State,
    [property: Key(6)] DateTimeOffset Created,
    [property: Key(7)] DateTimeOffset? Finished,
    [property: Key(8)] string SourceName,
    [property: Key(9)] string SourceHash,
    [property: Key(10)] JobRecord? Refit = null,
    [property: Key(11)] JobRecord[]? InnerJobs = null);
