namespace Changdu.Grains.Tests.Rules;

public class MapChangeRulesTests
{
    static readonly IReadOnlyList<TierDefinition> Tiers =
    [
        new("city", [Cadence.HalfYearly]),
        new("county", [Cadence.Quarterly]),
        new("township", [Cadence.Monthly]),
        new("village-team", [Cadence.Weekly]),
    ];

    static readonly MapChangeEntry Stamp = new("change-1", MapChangeKind.Opened, DateTimeOffset.UnixEpoch, "张三", null);
    static readonly DateOnly Day = new(2016, 6, 1);

    static UnitDefinition Unit(string id, string tier, string? parent, params string[] children) =>
        new(UnitId.Parse(id), $"{tier} {id}", tier, parent is null ? null : UnitId.Parse(parent), [],
            children.Select(child => new ChildUnit(UnitId.Parse(child), $"team {child}", "village-team")).ToList());

    static readonly UnitDefinition County = Unit("540302000000", "county", "540300000000", "540302100000");
    static readonly UnitDefinition Township = Unit("540302100000", "township", "540302000000", "540302100201", "540302100202");
    static readonly UnitDefinition OtherTownship = Unit("540321100000", "township", "540321000000");
    static readonly UnitDefinition Team = Unit("540302100201", "village-team", "540302100000");

    [Fact]
    public void Added_unit_takes_its_tiers_cadences_and_is_written_before_its_parent_lists_it()
    {
        var plan = MapChangeRules.Add(Township, null, new NewUnit(UnitId.Parse("540302100203"), "新村", "village-team", Day), Tiers, Stamp);

        Assert.Equal(MapOutcome.Applied, plan.Outcome);
        Assert.Equal(["540302100203", "540302100000"], plan.Steps.Select(step => step.Definition.UnitId.Value));
        Assert.Equal([Cadence.Weekly], plan.Steps[0].Definition.Cadences);
        Assert.Equal(Day, plan.Steps[0].Definition.OpenedOn);
        Assert.Equal(3, plan.Steps[1].Definition.Children.Count);
        Assert.Equal([MapChangeKind.Opened, MapChangeKind.ChildAdded], plan.Steps.Select(step => step.Entry.Kind));
    }

    [Fact]
    public void Add_is_refused_for_a_tier_that_does_not_sit_there_a_taken_id_and_a_date_before_the_parent_opened()
    {
        var team = new NewUnit(UnitId.Parse("540302100203"), "新村", "village-team", Day);

        Assert.Equal(MapOutcome.TierDoesNotFit, MapChangeRules.Add(County, null, team, Tiers, Stamp).Outcome);
        Assert.Equal(MapOutcome.TierDoesNotFit, MapChangeRules.Add(Team, null, team, Tiers, Stamp).Outcome);
        Assert.Equal(MapOutcome.UnitIdTaken, MapChangeRules.Add(Township, Team, team with { UnitId = Team.UnitId }, Tiers, Stamp).Outcome);
        Assert.Equal(MapOutcome.DateOutOfOrder, MapChangeRules.Add(Township with { OpenedOn = Day.AddDays(1) }, null, team, Tiers, Stamp).Outcome);
        Assert.Equal(MapOutcome.ParentClosed, MapChangeRules.Add(Township with { ClosedOn = Day }, null, team, Tiers, Stamp).Outcome);
        Assert.Equal(MapOutcome.UnknownParent, MapChangeRules.Add(null, null, team, Tiers, Stamp).Outcome);
    }

    [Fact]
    public void Repeating_an_add_that_was_made_is_answered_as_already_applied()
    {
        var added = Team with { OpenedOn = Day };

        var plan = MapChangeRules.Add(Township, added, new NewUnit(Team.UnitId, Team.Name, Team.Tier, Day), Tiers, Stamp);

        Assert.Equal(MapOutcome.AlreadyApplied, plan.Outcome);
        Assert.Empty(plan.Steps);
    }

    [Fact]
    public void Move_leaves_the_old_parent_before_it_reaches_the_new_one()
    {
        var plan = MapChangeRules.Move(Team, Township, OtherTownship, [UnitId.Parse("540300000000"), UnitId.Parse("540321000000"), OtherTownship.UnitId], Tiers, Day, Stamp);

        Assert.Equal(MapOutcome.Applied, plan.Outcome);
        Assert.Equal([Township.UnitId, Team.UnitId, OtherTownship.UnitId], plan.Steps.Select(step => step.Definition.UnitId));
        Assert.DoesNotContain(plan.Steps[0].Definition.Children, child => child.UnitId == Team.UnitId);
        Assert.Equal(OtherTownship.UnitId, plan.Steps[1].Definition.ParentId);
        Assert.Contains(plan.Steps[2].Definition.Children, child => child.UnitId == Team.UnitId);
        Assert.All(plan.Steps, step => Assert.Equal(Day, step.Entry.EffectiveOn));
    }

    [Fact]
    public void Move_is_refused_into_its_own_subtree_across_tiers_before_it_opened_and_for_a_root()
    {
        var city = Unit("540300000000", "city", null, "540302000000");

        Assert.Equal(MapOutcome.IntoOwnSubtree, MapChangeRules.Move(County, city, Township, [city.UnitId, County.UnitId, Township.UnitId], Tiers, Day, Stamp).Outcome);
        Assert.Equal(MapOutcome.TierDoesNotFit, MapChangeRules.Move(Team, Township, County, [city.UnitId, County.UnitId], Tiers, Day, Stamp).Outcome);
        Assert.Equal(MapOutcome.DateOutOfOrder, MapChangeRules.Move(Team with { OpenedOn = Day.AddDays(1) }, Township, OtherTownship, [OtherTownship.UnitId], Tiers, Day, Stamp).Outcome);
        Assert.Equal(MapOutcome.AlreadyApplied, MapChangeRules.Move(Team, Township, Township, [Township.UnitId], Tiers, Day, Stamp).Outcome);
        Assert.Equal(MapOutcome.UnitClosed, MapChangeRules.Move(Team with { ClosedOn = Day }, Township, OtherTownship, [OtherTownship.UnitId], Tiers, Day, Stamp).Outcome);
    }

