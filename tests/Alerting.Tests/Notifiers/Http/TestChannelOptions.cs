using Alerting.Notifiers.Http;
using Alerting.Notifiers.Http.Internal;

namespace Alerting.Tests.Notifiers.Http;

/// <summary>An HTTP channel's options with the common transient set: 408, 429 and 5xx.</summary>
internal sealed class TestChannelOptions(HttpDeliveryOptions http) : IHttpNotifierOptions
{
    public HttpDeliveryOptions Http { get; } = http;

    public bool IsTransientStatus(int statusCode) => statusCode is 408 or 429 or >= 500;
}
