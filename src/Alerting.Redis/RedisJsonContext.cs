using System.Text.Json.Serialization;
using Alerting.Incidents;

namespace Alerting.Redis;

/// <summary>A run-time silence as the shared store keeps it: its name as given, and its options.</summary>
internal sealed record StoredSilence(string Name, SilenceOptions Silence);

/// <summary>The JSON the shared stores write, generated at build time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredSilence))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
