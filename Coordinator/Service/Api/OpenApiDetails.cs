using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crossfold.Coordinator.Api;

/// <summary>What the OpenAPI document cannot learn from the handlers' signatures: the sweep file's content types, the paging parameters and header.</summary>
public static class OpenApiDetails
{
    /// <summary>
    /// POST /api/sweeps: the body is the sweep file's text in one of the accepted content types. (Not
    /// declared with .Accepts(): routing would then answer other types with an empty 415 before
    /// <see cref="SweepContentTypes.Filter"/> can say which types are accepted.)
    /// </summary>
    public static Task SweepFileBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancel)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The sweep file's text (YAML, or JSON, which is YAML too)",
            Content = SweepContentTypes.Accepted.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } }),
        };
        return Task.CompletedTask;
    }

    /// <summary>GET /api/sweeps: limit and offset are whole numbers (read as text so a bad one gets a problem naming it); the total comes in a header.</summary>
    public static Task SweepListPaging(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancel)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            (parameter.Description, parameter.Schema) = parameter.Name switch
            {
                "limit" => ($"How many sweeps (default {SweepPaging.DefaultLimit}, at most {SweepPaging.MaxLimit})",
                    new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Maximum = SweepPaging.MaxLimit.ToString(), Default = SweepPaging.DefaultLimit }),
                "offset" => ("How many of the newest sweeps to skip (default 0)", new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Default = 0 }),
                _ => (parameter.Description, parameter.Schema),
            };
        }
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[SweepPaging.TotalHeader] = new OpenApiHeader
            {
                Description = "How many sweeps the coordinator has in all",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            };
        }
        return Task.CompletedTask;
    }
}
