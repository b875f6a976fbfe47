namespace Crossfold.Core.Data;

/// <summary>
/// A dataset file (or pair of files) that cannot be used: missing, truncated, of the wrong kind or
/// shape. It is user-facing <see cref="InputException"/>, so its message always names the file, and
/// never quotes the file's content (a path that is not a dataset must not leak what it holds).
/// </summary>
public sealed class DatasetException : InputException
{
    /// <summary>A problem that concerns more than one file; the message names them itself.</summary>
    public DatasetException(string message) : base(message) { }

    /// <summary>A problem with one file: the message reads "file: problem".</summary>
    public DatasetException(string file, string problem) : base($"{file}: {problem}") { File = file; }

    public DatasetException(string file, string problem, Exception inner) : base($"{file}: {problem}", inner) { File = file; }

    DatasetException(DatasetException problem, string field) : base(problem.Message, problem)
    {
        File = problem.File;
        Field = field;
    }

    /// <summary>The file at fault, when there is exactly one.</summary>
    public string? File { get; }

    /// <summary>This problem as caused by the sweep field <paramref name="field"/> (e.g. "dataset.source"), unless it already names one.</summary>
    public DatasetException At(string field) => Field is null ? new DatasetException(this, field) : this;
}
