using System.CommandLine;
using Crossfold.Cli.Client;
using Crossfold.Core;
using Crossfold.Protocol.CommandLine;

namespace Crossfold.Cli;

/// <summary>The --coordinator and --token options every client command shares.</summary>
public sealed class ClientOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public Option<string> Coordinator { get; } = EnvOption.Create("--coordinator", "CROSSFOLD_URL", "URL of the coordinator's HTTP API", v => v, DefaultUrl);

    public Option<string?> Token { get; } = EnvOption.Create<string?>("--token", "CROSSFOLD_API_TOKEN", "Bearer token, when the coordinator requires one", v => v, null);

    public Option<string?> TokenFile { get; } = EnvOption.Create<string?>("--token-file", "CROSSFOLD_API_TOKEN_FILE", "File holding the bearer token (e.g. a mounted secret)", v => v, null);

    public void AddTo(Command command)
    {
        command.Options.Add(Coordinator);
        command.Options.Add(Token);
        command.Options.Add(TokenFile);
    }

    public CoordinatorClient Connect(ParseResult result)
    {
        string? token = result.GetValue(TokenFile) is string file ? Crossfold.Protocol.CommandLine.TokenFile.Read(file) : result.GetValue(Token);
        return new CoordinatorClient(result.GetValue(Coordinator)!, token);
    }

    /// <summary>Runs a client command, turning API errors into one line on stderr and a documented exit code.</summary>
    public static async Task<int> Guard(Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (ApiException e)
        {
            System.Console.Error.WriteLine($"error: {e.Message}");
            if (e.Problem?.Errors is { Count: > 0 } errors && !(errors.Count == 1 && errors[0].Message == e.Message))
                foreach (var f in errors)
                    System.Console.Error.WriteLine($"  {(f.Line is int line ? $"line {line}: " : "")}{f.Path}: {f.Message}");
            return e.Status switch
            {
                400 or 413 => ExitCodes.BadInput,
                401 or 403 => ExitCodes.Unauthorized,
                404 => ExitCodes.NotFound,
                409 => ExitCodes.Conflict,
                _ => ExitCodes.Unavailable,
            };
        }
        catch (InputException e)
        {
            System.Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
