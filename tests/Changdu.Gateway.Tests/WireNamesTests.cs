using System.Text.Json;
using Changdu.Gateway.Api;

namespace Changdu.Gateway.Tests;

/// <summary>The enum names on the wire, byte for byte as clients were built against them.</summary>
public class WireNamesTests
{
    static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    static void Names<TEnum>(params string[] expected) where TEnum : struct, Enum
    {
        Assert.Equal(expected, WireNames.All<TEnum>());
        foreach (var (value, name) in Enum.GetValues<TEnum>().Zip(expected))
        {
            var options = new JsonSerializerOptions(Web) { Converters = { new WireName<TEnum>() } };
            Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(value, options));
            Assert.Equal(value, JsonSerializer.Deserialize<TEnum>($"\"{name}\"", options));
        }
    }

    [Fact]
    public void Every_enum_the_api_carries_keeps_its_names()
    {
        Names<DispatchingLevel>("autonomous-region", "city", "county");
        Names<SummonsMode>("face-to-face", "letter");
        Names<LeaveKind>("rotation-rest", "personal", "sick", "maternity");
        Names<LeaveStatus>("requested", "approved", "rejected", "reported-back");
        Names<CadreRole>("leader", "member", "office-staff");
        Names<AbsenceSource>("reported", "detected");
        Names<FeedbackSentiment>("positive", "negative");
        Names<MapChangeKind>("opened", "renamed", "moved", "closed", "reopened", "child-added", "children-left", "children-joined",
            "child-renamed", "child-closed", "child-reopened", "redefined");
    }

    [Fact]
    public void Answers_carry_names_not_numbers()
    {
        var leave = new LeaveDto("rest-1", "c-1", "540302101201", LeaveKind.RotationRest, new DateOnly(2016, 5, 2), new DateOnly(2016, 5, 6), "",
            new DateOnly(2016, 4, 28), LeaveStatus.ReportedBack, null, null, null);
        var json = JsonSerializer.Serialize(leave, Web);
        Assert.Contains("\"kind\":\"rotation-rest\"", json, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"reported-back\"", json, StringComparison.Ordinal);
        var unit = JsonSerializer.Serialize(new DispatchingUnitDto("region-water", "Water", DispatchingLevel.AutonomousRegion, 0, [], []), Web);
        Assert.Contains("\"level\":\"autonomous-region\"", unit, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_for_a_name_is_refused() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<FeedbackDto>("""{"feedbackId":"f","sentiment":2,"source":"visit","note":"n","receivedOn":"2016-05-01"}""", Web));

    [Fact]
    public void A_request_naming_no_member_is_answered_with_the_names_it_takes()
    {
        var errors = new Dictionary<string, string[]>();
        Assert.Null(WireNames.Parse<SummonsMode>("phone", "mode", errors));
        Assert.Null(WireNames.Parse<CadreRole>("Member", "role", errors));
        Assert.Equal(SummonsMode.FaceToFace, WireNames.Parse<SummonsMode>("face-to-face", "mode", errors));
        Assert.Equal(["Required: face-to-face or letter."], errors["mode"]);
        Assert.Equal(["Required: one of leader, member, office-staff."], errors["role"]);
    }
}
