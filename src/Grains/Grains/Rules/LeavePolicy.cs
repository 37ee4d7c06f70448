namespace Changdu.Grains;

/// <summary>
/// The rules a leave request must keep (docs/domain.md, practice 9), each named as it is configured (the
/// "Leave" section): dates in order, within the cadre's assignment, at most so many days and asked
/// so many days ahead by kind, no overlap with other leave, not on a day the cadre checked in, and
/// enough other cadres at post every day.
/// </summary>
public sealed class LeavePolicy(LeaveOptions options)
{
    /// <summary>The first rule <paramref name="request"/> breaks at <paramref name="unit"/>, by the name it is configured under; null when it keeps them all.</summary>
    public (string Rule, string Detail)? BrokenRule(LeaveRequest request, TeamDuty duty, UnitId unit)
    {
        var days = request.Until.DayNumber - request.From.DayNumber + 1;
        if (days < 1)
        {
            return ("Leave:Dates", $"The leave ends on {request.Until:yyyy-MM-dd}, before it starts on {request.From:yyyy-MM-dd}.");
        }
        var span = new DateSpan(request.From, request.Until);
        if (duty.Members.GetValueOrDefault(request.CadreId)?.Stints.Any(stint => stint.Span.Covers(request.From) && stint.Span.Covers(request.Until)) != true)
        {
            return ("Leave:WithinAssignment", $"Cadre '{request.CadreId}' is not assigned to unit {unit} for the whole leave.");
        }
        if (options.MaxDays.TryGetValue(request.Kind, out var maxDays) && days > maxDays)
        {
            return ($"Leave:MaxDays:{request.Kind}", $"{request.Kind} leave is at most {maxDays} days; this request is {days}.");
        }
        if (options.NoticeDays.TryGetValue(request.Kind, out var notice) && request.From.DayNumber - request.RequestedOn.DayNumber < notice)
        {
            return ($"Leave:NoticeDays:{request.Kind}", notice >= 0
                ? $"{request.Kind} leave must be requested at least {notice} days before it starts."
                : $"{request.Kind} leave may be requested at most {-notice} days after it started.");
        }
        if (duty.Leave.Values.FirstOrDefault(leave => leave.Request.CadreId == request.CadreId && leave.Holds && TeamDuty.SpanOf(leave).Overlaps(span)) is { } overlapping)
        {
            return ("Leave:NoOverlap", $"It overlaps leave '{overlapping.Request.LeaveId}' ({overlapping.Request.From:yyyy-MM-dd} to {overlapping.Request.Until:yyyy-MM-dd}).");
        }
        if (span.DaysWithin(span).Cast<DateOnly?>().FirstOrDefault(day => duty.CheckedIn(request.CadreId, day!.Value)) is { } checkedIn)
        {
            return ("Leave:NotWhileCheckedIn", $"Cadre '{request.CadreId}' checked in on {checkedIn:yyyy-MM-dd}.");
        }
        foreach (var day in span.DaysWithin(span))
        {
            var onPost = duty.AssignedCadresOn(day).Count(cadre => cadre != request.CadreId && !duty.HeldByLeave(cadre, day));
            if (onPost < options.MinOnPost)
            {
                return ("Leave:MinOnPost", $"On {day:yyyy-MM-dd} fewer than {options.MinOnPost} other cadres of unit {unit} would be at post.");
            }
        }
        return null;
    }
}
