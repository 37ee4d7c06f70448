using System.Text.Json;
using System.Text.Json.Serialization;

namespace Changdu.Gateway.Api;

/// <summary>
/// How the API names the grains' enums: kebab-case of the member (<c>AutonomousRegion</c> is
/// "autonomous-region", <c>FaceToFace</c> "face-to-face"). One rule for every enum the JSON
/// carries, so no resource keeps a table of names of its own.
/// </summary>
public static class WireNames
{
    static readonly JsonNamingPolicy Policy = JsonNamingPolicy.KebabCaseLower;

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Policy.ConvertName(value.ToString());

    /// <summary>Every name of the enum, in the order it declares them.</summary>
    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Of).ToList();

    /// <summary>
    /// The member a request names, or null with the answer that names <paramref name="field"/> and
    /// the names it takes; the request contracts keep such fields as text so a wrong one is named in
    /// the 400 answer instead of failing JSON binding as a whole.
    /// </summary>
    public static TEnum? Parse<TEnum>(string? name, string field, Dictionary<string, string[]> errors) where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(value), name, StringComparison.Ordinal))
            {
                return value;
            }
        }
        errors[field] = [$"Required: {Choices<TEnum>()}."];
        return null;
    }

    /// <summary>"one of a, b, c", or "a or b" for two.</summary>
    static string Choices<TEnum>() where TEnum : struct, Enum =>
        All<TEnum>() is [var first, var second] ? $"{first} or {second}" : $"one of {string.Join(", ", All<TEnum>())}";
}

/// <summary>The JSON converter of an enum the API carries, by <see cref="WireNames"/>; numbers are refused.</summary>
public sealed class WireName<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
