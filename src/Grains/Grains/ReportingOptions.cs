using System.ComponentModel.DataAnnotations;

namespace Changdu.Grains;

/// <summary>When a report counts as on time (docs/domain.md, practice 2), bound from the "Reporting" configuration section.</summary>
public sealed class ReportingOptions
{
    public const string Section = "Reporting";

    /// <summary>Days after a period ends within which its report is on time (0: by the period's last day).</summary>
    [Range(0, 90)]
    public int OnTimeDays { get; set; } = 3;

    /// <summary>The offices' clock: days start at midnight at this offset from UTC (China Standard Time).</summary>
    [Range(typeof(TimeSpan), "-14:00:00", "14:00:00")]
    public TimeSpan UtcOffset { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The offices' calendar day at <paramref name="instant"/>.</summary>
    public DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(UtcOffset).DateTime);

    public bool IsOnTime(Period period, DateTimeOffset receivedAt) => LocalDay(receivedAt) < period.End.AddDays(OnTimeDays);
}
