using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Tests.DependencyInjection;
using Alerting.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.Tests.Incidents;

/// <summary>
/// Time intervals where they are used, through <c>AddAlerting</c> on a fake clock: a recurring silence, a rule's mute
/// window, an action's mute and active windows, a channel's mute window, and what start-up reports about references.
/// The harness starts on Sunday 22 November 2026, 09:00Z; Europe/Berlin is UTC+1 then.
/// </summary>
[TestFixture]
public sealed class TimeIntervalRoutingTests
{
    private const string Muted = "muted";

    [Test]
    public async Task Publish_SmsMutedInBusinessHours_GoesOutOnlyOutsideThem()
    {
        RecordingSink mail = null!;
        RecordingSink sms = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops-mail", out mail)
            .AddRecording("sms", out sms)
            .AddTimeInterval("business-hours", BusinessHours)
            .AddRule("failures", r => r
                .Notify("ops-mail")
                .Notify("sms", action => action.MuteTimeIntervals.Add("business-hours"))));

        harness.Time.SetUtcNow(Utc(2026, 11, 23, 9, 0)); // Monday 10:00 in Berlin
        var office = await harness.Publisher.PublishAndWaitAsync(Some.Problem(source: "billing"));
        harness.Time.SetUtcNow(Utc(2026, 11, 23, 19, 30)); // Monday 20:30
        var evening = await harness.Publisher.PublishAndWaitAsync(Some.Problem(source: "billing"));

