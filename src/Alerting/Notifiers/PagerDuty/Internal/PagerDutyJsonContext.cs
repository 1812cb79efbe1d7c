using System.Text.Json.Serialization;

namespace Alerting.Notifiers.PagerDuty.Internal;

/// <summary>Source-generated JSON for PagerDuty's responses.</summary>
[JsonSerializable(typeof(PagerDutyResponse))]
internal sealed partial class PagerDutyJsonContext : JsonSerializerContext;
