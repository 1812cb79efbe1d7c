using Alerting.Notifiers;

namespace Alerting.Tests.DependencyInjection.Plugins;

/// <summary>A test plugin whose constructor takes an <see cref="HttpClient"/>: it posts the title to its URL.</summary>
public sealed class HookNotifier(HookOptions options, HttpClient http) : INotifier
{
    public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        using var content = new StringContent(notification.Title);
        using var response = await http.PostAsync(options.Url, content, cancellationToken);
        return response.IsSuccessStatusCode ? DeliveryResult.Delivered() : DeliveryResult.Permanent($"{(int)response.StatusCode}");
    }
}
