using System.Text.Json.Serialization;
using System.Text.Json;

namespace Crossfold.Coordinator.Api;

/// <summary>How the API writes JSON: camelCase names, enums as kebab-case strings (the CLI reads it the same way).</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
