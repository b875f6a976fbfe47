namespace Crossfold.Core;

/// <summary>
/// Bad input from a user (a sweep file, a dataset, an option): its message is shown as it is, so it
/// names the problem and where it is (file, field, line). Anything else escaping is a bug.
/// </summary>
public class InputException : Exception
{
    public InputException(string message) : base(message) { }
    public InputException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>
    /// The sweep-file field at fault (e.g. "dataset.images"), when the thrower knows it: carried as data so
    /// that whoever holds the sweep file can add its line, never parsed back out of the message.
    /// </summary>
    public string? Field { get; init; }
}
