using System.Text.Json.Serialization;

namespace Alerting.Notifiers.PagerDuty.Internal;

/// <summary>Source-generated JSON for PagerDuty's responses and the trimmed custom details.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(PagerDutyResponse))]
internal sealed partial class PagerDutyJsonContext : JsonSerializerContext;
