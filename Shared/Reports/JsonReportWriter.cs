using System.Text.Json.Serialization;
using System.Text.Json;

namespace Crossfold.Reports;

/// <summary>Writes report.json: everything in the report, for programs.</summary>
public static class JsonReportWriter
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        // NaN (e.g. the interval of a single fold) is written as a string rather than failing.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write(SweepReport report) => JsonSerializer.Serialize(report, Options);

    public static SweepReport Read(string json) =>
        JsonSerializer.Deserialize<SweepReport>(json, Options) ?? throw new InvalidDataException("empty report");
}
