using MessagePack;

namespace Crossfold.Core.Results;

/// <summary>What the submitter learned by loading the sweep's dataset: workers must find the same.</summary>
[MessagePackObject]
public sealed record DatasetFacts(
    [property: Key(0)] string Fingerprint,
    [property: Key(1)] int Count,
    [property: Key(2)] int Height,
    [property: Key(3)] int Width,
    [property: Key(4)] int Classes,
    [property: Key(5)] int? TestCount);
