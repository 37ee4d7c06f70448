using System.Globalization;

namespace Changdu.Grains;

/// <summary>The unit's facts as rows: one kind of row per kind of fact, each held in memory where the practices read it.</summary>
public sealed partial class UnitGrain
{
    sealed class UnitTables(FactTables tables, UnitGrain unit)
    {
        public FactTables Tables { get; } = tables;

        public FactTable<string, UnitDefinition> Definition { get; } =
            tables.Add<string, UnitDefinition>("definition", key => key, key => key, (_, definition) => unit._definition = definition, _ => unit._definition = null);

        public FactTable<string, Problem> Problems { get; } = tables.Add("problem", unit._problemRegister.ById);

        public FactTable<string, Training> Trainings { get; } = tables.Add("training", unit._officeRecords.Trainings);

        public FactTable<string, InspectionRound> Rounds { get; } = tables.Add("inspection-round", unit._officeRecords.Rounds);

        public FactTable<Period, Assessment> ClosedMonths { get; } = tables.Add<Period, Assessment>("closed-month", month => month.ToString(), Period.Parse,
            (month, assessment) => unit._officeRecords.ClosedMonths[month] = assessment, month => unit._officeRecords.ClosedMonths.Remove(month));

        public FactTable<string, PointEntry> Points { get; } = tables.Add("points", unit._officeRecords.Points);

        public FactTable<int, YearEnd> ClosedYears { get; } = tables.Add<int, YearEnd>("closed-year", year => year.ToString(CultureInfo.InvariantCulture),
            key => int.Parse(key, CultureInfo.InvariantCulture), (year, yearEnd) => unit._officeRecords.ClosedYears[year] = yearEnd, year => unit._officeRecords.ClosedYears.Remove(year));

        public FactTable<string, DateOnly> CardsIssued { get; } = tables.Add("card-issued", unit._officeRecords.CardsIssued);

        public FactTable<string, VillagerFeedback> Feedback { get; } = tables.Add("feedback", unit._officeRecords.Feedback);

        public FactTable<string, Member> Members { get; } = tables.Add("member", unit._officeRecords.Members);

        /// <summary>A check-in, keyed by day and cadre, kept while the check-in window holds the day.</summary>
        public FactTable<(DateOnly Day, string CadreId), CheckIn> CheckIns { get; } = tables.Add<(DateOnly Day, string CadreId), CheckIn>("check-in",
            key => $"{Day(key.Day)}/{key.CadreId}",
            text => (DateOnly.ParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture), text[11..]),
            (key, checkIn) =>
            {
                if (!unit._dutyRecords.CheckIns.TryGetValue(key.Day, out var day))
                {
                    unit._dutyRecords.CheckIns[key.Day] = day = new(StringComparer.Ordinal);
                }
                day[key.CadreId] = checkIn;
            },
            key =>
            {
                if (unit._dutyRecords.CheckIns.TryGetValue(key.Day, out var day) && day.Remove(key.CadreId) && day.Count == 0)
                {
                    unit._dutyRecords.CheckIns.Remove(key.Day);
                }
            });

        /// <summary>Check-ins of a day past the window, only counted.</summary>
        public FactTable<DateOnly, long> CountedCheckIns { get; } = tables.Add<DateOnly, long>("counted-check-ins", Day,
            text => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            (day, count) => unit._dutyRecords.CountedCheckIns[day] = count, day => unit._dutyRecords.CountedCheckIns.Remove(day));

        public FactTable<string, Leave> Leave { get; } = tables.Add("leave", unit._dutyRecords.Leave);

        public FactTable<string, Absence> Absences { get; } = tables.Add("absence", unit._dutyRecords.Absences);

        static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