        var smsInOffice = office.Outcomes.Single(o => o.ChannelName == "sms");
        Assert.Multiple(() =>
        {
            Assert.That(office.Outcomes.Single(o => o.ChannelName == "ops-mail").Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(smsInOffice.Status, Is.EqualTo(DeliveryOutcomeStatus.Suppressed));
            Assert.That(smsInOffice.ReasonTag, Is.EqualTo(DeliveryReasonTags.Muted).And.EqualTo(Muted));
            Assert.That(smsInOffice.Reason, Is.EqualTo("Rule 'failures' Actions[1] is muted during time interval 'business-hours' (Europe/Berlin)."));
            Assert.That(evening.Outcomes.Select(o => o.Status), Is.All.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That((mail.Received.Count, sms.Received.Count), Is.EqualTo((2, 1)));
        });
    }

    [Test]
    public async Task Publish_ActionActiveOnlyInBusinessHours_IsSuppressedAsInactiveOutsideThem()
    {
        RecordingSink pager = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("pager", out pager)
            .AddTimeInterval("business-hours", BusinessHours)
            .AddRule("failures", r => r.Notify("pager", action => action.ActiveTimeIntervals.Add("business-hours"))));

        var sunday = await harness.Publisher.PublishAndWaitAsync(Some.Problem());
        harness.Time.SetUtcNow(Utc(2026, 11, 24, 16, 59)); // Tuesday 17:59
        var tuesday = await harness.Publisher.PublishAndWaitAsync(Some.Problem());
        harness.Time.SetUtcNow(Utc(2026, 11, 24, 17, 0)); // Tuesday 18:00
        var closing = await harness.Publisher.PublishAndWaitAsync(Some.Problem());

        Assert.Multiple(() =>
        {
            Assert.That(sunday.Outcomes.Single().ReasonTag, Is.EqualTo(DeliveryReasonTags.Inactive));
            Assert.That(sunday.Outcomes.Single().Reason, Is.EqualTo("Rule 'failures' Actions[0] is active only during time interval 'business-hours' (Europe/Berlin)."));
            Assert.That(tuesday.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(closing.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Suppressed));
            Assert.That(pager.Received, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Resolve_OfAProblemAMutedActionHeldBack_GoesOnlyToTheChannelsThatWereNotified()
    {
        RecordingSink mail = null!;
        RecordingSink sms = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops-mail", out mail)
            .AddRecording("sms", out sms)
            .AddTimeInterval("business-hours", BusinessHours)
            .AddRule("failures", r => r.Notify("ops-mail").Notify("sms", action => action.MuteTimeIntervals.Add("business-hours"))));
        harness.Time.SetUtcNow(Utc(2026, 11, 23, 9, 0)); // Monday 10:00
        var failure = Some.Event();
        await harness.Publisher.PublishAndWaitAsync(failure);

        harness.Time.SetUtcNow(Utc(2026, 11, 23, 19, 0)); // Monday 20:00: the SMS action would send a problem now
        await harness.Publisher.PublishAndWaitAsync(failure.ToResolved());

        Assert.Multiple(() =>
        {
            Assert.That(mail.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
            Assert.That(sms.Received, Is.Empty, "never told of the problem, so not of its end");
        });
    }

    [Test]
    public async Task Publish_RuleMutedSundayNightInBerlin_HoldsAcrossTheRepeatedHourWhenClocksGoBack()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddTimeInterval("sunday-night", SundayNight)
            .AddRule("nightly", r => r.MuteDuring("sunday-night").Notify("ops")));

        // Sunday 31 October 2027: at 01:00Z clocks go from 03:00 CEST back to 02:00 CET.
        var outcomes = new List<DeliveryOutcome>();
        foreach (var at in new[] { Utc(2027, 10, 30, 23, 59), Utc(2027, 10, 31, 0, 0), Utc(2027, 10, 31, 1, 30), Utc(2027, 10, 31, 2, 59), Utc(2027, 10, 31, 3, 0) })
        {
            harness.Time.SetUtcNow(at);
            outcomes.Add((await harness.Publisher.PublishAndWaitAsync(Some.Problem())).Outcomes.Single());
        }

        Assert.Multiple(() =>
        {
            // 01:59 CEST, 02:00 CEST, 02:30 CET (the second time), 03:59 CET, 04:00 CET.
            Assert.That(outcomes.Select(o => o.ReasonTag), Is.EqualTo(new[] { null, Muted, Muted, Muted, null }));
            Assert.That(outcomes[1].Reason, Is.EqualTo("Rule 'nightly' is muted during time interval 'sunday-night' (Europe/Berlin)."));
            Assert.That(ops.Received, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Publish_RuleMutedSundayNightInBerlin_HoldsOnlyTheHourThatExistsWhenClocksGoForward()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddTimeInterval("sunday-night", SundayNight)
            .AddRule("nightly", r => r.MuteDuring("sunday-night").Notify("ops")));

        // Sunday 28 March 2027: at 01:00Z clocks go from 02:00 CET to 03:00 CEST.
        var tags = new List<string?>();
        foreach (var at in new[] { Utc(2027, 3, 28, 0, 59), Utc(2027, 3, 28, 1, 0), Utc(2027, 3, 28, 1, 59), Utc(2027, 3, 28, 2, 0) })
        {
            harness.Time.SetUtcNow(at);
            tags.Add((await harness.Publisher.PublishAndWaitAsync(Some.Problem())).Outcomes.Single().ReasonTag);
        }

        // 01:59 CET, 03:00 CEST, 03:59 CEST, 04:00 CEST.
        Assert.That(tags, Is.EqualTo(new[] { null, Muted, Muted, null }));
    }

    [Test]
    public async Task Resolve_InsideTheRulesMuteWindow_StillReachesTheChannel()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddTimeInterval("sunday-night", SundayNight)
            .AddRule("nightly", r => r.MuteDuring("sunday-night").Notify("ops")));
        var failure = Some.Event();
        harness.Time.SetUtcNow(Utc(2026, 11, 28, 22, 0)); // Saturday 23:00
        await harness.Publisher.PublishAndWaitAsync(failure);

        harness.Time.SetUtcNow(Utc(2026, 11, 29, 2, 0)); // Sunday 03:00
        var repeat = await harness.Publisher.PublishAndWaitAsync(Some.Event(source: "other"));
        await harness.Publisher.PublishAndWaitAsync(failure.ToResolved());

        Assert.Multiple(() =>
        {
            Assert.That(repeat.Outcomes.Single().ReasonTag, Is.EqualTo(Muted));
            Assert.That(ops.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
        });
    }

    [Test]
    public async Task Publish_SilenceWithRecurringWindow_SilencesEveryWeekOnlyInsideIt()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddTimeInterval("sunday-night", SundayNight)
            .AddRule("failures", r => r.Notify("ops"))
            .AddSilence("db-backups", s =>
            {
                s.TimeIntervals.Add("sunday-night");
                s.Sources.Add("db-*");
                s.Comment = "weekly backups";
            }));

        var morning = await Publish(harness, Utc(2026, 11, 22, 9, 0), "db-main"); // Sunday 10:00
        var night = await Publish(harness, Utc(2026, 11, 29, 1, 30), "db-main"); // Sunday 02:30
        var otherSource = await Publish(harness, Utc(2026, 11, 29, 1, 31), "web");
        var after = await Publish(harness, Utc(2026, 11, 29, 3, 0), "db-main"); // Sunday 04:00
        var nextWeek = await Publish(harness, Utc(2026, 12, 6, 2, 59), "db-main"); // Sunday 03:59

        Assert.Multiple(() =>
        {
            Assert.That(night.ReasonTag, Is.EqualTo(DeliveryReasonTags.Silenced));
            Assert.That(night.Reason, Is.EqualTo("Silenced by 'db-backups' during time interval 'sunday-night' (Europe/Berlin): weekly backups"));
            Assert.That(nextWeek.ReasonTag, Is.EqualTo(DeliveryReasonTags.Silenced));
            Assert.That(new[] { morning, otherSource, after }.Select(o => o.Status), Is.All.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(ops.Received, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task Publish_SilenceWithRecurringWindowAndEnd_StopsAtTheEnd()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddTimeInterval("sunday-night", SundayNight)
            .AddRule("failures", r => r.Notify("ops"))
            .AddSilence("db-backups", s =>
            {
                s.TimeIntervals.Add("sunday-night");
                s.EndsAt = Utc(2026, 12, 1, 0, 0);
            }));

        var first = await Publish(harness, Utc(2026, 11, 29, 1, 30), "db-main");
        var afterEnd = await Publish(harness, Utc(2026, 12, 6, 1, 30), "db-main");

        Assert.Multiple(() =>
        {
            Assert.That(first.Reason, Is.EqualTo("Silenced by 'db-backups' during time interval 'sunday-night' (Europe/Berlin) until 2026-12-01 00:00:00Z."));
            Assert.That(afterEnd.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
        });
    }

    [Test]
    public async Task AddSilenceAsync_WithRecurringWindow_SilencesInsideIt_AndAnUnknownIntervalIsRejectedByName()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddTimeInterval("sunday-night", SundayNight)
            .AddRule("failures", r => r.Notify("ops")));
        var manager = harness.Get<IIncidentManager>();

        await manager.AddSilenceAsync("backups", new SilenceOptions { TimeIntervals = ["sunday-night"] });
        var ex = Assert.ThrowsAsync<AlertingConfigurationException>(async () => await manager.AddSilenceAsync("typo", new SilenceOptions { TimeIntervals = ["sunday-nite"] }));
        var outside = await Publish(harness, Utc(2026, 11, 22, 9, 0), "db-main");
        var inside = await Publish(harness, Utc(2026, 11, 29, 1, 30), "db-main");

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Errors, Is.EqualTo(new[] { "Silence 'typo': TimeIntervals[0] 'sunday-nite' is not a configured time interval (known: sunday-night)." }));
            Assert.That(outside.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(inside.ReasonTag, Is.EqualTo(DeliveryReasonTags.Silenced));
        });
    }

    [Test]
    public async Task RuntimeSilence_AfterTheConfigurationChangesItsInterval_FollowsTheNewDefinition()
    {
        var time = new FakeTimeProvider(Utc(2026, 11, 29, 1, 30)); // Sunday 02:30 in Berlin
        using var registry = new SilenceRegistry(new InMemorySilenceStore(), time);
        registry.ReplaceConfigured([], Catalog("02:00-04:00"));
        registry.Start();
        await registry.AddAsync("backups", new SilenceOptions { TimeIntervals = ["sunday-night"] }, CancellationToken.None);
        var before = registry.Find(Some.Problem(), time);

        registry.ReplaceConfigured([], Catalog("03:00-05:00"));
        var after = registry.Find(Some.Problem(), time);

        Assert.Multiple(() =>
        {
            Assert.That(before?.Name, Is.EqualTo("backups"));
            Assert.That(after, Is.Null, "02:30 is outside the new 03:00-05:00");
        });

        static TimeIntervalCatalog Catalog(string times) => TimeIntervalCatalog.Compile(
            new Dictionary<string, TimeIntervalOptions> { ["sunday-night"] = new TimeIntervalOptions().InLocation("Europe/Berlin").AddRange(r => r.OnWeekdays("sunday").AtTimes(times)) },
            []);
    }

    [Test]
    public async Task Publish_ChannelMutedAtNightInNewYork_HoldsBackEveryRulesProblems()
    {
        RecordingSink sms = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("sms", out sms)
            .AddTimeInterval("night", t => t.InLocation("America/New_York").AddRange(r => r.AtTimes("22:00-24:00", "00:00-07:00")))
            .ConfigureChannel("sms", c => c.MuteTimeIntervals.Add("night"))
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("sms"))
            .AddRule("timeouts", r => r.ForTypes(AlertEventTypes.JobTimedOut).Notify("sms")));

