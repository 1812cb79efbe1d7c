namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// The handler an HTTP channel's client carries: each request goes through the channel's pipeline as it is configured
/// when the request is sent (<paramref name="current"/>), so a pooled handler built before a configuration reload
/// still applies the new options.
/// </summary>
/// <param name="current">The channel's pipeline now.</param>
internal sealed class ChannelPipelineHandler(Func<HttpChannelPipeline> current) : DelegatingHandler
{
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? _next;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        current().SendAsync(request, _next ??= base.SendAsync, cancellationToken);
}
