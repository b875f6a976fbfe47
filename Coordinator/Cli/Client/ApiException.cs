using Crossfold.Coordinator.Api;

namespace Crossfold.Cli.Client;

/// <summary>The coordinator answered with an error (its problem document, when it sent one), or could not be reached (status 0).</summary>
public sealed class ApiException(int status, string message, Problem? problem = null) : Exception(message)
{
    public int Status { get; } = status;
    public Problem? Problem { get; } = problem;
}
