using Changdu.Grains;
using Microsoft.Extensions.Options;

namespace Changdu.Gateway.Hosting;

/// <summary>
/// The offices' calendar day, so dates the server stamps (a leave request, a decision) follow the offices' clock, not the caller's;
/// the programme's day (<see cref="ProgrammeClock"/>), like the grains'.
/// </summary>
public sealed class OfficeCalendar(IOptions<ReportingOptions> reporting, ProgrammeClock clock)
{
    public DateOnly Today => reporting.Value.LocalDay(clock.GetUtcNow());
}