    [Fact]
    public void Root_taken_under_a_new_root_arrives_without_leaving_anything()
    {
        var city = Unit("540300000000", "city", null, "540302000000");
        var province = new UnitDefinition(UnitId.Parse("540000000000"), "西藏自治区", "province", null, [], []);
        IReadOnlyList<TierDefinition> tiers = [new("province", []), .. Tiers];

        var plan = MapChangeRules.Move(city, null, province, [province.UnitId], tiers, Day, Stamp);

        Assert.Equal([city.UnitId, province.UnitId], plan.Steps.Select(step => step.Definition.UnitId));
        Assert.Null(plan.Departure);
    }

    [Fact]
    public void Repeated_merge_and_reopen_are_answered_as_already_applied()
    {
        var merged = Township with { ClosedOn = Day, MergedInto = OtherTownship.UnitId, Children = [] };
        var reopened = Team with { OpenedOn = Day, EarlierSpans = [new OpenSpan(null, Day.AddDays(-7))] };

        Assert.Equal(MapOutcome.AlreadyApplied, MapChangeRules.Close(merged, County, Day, OtherTownship.UnitId, OtherTownship, [], Stamp).Outcome);
        Assert.Equal(MapOutcome.UnitClosed, MapChangeRules.Close(merged, County, Day.AddDays(1), OtherTownship.UnitId, OtherTownship, [], Stamp).Outcome);
        Assert.Equal(MapOutcome.AlreadyApplied, MapChangeRules.Reopen(reopened, Township, Day, Stamp).Outcome);
    }

    [Fact]
    public void Definition_stored_before_reopening_existed_reads_as_never_reopened()
    {
        var stored = (UnitDefinition)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(UnitDefinition));

        Assert.Empty(stored.EarlierSpans);
    }

    [Fact]
    public void Close_needs_its_children_closed_or_a_unit_of_its_tier_to_merge_into()
    {
        var children = Township.Children.Select(child => Unit(child.UnitId.Value, "village-team", Township.UnitId.Value)).ToList();

        Assert.Equal(MapOutcome.HasOpenChildren, MapChangeRules.Close(Township, County, Day, null, null, [], Stamp).Outcome);
        Assert.Equal(MapOutcome.TierDoesNotFit, MapChangeRules.Close(Township, County, Day, County.UnitId, County, children, Stamp).Outcome);
        Assert.Equal(MapOutcome.UnknownMergeTarget, MapChangeRules.Close(Township, County, Day, OtherTownship.UnitId, null, children, Stamp).Outcome);
        Assert.Equal(MapOutcome.DateOutOfOrder, MapChangeRules.Close(Township with { OpenedOn = Day }, County, Day, OtherTownship.UnitId, OtherTownship, children, Stamp).Outcome);

        Assert.Equal(MapOutcome.DateOutOfOrder, MapChangeRules.Close(Township, County, Day, OtherTownship.UnitId, OtherTownship with { OpenedOn = Day.AddDays(1) }, children, Stamp).Outcome);
        var merge = MapChangeRules.Close(Township, County, Day, OtherTownship.UnitId, OtherTownship, children, Stamp);

        Assert.Equal(MapOutcome.Applied, merge.Outcome);
        Assert.Equal((Township.UnitId, OtherTownship.UnitId), (merge.Departure!.From, merge.Departure.To));
        Assert.Equal(children.Select(child => child.UnitId), merge.Departure.Units);
        Assert.Empty(merge.Steps[0].Definition.Children);
        Assert.Equal(Day, merge.Steps[0].Definition.ClosedOn);
        Assert.All(merge.Steps.Skip(1).Take(2), step => Assert.Equal(OtherTownship.UnitId, step.Definition.ParentId));
        Assert.Equal(2, merge.Steps[3].Definition.Children.Count);
        Assert.Equal(Day, Assert.Single(merge.Steps[4].Definition.Children).ClosedOn);
    }

    [Fact]
    public void Reopened_unit_keeps_the_span_it_was_open_before_and_is_not_due_while_it_was_closed()
    {
        var closed = Team with { OpenedOn = new DateOnly(2016, 1, 4), ClosedOn = new DateOnly(2016, 7, 4) };

        Assert.Equal(MapOutcome.DateOutOfOrder, MapChangeRules.Reopen(closed, Township, new DateOnly(2016, 7, 1), Stamp).Outcome);
        Assert.Equal(MapOutcome.UnitNotClosed, MapChangeRules.Reopen(Team, Township, Day, Stamp).Outcome);
        var plan = MapChangeRules.Reopen(closed, Township, new DateOnly(2016, 10, 3), Stamp);

        var reopened = plan.Steps[0].Definition with { Cadences = [Cadence.Weekly] };
        Assert.Equal([new OpenSpan(new DateOnly(2016, 1, 4), new DateOnly(2016, 7, 4))], reopened.EarlierSpans);
        Assert.Null(reopened.ClosedOn);
        var due = new SummaryBuilder().AddUnit(reopened).Build();
        // 2016 has 52 ISO weeks: 26 before the closing, 13 closed, 13 after the reopening.
        Assert.Equal(39, due.ExpectedWithin(Period.Parse("2016")));
        Assert.Equal(1, due.UnitsByTier["village-team"]);
    }
}
