using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Changdu.Gateway.Hosting;

/// <summary>
/// Makes the generated document pass a mainstream linter's recommended rules (redocly lint, tested by
/// <c>OpenApiLintTests</c>), in one place rather than in every API file: every <c>{name}</c> of a path
/// template is declared on each of its operations (an endpoint whose filter reads the id does not
/// bind it, so the generator leaves it out), and server URLs carry no trailing slash.
/// </summary>
public sealed partial class LintCleanDocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var server in document.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url && url.EndsWith('/'))
            {
                server.Url = url.TrimEnd('/');
            }
        }
        foreach (var (template, path) in document.Paths)
        {
            var names = TemplateParameter().Matches(template).Select(match => match.Groups["name"].Value).ToList();
            foreach (var operation in path.Operations?.Values.AsEnumerable() ?? [])
            {
                DeclareMissing(names, path, operation);
            }
        }
        return Task.CompletedTask;
    }

    static void DeclareMissing(List<string> names, IOpenApiPathItem path, OpenApiOperation operation)
    {
        var declared = (path.Parameters ?? []).Concat(operation.Parameters ?? [])
            .Where(parameter => parameter.In == ParameterLocation.Path)
            .Select(parameter => parameter.Name)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var name in names.Where(name => !declared.Contains(name)))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }

    /// <summary>A <c>{name}</c> of a route template, without a constraint or catch-all marker.</summary>
    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex TemplateParameter();
}
