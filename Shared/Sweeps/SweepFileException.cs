namespace Crossfold.Shared.Sweeps;

/// <summary>
/// A sweep file that cannot be run, with every problem found in it rather than the first, so one
/// round of editing fixes them all. The message lists them one per line, in file order.
/// </summary>
public sealed class SweepFileException(string file, IReadOnlyList<SweepError> errors)
    : InputException(string.Join(Environment.NewLine, errors.Select(e => e.Format(file))))
{
    /// <summary>The sweep file as the user named it.</summary>
    public string File { get; } = file;

    public IReadOnlyList<SweepError> Errors { get; } = errors;
}
