namespace Crossfold.Core.Sweeps;

/// <summary>
/// A sweep file that cannot be run, with every problem found in it rather than the first, so one
/// round of editing fixes them all. The message lists them one per line, in file order.
/// </summary>
public sealed class SweepFileException : InputException
{
    public SweepFileException(string file, IReadOnlyList<SweepError> errors) : this(file, errors, null) { }

    /// <param name="inner">What found the problem after parsing (a dataset reader, the planner), if anything.</param>
    public SweepFileException(string file, IReadOnlyList<SweepError> errors, Exception? inner)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.Format(file))), inner)
    {
        File = file;
        Errors = errors;
    }

    /// <summary>The sweep file as the user named it.</summary>
    public string File { get; }

    public IReadOnlyList<SweepError> Errors { get; }
}
