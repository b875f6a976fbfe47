namespace Crossfold.Cli;

/// <summary>Exit codes scripts can rely on (documented in the README).</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;
    /// <summary>The sweep finished, but some folds failed for good (the report shows which).</summary>
    public const int FoldsFailed = 1;
    /// <summary>Bad input: sweep file, dataset, options. Nothing was run or stored.</summary>
    public const int BadInput = 2;
    /// <summary>The coordinator could not be reached, or answered with an error.</summary>
    public const int Unavailable = 3;
    /// <summary>The thing asked for does not exist (unknown sweep id).</summary>
    public const int NotFound = 4;
    /// <summary>The request conflicts with the sweep's state (e.g. cancelling a sweep that already ended).</summary>
    public const int Conflict = 5;
    /// <summary>The coordinator wants a (different) bearer token: see --token.</summary>
    public const int Unauthorized = 6;
    /// <summary>Stopped by Ctrl-C (the sweep was cancelled; finished folds are in the report).</summary>
    public const int Interrupted = 130;
}
