using Alerting.Incidents;

namespace Alerting.Tests.Incidents;

/// <summary>
/// Time intervals on their own: what start-up reports about each field, and when a compiled interval holds, read on its
/// zone's wall clock, across the 2026 daylight-saving changes of Europe/Berlin (29 March, 25 October) and
/// America/New_York (8 March, 1 November).
/// </summary>
[TestFixture]
public sealed class TimeIntervalTests
{
    private static readonly (string Name, Action<TimeIntervalOptions> Break, string Message)[] s_problems =
    [
        ("NoRanges", t => t.Ranges.Clear(), "TimeInterval 't': Ranges is empty; add at least one range (a range with no fields holds at all times)."),
        (
            "UnknownZone",
            t => t.Location = "Europe/Berlinn",
            "TimeInterval 't': Location 'Europe/Berlinn' is not a time zone known here; give an IANA id such as 'Europe/Berlin' or 'America/New_York', or leave it empty for UTC."
        ),
        ("HourPastMidnight", t => t.Ranges[0].Times.Add("25:00-26:00"), "TimeInterval 't': Ranges[0].Times[0] '25:00-26:00': '25:00' is not a time of day (00:00 to 24:00)."),
        ("BadMinutes", t => t.Ranges[0].Times.Add("08:00-18:60"), "TimeInterval 't': Ranges[0].Times[0] '08:00-18:60': '18:60' is not a time of day (00:00 to 24:00)."),
        ("StartAt24", t => t.Ranges[0].Times.Add("24:00-24:00"), "TimeInterval 't': Ranges[0].Times[0] '24:00-24:00': '24:00' is not a time of day (a window cannot start at 24:00)."),
        ("TimeWithoutEnd", t => t.Ranges[0].Times.Add("08:00"), "TimeInterval 't': Ranges[0].Times[0] '08:00': expected a window 'HH:MM-HH:MM' (the end excluded; 24:00 allowed)."),
        (
            "AcrossMidnight",
            t => t.Ranges[0].Times.Add("22:00-06:00"),
            "TimeInterval 't': Ranges[0].Times[0] '22:00-06:00': the start must be before the end; a window across midnight is two, as in '22:00-24:00' and '00:00-06:00'."
        ),
        ("UnknownWeekday", t => t.Ranges[0].Weekdays.Add("monday:funday"), "TimeInterval 't': Ranges[0].Weekdays[0] 'monday:funday': 'funday' is not a day of the week (sunday to saturday)."),
        (
            "WeekdaysBackwards",
            t => t.Ranges[0].Weekdays.Add("saturday:sunday"),
            "TimeInterval 't': Ranges[0].Weekdays[0] 'saturday:sunday': 'saturday' comes after 'sunday' (weeks run sunday to saturday; list the days apart instead, as in 'saturday', 'sunday')."
        ),
        ("EmptyWeekday", t => t.Ranges[0].Weekdays.Add(" "), "TimeInterval 't': Ranges[0].Weekdays[0] is empty; remove it or give a value."),
        ("DayZero", t => t.Ranges[0].DaysOfMonth.Add("0"), "TimeInterval 't': Ranges[0].DaysOfMonth[0] '0': '0' is not a day of the month (1 to 31, or -1 to -31 counting back from the last day)."),
        ("Day32", t => t.Ranges[0].DaysOfMonth.Add("1:32"), "TimeInterval 't': Ranges[0].DaysOfMonth[0] '1:32': '32' is not a day of the month (1 to 31, or -1 to -31 counting back from the last day)."),
        ("DaysBackwards", t => t.Ranges[0].DaysOfMonth.Add("-1:-7"), "TimeInterval 't': Ranges[0].DaysOfMonth[0] '-1:-7': '-1' comes after '-7'."),
        (
            "DaysFromEndToStart",
            t => t.Ranges[0].DaysOfMonth.Add("-3:5"),
            "TimeInterval 't': Ranges[0].DaysOfMonth[0] '-3:5': a range that starts counting back from the last day must end that way too (as in '-7:-1')."
        ),
        ("UnknownMonth", t => t.Ranges[0].Months.Add("janvier"), "TimeInterval 't': Ranges[0].Months[0] 'janvier': 'janvier' is not a month (january to december, or 1 to 12)."),
        ("Month13", t => t.Ranges[0].Months.Add("13"), "TimeInterval 't': Ranges[0].Months[0] '13': '13' is not a month (january to december, or 1 to 12)."),
        ("MonthsBackwards", t => t.Ranges[0].Months.Add("december:january"), "TimeInterval 't': Ranges[0].Months[0] 'december:january': 'december' comes after 'january'."),
        ("ThreeParts", t => t.Ranges[0].Months.Add("1:2:3"), "TimeInterval 't': Ranges[0].Months[0] '1:2:3': expected a value or a range 'first:last'."),
        ("YearZero", t => t.Ranges[0].Years.Add("0"), "TimeInterval 't': Ranges[0].Years[0] '0': '0' is not a year (1 to 9999)."),
        ("YearsBackwards", t => t.Ranges[0].Years.Add("2027:2026"), "TimeInterval 't': Ranges[0].Years[0] '2027:2026': '2027' comes after '2026'."),
    ];

