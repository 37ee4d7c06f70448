namespace Changdu.Grains.Tests.Rules;

public class LeavePrivacyTests
{
    [Theory]
    [InlineData(LeaveKind.RotationRest)]
    [InlineData(LeaveKind.Personal)]
    public void Rest_and_personal_leave_are_published_as_they_are(LeaveKind kind) => Assert.Equal(kind, LeavePrivacy.PublishedKind(kind));

    [Theory]
    [InlineData(LeaveKind.Sick)]
    [InlineData(LeaveKind.Maternity)]
    public void Health_related_leave_is_not_named(LeaveKind kind) => Assert.Null(LeavePrivacy.PublishedKind(kind));

    [Fact]
    public void Every_kind_is_decided()
    {
        var published = Enum.GetValues<LeaveKind>().Where(kind => LeavePrivacy.PublishedKind(kind) is not null);
        Assert.Equal([LeaveKind.RotationRest, LeaveKind.Personal], published);
    }

    [Fact]
    public void Names_show_only_their_first_character() =>
        Assert.Equal(("次**", "?**"), (LeavePrivacy.PublishedName("次仁卓玛"), LeavePrivacy.PublishedName(null)));
}