        harness.Time.SetUtcNow(Utc(2026, 11, 23, 4, 0)); // Sunday 23:00 EST
        var failed = await harness.Publisher.PublishAndWaitAsync(Some.Problem());
        var timedOut = await harness.Publisher.PublishAndWaitAsync(Some.Problem(type: AlertEventTypes.JobTimedOut));
        harness.Time.SetUtcNow(Utc(2026, 11, 23, 12, 0)); // Monday 07:00 EST
        var morning = await harness.Publisher.PublishAndWaitAsync(Some.Problem());

        Assert.Multiple(() =>
        {
            Assert.That(new[] { failed, timedOut }.Select(r => r.Outcomes.Single().ReasonTag), Is.All.EqualTo(Muted));
            Assert.That(failed.Outcomes.Single().Reason, Is.EqualTo("Channel 'sms' is muted during time interval 'night' (America/New_York)."));
            Assert.That(morning.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(sms.Received, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task TimeIntervals_FromConfiguration_AreBoundAndUsed()
    {
        const string json = """
            {
              "Alerting": {
                "TimeIntervals": {
                  "business-hours": {
                    "Location": "Europe/Berlin",
                    "Ranges": [ { "Weekdays": [ "monday:friday" ], "Times": [ "08:00-18:00" ] } ]
                  }
                },
                "Rules": {
                  "failures": { "Actions": [ { "Channel": "sms", "MuteTimeIntervals": [ "business-hours" ] } ] }
                }
              }
            }
            """;
        RecordingSink sms = null!;
        await using var harness = ConfiguredAlerting.Create(json, a => a.AddRecording("sms", out sms));

        harness.Time.SetUtcNow(Utc(2026, 11, 23, 9, 0)); // Monday 10:00
        var office = await harness.Publisher.PublishAndWaitAsync(Some.Problem());
        harness.Time.SetUtcNow(Utc(2026, 11, 28, 9, 0)); // Saturday 10:00
        var weekend = await harness.Publisher.PublishAndWaitAsync(Some.Problem());

        var options = harness.Get<IOptions<AlertingOptions>>().Value.TimeIntervals["Business-Hours"];
        Assert.Multiple(() =>
        {
            Assert.That((options.Location, options.Ranges.Single().Times.Single()), Is.EqualTo(("Europe/Berlin", "08:00-18:00")));
            Assert.That(office.Outcomes.Single().ReasonTag, Is.EqualTo(Muted));
            Assert.That(weekend.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(sms.Received, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Validate_UnknownIntervalNames_AreReportedWhereTheyAreUsed()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddTimeInterval("business-hours", BusinessHours)
            .ConfigureChannel("ops", c => c.MuteTimeIntervals.Add("nights"))
            .AddRule("r", r => r.MuteDuring("weekend").ActiveDuring("business-hours", " ").Notify("ops", action => action.ActiveTimeIntervals.Add("office-hours")))
            .AddSilence("s", s => s.TimeIntervals.AddRange(["Business-Hours", "holidays"])));

        var ex = Assert.Throws<OptionsValidationException>(() => _ = harness.Get<IOptions<AlertingOptions>>().Value);

        Assert.That(ex!.Failures, Is.EqualTo(new[]
        {
            "Channel 'ops': MuteTimeIntervals[0] 'nights' is not a configured time interval (known: business-hours).",
            "Rule 'r': MuteTimeIntervals[0] 'weekend' is not a configured time interval (known: business-hours).",
            "Rule 'r': ActiveTimeIntervals[1] is empty; remove it or name a time interval.",
            "Rule 'r' Actions[0]: ActiveTimeIntervals[0] 'office-hours' is not a configured time interval (known: business-hours).",
            "Silence 's': TimeIntervals[1] 'holidays' is not a configured time interval (known: business-hours).",
        }));
    }

    [Test]
    public async Task Validate_InvalidInterval_IsReportedOnceAndItsUsersAreNotBlamed()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddTimeInterval("night", t => t.InLocation("Europe/Berlin").AddRange(r => r.AtTimes("22:00-06:00")))
            .AddRule("r", r => r.MuteDuring("night").Notify("ops")));

        var ex = Assert.Throws<OptionsValidationException>(() => _ = harness.Get<IOptions<AlertingOptions>>().Value);

        Assert.That(ex!.Failures, Is.EqualTo(new[]
        {
            "TimeInterval 'night': Ranges[0].Times[0] '22:00-06:00': the start must be before the end; a window across midnight is two, as in '22:00-24:00' and '00:00-06:00'.",
        }));
    }

    private static void BusinessHours(TimeIntervalOptions t) =>
        t.InLocation("Europe/Berlin").AddRange(r => r.OnWeekdays("monday:friday").AtTimes("08:00-18:00"));

    private static void SundayNight(TimeIntervalOptions t) =>
        t.InLocation("Europe/Berlin").AddRange(r => r.OnWeekdays("sunday").AtTimes("02:00-04:00"));

    private static async Task<DeliveryOutcome> Publish(AlertingHarness harness, DateTimeOffset at, string source)
    {
        harness.Time.SetUtcNow(at);
        return (await harness.Publisher.PublishAndWaitAsync(Some.Problem(source: source))).Outcomes.Single();
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
