namespace Crossfold.Core.Sweeps;

/// <summary>One problem in a sweep file: the field it concerns (e.g. "training.epochs", "" for the file as a whole), where, and what.</summary>
public sealed record SweepError(string Path, int Line, int Column, string Message)
{
    /// <summary>"sweeps/x.yaml:12:5: training.epochs: expected a positive integer, got 'ten'", the form editors and terminals link.</summary>
    public string Format(string file) =>
        Path.Length == 0 ? $"{file}:{Line}:{Column}: {Message}" : $"{file}:{Line}:{Column}: {Path}: {Message}";
}
