namespace Crossfold.Shared;

/// <summary>
/// Bad input from a user (a sweep file, a dataset, an option): its message is shown as it is, so it
/// names the problem and where it is (file, field, line). Anything else escaping is a bug.
/// </summary>
public class InputException : Exception
{
    public InputException(string message) : base(message) { }
    public InputException(string message, Exception inner) : base(message, inner) { }
}