    private static IEnumerable<TestCaseData> Problems() => s_problems.Select(p => new TestCaseData(p.Break, p.Message).SetName($"Compile_{p.Name}_IsReportedWithRangeAndField"));

    [TestCaseSource(nameof(Problems))]
    public void Compile_InvalidField_IsReportedWithIntervalRangeAndField(Action<TimeIntervalOptions> breakIt, string message)
    {
        var options = new TimeIntervalOptions().AddRange(_ => { });
        breakIt(options);
        var errors = new List<string>();

        var interval = TimeIntervalCompiler.Compile("t", options, errors);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.EqualTo(new[] { message }));
            Assert.That(interval, Is.Null);
        });
    }

    [Test]
    public void Compile_SeveralProblems_AreAllReported()
    {
        var options = new TimeIntervalOptions { Location = "Mars/Olympus" }
            .AddRange(r => r.OnWeekdays("monday:friday").AtTimes("08:00-18:00"))
            .AddRange(r => r.OnWeekdays("caturday").AtTimes("25:00-26:00").InMonths("smarch"));
        var errors = new List<string>();

        TimeIntervalCompiler.Compile("weekend", options, errors);

        Assert.That(errors, Has.Count.EqualTo(4).And.Some.StartsWith("TimeInterval 'weekend': Ranges[1].Months[0] 'smarch'"));
    }

    [Test]
    public void Compile_ValidFields_IgnoreCaseAndSpaces()
    {
        var options = new TimeIntervalOptions { Location = " Europe/Berlin " }
            .AddRange(r => r.OnWeekdays("Monday : FRIDAY", "saturday").AtTimes("8:00-12:00", "13:00 - 24:00").OnDaysOfMonth("1:7", "-1", "15:-1").InMonths("January:march", "12").InYears("2026", "2027:2030"));
        var errors = new List<string>();

        var interval = TimeIntervalCompiler.Compile("t", options, errors);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(interval!.Zone.Id, Is.EqualTo("Europe/Berlin"));
        });
    }

    [Test]
    public void Contains_WithoutLocation_ReadsUtc()
    {
        var interval = Compile(null, r => r.AtTimes("08:00-18:00"));

        Assert.Multiple(() =>
        {
            Assert.That(interval.Contains(Utc(2026, 6, 1, 8, 0)), Is.True);
            Assert.That(interval.Contains(Utc(2026, 6, 1, 7, 59)), Is.False);
        });
    }

    [Test]
    public void Contains_TimesWindow_IncludesStartExcludesEnd()
    {
        var interval = Compile("Europe/Berlin", r => r.AtTimes("08:00-18:00"));

        Assert.Multiple(() =>
        {
            // 3 June 2026: CEST, UTC+2.
            Assert.That(interval.Contains(Utc(2026, 6, 3, 5, 59)), Is.False, "07:59");
            Assert.That(interval.Contains(Utc(2026, 6, 3, 6, 0)), Is.True, "08:00");
            Assert.That(interval.Contains(Utc(2026, 6, 3, 15, 59, 59)), Is.True, "17:59:59");
            Assert.That(interval.Contains(Utc(2026, 6, 3, 16, 0)), Is.False, "18:00");
        });
    }

    [Test]
    public void Contains_EndAt2400_CoversTheLastMinuteOfTheDay()
    {
        var interval = Compile(null, r => r.AtTimes("22:00-24:00"));

        Assert.Multiple(() =>
        {
            Assert.That(interval.Contains(Utc(2026, 6, 3, 23, 59, 59)), Is.True);
            Assert.That(interval.Contains(Utc(2026, 6, 4, 0, 0)), Is.False);
        });
    }

    [Test]
    public void Contains_BusinessHours_FollowsTheWallClockOnBothSidesOfTheChange()
    {
        var interval = Compile("Europe/Berlin", r => r.OnWeekdays("monday:friday").AtTimes("08:00-18:00"));

        Assert.Multiple(() =>
        {
            // Friday 27 March (CET, UTC+1) and Monday 30 March (CEST, UTC+2): 08:00 local is 07:00Z, then 06:00Z.
            Assert.That(interval.Contains(Utc(2026, 3, 27, 7, 0)), Is.True);
            Assert.That(interval.Contains(Utc(2026, 3, 27, 6, 59)), Is.False);
            Assert.That(interval.Contains(Utc(2026, 3, 30, 6, 0)), Is.True);
            Assert.That(interval.Contains(Utc(2026, 3, 30, 5, 59)), Is.False);
            Assert.That(interval.Contains(Utc(2026, 3, 28, 10, 0)), Is.False, "Saturday");
        });
    }

    [Test]
    public void Contains_SpringForwardInBerlin_SkippedHourWindowNeverHoldsAndAWindowAcrossItIsAnHourShorter()
    {
        // Sunday 29 March 2026: at 01:00Z clocks go from 02:00 CET to 03:00 CEST.
        var skipped = Compile("Europe/Berlin", r => r.OnWeekdays("sunday").AtTimes("02:00-03:00"));
        var across = Compile("Europe/Berlin", r => r.OnWeekdays("sunday").AtTimes("02:00-04:00"));
        var day = Utc(2026, 3, 28, 12, 0);

        Assert.Multiple(() =>
        {
            Assert.That(MinutesHeld(skipped, day, TimeSpan.FromDays(1)), Is.Zero);
            Assert.That(MinutesHeld(across, day, TimeSpan.FromDays(1)), Is.EqualTo(60));
            Assert.That(across.Contains(Utc(2026, 3, 29, 0, 59)), Is.False, "01:59 CET");
            Assert.That(across.Contains(Utc(2026, 3, 29, 1, 0)), Is.True, "03:00 CEST");
            Assert.That(across.Contains(Utc(2026, 3, 29, 2, 0)), Is.False, "04:00 CEST");
        });
    }

    [Test]
    public void Contains_FallBackInBerlin_RepeatedHourHoldsBothTimes()
    {
        // Sunday 25 October 2026: at 01:00Z clocks go from 03:00 CEST back to 02:00 CET.
        var repeated = Compile("Europe/Berlin", r => r.OnWeekdays("sunday").AtTimes("02:00-03:00"));
        var across = Compile("Europe/Berlin", r => r.OnWeekdays("sunday").AtTimes("02:00-04:00"));
        var day = Utc(2026, 10, 24, 12, 0);

        Assert.Multiple(() =>
        {
            Assert.That(MinutesHeld(repeated, day, TimeSpan.FromDays(1)), Is.EqualTo(120));
            Assert.That(repeated.Contains(Utc(2026, 10, 25, 0, 0)), Is.True, "02:00 CEST");
            Assert.That(repeated.Contains(Utc(2026, 10, 25, 1, 59)), Is.True, "02:59 CET");
            Assert.That(repeated.Contains(Utc(2026, 10, 25, 2, 0)), Is.False, "03:00 CET");
            Assert.That(MinutesHeld(across, day, TimeSpan.FromDays(1)), Is.EqualTo(180));
        });
    }

    [Test]
    public void Contains_SpringForwardInNewYork_SkippedHourWindowNeverHolds()
    {
        // Sunday 8 March 2026: at 07:00Z clocks go from 02:00 EST to 03:00 EDT.
        var skipped = Compile("America/New_York", r => r.AtTimes("02:00-03:00"));
        var morning = Compile("America/New_York", r => r.AtTimes("01:00-04:00"));

        Assert.Multiple(() =>
        {
            Assert.That(MinutesHeld(skipped, Utc(2026, 3, 8, 0, 0), TimeSpan.FromDays(1)), Is.Zero);
            Assert.That(MinutesHeld(morning, Utc(2026, 3, 8, 0, 0), TimeSpan.FromDays(1)), Is.EqualTo(120));
            Assert.That(skipped.Contains(Utc(2026, 3, 9, 6, 30)), Is.True, "02:30 EDT the next day");
        });
    }

    [Test]
    public void Contains_FallBackInNewYork_RepeatedHourHoldsBothTimes()
    {
        // Sunday 1 November 2026: at 06:00Z clocks go from 02:00 EDT back to 01:00 EST.
        var repeated = Compile("America/New_York", r => r.OnWeekdays("sunday").AtTimes("01:00-02:00"));

        Assert.Multiple(() =>
        {
            Assert.That(MinutesHeld(repeated, Utc(2026, 11, 1, 0, 0), TimeSpan.FromDays(1)), Is.EqualTo(120));
            Assert.That(repeated.Contains(Utc(2026, 11, 1, 5, 0)), Is.True, "01:00 EDT");
            Assert.That(repeated.Contains(Utc(2026, 11, 1, 6, 59)), Is.True, "01:59 EST");
            Assert.That(repeated.Contains(Utc(2026, 11, 1, 7, 0)), Is.False, "02:00 EST");
        });
    }

    [Test]
    public void Contains_WeekdayIsTheZonesNotUtcs()
    {
        // 23:30Z on Saturday 31 October 2026 is 19:30 EDT on Saturday in New York, 00:30 CET on Sunday in Berlin.
        var sundayInBerlin = Compile("Europe/Berlin", r => r.OnWeekdays("sunday"));
        var sundayInNewYork = Compile("America/New_York", r => r.OnWeekdays("sunday"));

        Assert.Multiple(() =>
        {
            Assert.That(sundayInBerlin.Contains(Utc(2026, 10, 31, 23, 30)), Is.True);
            Assert.That(sundayInNewYork.Contains(Utc(2026, 10, 31, 23, 30)), Is.False);
        });
    }

    [Test]
    public void Contains_NegativeDayOfMonth_CountsBackFromTheMonthsLastDay()
    {
        var lastDay = Compile(null, r => r.OnDaysOfMonth("-1"));
        var lastWeek = Compile(null, r => r.OnDaysOfMonth("-7:-1"));

        Assert.Multiple(() =>
        {
            Assert.That(lastDay.Contains(Utc(2026, 2, 28, 12, 0)), Is.True, "28 February 2026");
            Assert.That(lastDay.Contains(Utc(2028, 2, 28, 12, 0)), Is.False, "2028 is a leap year");
            Assert.That(lastDay.Contains(Utc(2028, 2, 29, 12, 0)), Is.True);
            Assert.That(lastWeek.Contains(Utc(2026, 4, 24, 12, 0)), Is.True, "24 of 30 April");
            Assert.That(lastWeek.Contains(Utc(2026, 4, 23, 12, 0)), Is.False);
        });
    }

    [Test]
    public void Contains_DayTheMonthDoesNotHave_NeverHolds()
    {
        var the31st = Compile(null, r => r.OnDaysOfMonth("31"));

        Assert.Multiple(() =>
        {
            Assert.That(MinutesHeld(the31st, Utc(2026, 4, 1, 0, 0), TimeSpan.FromDays(30)), Is.Zero, "April");
            Assert.That(the31st.Contains(Utc(2026, 5, 31, 0, 0)), Is.True);
        });
    }

    [Test]
    public void Contains_FieldsCombine_AllMustHoldInOneRange_AnyRangeWillDo()
    {
        // Christmas Eve afternoon 2026, or any 1 January.
        var interval = Compile(null, r => r.InMonths("december").OnDaysOfMonth("24").AtTimes("12:00-24:00").InYears("2026"), r => r.InMonths("1").OnDaysOfMonth("1"));

        Assert.Multiple(() =>
        {
            Assert.That(interval.Contains(Utc(2026, 12, 24, 13, 0)), Is.True);
            Assert.That(interval.Contains(Utc(2026, 12, 24, 11, 0)), Is.False, "morning");
            Assert.That(interval.Contains(Utc(2027, 12, 24, 13, 0)), Is.False, "another year");
            Assert.That(interval.Contains(Utc(2026, 11, 24, 13, 0)), Is.False, "another month");
            Assert.That(interval.Contains(Utc(2031, 1, 1, 3, 0)), Is.True, "the second range");
        });
    }

    [Test]
    public void Contains_RangeWithNoFields_AlwaysHolds()
    {
        var always = Compile("America/New_York", _ => { });

        Assert.That(MinutesHeld(always, Utc(2026, 3, 8, 0, 0), TimeSpan.FromDays(1)), Is.EqualTo(24 * 60));
    }

    private static TimeInterval Compile(string? location, params Action<TimeIntervalRangeOptions>[] ranges)
    {
        var options = new TimeIntervalOptions { Location = location };
        foreach (var range in ranges)
        {
            options.AddRange(range);
        }

        var errors = new List<string>();
        var interval = TimeIntervalCompiler.Compile("t", options, errors);
        Assert.That(errors, Is.Empty);
        return interval!;
    }

    /// <summary>How many of the minutes from <paramref name="from"/> on, over <paramref name="span"/>, the interval holds at.</summary>
    private static int MinutesHeld(TimeInterval interval, DateTimeOffset from, TimeSpan span)
    {
        var held = 0;
        for (var t = from; t < from + span; t += TimeSpan.FromMinutes(1))
        {
            held += interval.Contains(t) ? 1 : 0;
        }

        return held;
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second = 0) => new(year, month, day, hour, minute, second, TimeSpan.Zero);
}
