using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Alerting.Notifiers;

namespace Alerting;

/// <summary>
/// A delivery outcome as JSON and back, for history stores that keep outcomes as text (<c>Alerting.Redis</c> does).
/// Written field by field, without reflection, so it works trimmed and AOT-compiled. An outcome carries no secrets
/// (reasons and recipients are already redacted), and neither does its JSON: only the outcome's own fields are written.
/// </summary>
/// <remarks>
/// An object with <c>eventId</c>, <c>eventType</c>, <c>source</c>, <c>rule</c>, <c>channel</c>, <c>severity</c>
/// (<c>info</c>, <c>warning</c>, <c>error</c>, <c>critical</c>), <c>status</c> (<c>delivered</c>, <c>failed</c>,
/// <c>suppressed</c>, <c>skipped</c>, <c>dropped</c>), <c>reason</c>, <c>reasonTag</c>, <c>attempts</c>,
/// <c>timestamp</c> (ISO 8601), <c>durationMs</c>, <c>title</c>, <c>incidentId</c>, <c>escalationLevel</c> and
/// <c>recipients</c> (each with <c>recipient</c>, <c>status</c>, <c>reason</c>, <c>attempts</c>, <c>retryAfterMs</c>,
/// <c>notRetried</c>); fields without a value are left out.
/// </remarks>
public static class DeliveryOutcomeJson
{
    /// <summary>The outcome as JSON.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>Its JSON text.</returns>
    public static string Write(DeliveryOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("eventId", outcome.EventId);
            writer.WriteString("eventType", outcome.EventType);
            writer.WriteString("source", outcome.Source);
            WriteIfSet(writer, "rule", outcome.RuleName);
            WriteIfSet(writer, "channel", outcome.ChannelName);
            writer.WriteString("severity", Word(outcome.Severity));
            writer.WriteString("status", Word(outcome.Status));
            WriteIfSet(writer, "reason", outcome.Reason);
            WriteIfSet(writer, "reasonTag", outcome.ReasonTag);
            writer.WriteNumber("attempts", outcome.Attempts);
            writer.WriteString("timestamp", outcome.Timestamp);
            writer.WriteNumber("durationMs", outcome.Duration.TotalMilliseconds);
            WriteIfSet(writer, "title", outcome.Title);
            WriteIfSet(writer, "incidentId", outcome.IncidentId);
            if (outcome.EscalationLevel is { } level)
            {
                writer.WriteNumber("escalationLevel", level);
            }

            if (outcome.Recipients.Count > 0)
            {
                writer.WriteStartArray("recipients");
                foreach (var recipient in outcome.Recipients)
                {
                    writer.WriteStartObject();
                    writer.WriteString("recipient", recipient.Recipient);
                    writer.WriteString("status", Word(recipient.Status));
                    WriteIfSet(writer, "reason", recipient.Reason);
                    writer.WriteNumber("attempts", recipient.Attempts);
                    if (recipient.RetryAfter is { } retryAfter)
                    {
                        writer.WriteNumber("retryAfterMs", retryAfter.TotalMilliseconds);
                    }

                    if (recipient.NotRetried)
                    {
                        writer.WriteBoolean("notRetried", true);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads an outcome written by <see cref="Write"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="outcome">The outcome, or <see langword="null"/> when the text is not one: not JSON, or without <c>eventId</c>, <c>eventType</c>, <c>source</c>, a known <c>severity</c> and <c>status</c>, or an ISO 8601 <c>timestamp</c>.</param>
    /// <returns>Whether the outcome was read.</returns>
    public static bool TryRead(string json, [NotNullWhen(true)] out DeliveryOutcome? outcome)
    {
        ArgumentNullException.ThrowIfNull(json);
        outcome = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            outcome = Read(document.RootElement);
            return outcome is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static DeliveryOutcome? Read(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object ||
            Text(e, "eventId") is not { } eventId || Text(e, "eventType") is not { } eventType || Text(e, "source") is not { } source ||
            Severity(Text(e, "severity")) is not { } severity || Status(Text(e, "status")) is not { } status ||
            !e.TryGetProperty("timestamp", out var time) || time.ValueKind != JsonValueKind.String || !time.TryGetDateTimeOffset(out var timestamp))
        {
            return null;
        }

        var recipients = new List<RecipientResult>();
        if (e.TryGetProperty("recipients", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in list.EnumerateArray())
            {
                if (r.ValueKind == JsonValueKind.Object && Text(r, "recipient") is { } name && RecipientStatus(Text(r, "status")) is { } recipientStatus)
                {
                    recipients.Add(new RecipientResult(name, recipientStatus, Text(r, "reason"), Integer(r, "attempts") ?? 0)
                    {
                        RetryAfter = Milliseconds(r, "retryAfterMs"),
                        NotRetried = r.TryGetProperty("notRetried", out var notRetried) && notRetried.ValueKind == JsonValueKind.True,
                    });
                }
            }
        }

        return new DeliveryOutcome
        {
            EventId = eventId,
            EventType = eventType,
            Source = source,
            RuleName = Text(e, "rule"),
            ChannelName = Text(e, "channel"),
            Severity = severity,
            Status = status,
            Reason = Text(e, "reason"),
            ReasonTag = Text(e, "reasonTag"),
            Attempts = Integer(e, "attempts") ?? 0,
            Timestamp = timestamp,
            Duration = Milliseconds(e, "durationMs") ?? TimeSpan.Zero,
            Title = Text(e, "title"),
            IncidentId = Text(e, "incidentId"),
            EscalationLevel = Integer(e, "escalationLevel"),
            Recipients = recipients,
        };
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Integer(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    /// <summary>Milliseconds back to a time span, to the tick they were written from.</summary>
    private static TimeSpan? Milliseconds(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var ms)
            ? TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond))
            : null;

    private static string Word(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        AlertSeverity.Critical => "critical",
        _ => "error",
    };

    private static AlertSeverity? Severity(string? word) => word switch
    {
        "info" => AlertSeverity.Info,
        "warning" => AlertSeverity.Warning,
        "error" => AlertSeverity.Error,
        "critical" => AlertSeverity.Critical,
        _ => null,
    };

    private static string Word(DeliveryOutcomeStatus status) => status switch
    {
        DeliveryOutcomeStatus.Delivered => "delivered",
        DeliveryOutcomeStatus.Failed => "failed",
        DeliveryOutcomeStatus.Suppressed => "suppressed",
        DeliveryOutcomeStatus.Skipped => "skipped",
        DeliveryOutcomeStatus.Dropped => "dropped",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a delivery outcome status."),
    };

    private static DeliveryOutcomeStatus? Status(string? word) => word switch
    {
        "delivered" => DeliveryOutcomeStatus.Delivered,
        "failed" => DeliveryOutcomeStatus.Failed,
        "suppressed" => DeliveryOutcomeStatus.Suppressed,
        "skipped" => DeliveryOutcomeStatus.Skipped,
        "dropped" => DeliveryOutcomeStatus.Dropped,
        _ => null,
    };

    private static string Word(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => "delivered",
        DeliveryStatus.TransientFailure => "transientFailure",
        _ => "permanentFailure",
    };

    private static DeliveryStatus? RecipientStatus(string? word) => word switch
    {
        "delivered" => DeliveryStatus.Delivered,
        "transientFailure" => DeliveryStatus.TransientFailure,
        "permanentFailure" => DeliveryStatus.PermanentFailure,
        _ => null,
    };
}
