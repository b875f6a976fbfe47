namespace Crossfold.Protocol.Cluster;

/// <summary>
/// The version of the messages nodes exchange. Every node carries it as a cluster role, so each side
/// sees at once whether a new member speaks its protocol; a mixed-version cluster is refused with a
/// clear error instead of failing message by message. Raise it whenever a message changes shape or name.
/// </summary>
public static class ProtocolVersion
{
    /// <summary>
    /// 10: datasets say where 4-D image files keep their channels (DatasetSpec.Layout); dataset facts and model files carry
    /// the images' channels.
    /// 9: training settings carry random affine and elastic augmentation (rotate, scale, translate, elastic, elastic_sigma).
    /// 8: the coordinator numbers sweep events (NumberedSweepEvent, SweepEventId) and a subscription may resume after one.
    /// 7: folds may be nested (CrossValidationSpec.InnerK), jobs name their inner fold (JobSpec.InnerFold), and sweep
    /// results carry the inner jobs apart; search settings carry TPE's batch; training settings carry mixup and CutMix; layers may be pre-activation residual blocks. 6: training settings carry lr schedules, warm-up, label smoothing, gradient clipping, Nesterov and cutout;
    /// sweeps carry evaluation noises and folds their cross-noise scores and error galleries; search settings carry a
    /// time budget (search.max_hours), a sweep may end expired, and its status carries the budget's deadline. 5: sweep definitions say how often noise is drawn (NoiseRedraw); a fold's outcome names the CPU instruction set it ran with. 4: sweep definitions carry search settings (search:), TrialEliminated, and trial progress says when
    /// racing eliminated a trial; a fold's outcome scores its test part and counts its validation set apart
    /// (FoldOutcome.Test, TestCount, ValidationCount, WeightsSha256), epochs log validation and test numbers
    /// apart, and training settings carry validation_split and batch-norm settings. 3: a job assignment names
    /// the coordinator's HTTP API (workers download stored dataset files there), datasets carry class names,
    /// layers dense blocks and transitions. 2: slots known by their sender, reports and events renamed.
    /// </summary>
    public const int Current = 10;

    /// <summary>The role that says which protocol a node speaks.</summary>
    public static string Role => RoleOf(Current);

    public static string RoleOf(int version) => $"crossfold-protocol-{version}";

    /// <summary>The protocol a member's roles say it speaks, or null (a node older than version 2 says nothing).</summary>
    public static int? Of(IEnumerable<string> roles) => roles
        .Select(r => r.StartsWith("crossfold-protocol-", StringComparison.Ordinal) && int.TryParse(r["crossfold-protocol-".Length..], out int v) ? v : (int?)null)
        .FirstOrDefault(v => v is not null);

    /// <summary>What to say about a member that speaks another protocol, or null when it speaks ours.</summary>
    public static string? Mismatch(string member, IEnumerable<string> roles)
    {
        int? theirs = Of(roles);
        return theirs == Current ? null
            : $"{member} speaks Crossfold protocol {(theirs is int v ? v.ToString() : "1 (or none)")}, this node speaks protocol {Current}: " +
              "run the same Crossfold version on every node of a cluster";
    }
}
