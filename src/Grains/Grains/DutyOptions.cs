using System.ComponentModel.DataAnnotations;

namespace Changdu.Grains;

/// <summary>Daily check-ins and unauthorised absence (docs/domain.md, practice 9), bound from the "Duty" configuration section.</summary>
public sealed class DutyOptions
{
    public const string Section = "Duty";

    /// <summary>How many days back a check-in may be entered (a paper sign-in sheet typed in later); also how long each check-in's time and place are kept.</summary>
    [Range(1, 62)]
    public int CheckInWindowDays { get; set; } = 31;

    /// <summary>Days in a row without a check-in or approved leave after which an absence is raised.</summary>
    [Range(1, 31)]
    public int AbsenceAfterDays { get; set; } = 3;

    /// <summary>How often each silo looks for absences; detection is idempotent, so every silo may run it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DetectInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>The leave rules a request must keep (docs/domain.md, practice 9), bound from the "Leave" configuration section; each refusal names its rule.</summary>
public sealed class LeaveOptions
{
    public const string Section = "Leave";

    /// <summary>Longest leave of each kind, in days.</summary>
    public Dictionary<LeaveKind, int> MaxDays { get; set; } = new()
    {
        [LeaveKind.RotationRest] = 30,
        [LeaveKind.Personal] = 15,
        [LeaveKind.Sick] = 180,
        [LeaveKind.Maternity] = 365,
    };

    /// <summary>Days ahead of its first day a request of each kind must be made; negative allows a late request (sickness comes unannounced).</summary>
    public Dictionary<LeaveKind, int> NoticeDays { get; set; } = new()
    {
        [LeaveKind.RotationRest] = 3,
        [LeaveKind.Personal] = 1,
        [LeaveKind.Sick] = -7,
        [LeaveKind.Maternity] = -7,
    };

    /// <summary>Cadres of a team who must stay at post on every day of anyone's leave.</summary>
    [Range(0, 20)]
    public int MinOnPost { get; set; } = 1;
}
