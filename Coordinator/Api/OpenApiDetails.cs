using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crossfold.Coordinator.Api;

/// <summary>What the OpenAPI document cannot learn from the handlers' signatures: the sweep file's content types.</summary>
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
}
