using MessagePack;

namespace Crossfold.Core.Search;

/// <summary>
/// How a sweep chooses its trials: every combination (grid), seeded draws from distributions (random), or rounds of
/// proposals from the trials so far (tpe, <see cref="Tpe"/>).
/// </summary>
public enum SearchMethod { Grid, Random, Tpe }

/// <summary>
/// The <c>search:</c> section of a sweep file: how trials are chosen, how many at most, and whether
/// folds race (losing trials dropped after a few folds). A sweep without it is a full grid.
/// </summary>
/// <param name="Method">Grid (the default), random or tpe.</param>
/// <param name="Trials">Random and TPE search: how many trials to draw; 0 for a grid.</param>
/// <param name="MaxTrials">A budget: a sweep with more trials than this is refused; null for no limit.</param>
/// <param name="Racing">Racing settings, or null to run every fold of every trial.</param>
/// <param name="MaxHours">A wall-clock budget from the sweep's acceptance, in hours (see <see cref="TimeBudget"/>); null for none.</param>
/// <param name="Batch">TPE: trials per round (the first round is drawn like random search); 0 for the other methods.</param>
[MessagePackObject]
public sealed record SearchSpec(
    [property: Key(0)] SearchMethod Method,
    [property: Key(1)] int Trials = 0,
    [property: Key(2)] int? MaxTrials = null,
    [property: Key(3)] RacingSpec? Racing = null,
    [property: Key(4)] double? MaxHours = null,
    [property: Key(5)] int Batch = 0)
{
    /// <summary>TPE's default trials per round: enough for the first round to span the space, few enough to learn from it soon.</summary>
    public const int DefaultBatch = 8;

    /// <summary>Whether the method draws its trials (random, tpe) rather than enumerating a grid.</summary>
    [IgnoreMember]
    public bool Draws => Method is SearchMethod.Random or SearchMethod.Tpe;

    /// <summary>How many trials the first round has: all of a random search's, a TPE search's first batch.</summary>
    [IgnoreMember]
    public int FirstRound => Method == SearchMethod.Tpe ? Math.Min(Batch, Trials) : Trials;

    /// <summary>A full grid, every fold of every trial: what a sweep without <c>search:</c> runs.</summary>
    public static SearchSpec Grid { get; } = new(SearchMethod.Grid);

    /// <summary>The method's sweep-file name.</summary>
    public static string MethodName(SearchMethod method) => method.ToString().ToLowerInvariant();
}

/// <summary>
/// <c>search.racing</c>: after every round of folds from <paramref name="MinFolds"/> on, a trial
/// significantly worse than the leader (Holm-adjusted one-sided corrected t-test below
/// <paramref name="Alpha"/>) is eliminated.
/// </summary>
/// <param name="Alpha">Family-wise significance level of one round's eliminations, in (0, 0.5].</param>
/// <param name="MinFolds">The first round at which trials are compared: at least 2, at most k.</param>
[MessagePackObject]
public sealed record RacingSpec(
    [property: Key(0)] double Alpha = RacingSpec.DefaultAlpha,
    [property: Key(1)] int MinFolds = RacingSpec.DefaultMinFolds)
{
    public const double DefaultAlpha = 0.05;
    public const int DefaultMinFolds = 3;
}
