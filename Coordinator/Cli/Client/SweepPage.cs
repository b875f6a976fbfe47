using Crossfold.Core.Jobs;
using Crossfold.Core.Results;
using Crossfold.Protocol.Messages;

namespace Crossfold.Cli.Client;

/// <summary>One page of GET /api/sweeps: the sweeps (newest first), how many the coordinator has in all, and where the page starts.</summary>
public sealed record SweepPage(SweepStatus[] Sweeps, int Total, int Offset)
{
    /// <summary>True when sweeps exist beyond this page, older or newer.</summary>
    public bool IsPartial => Offset > 0 || Offset + Sweeps.Length < Total;
}
