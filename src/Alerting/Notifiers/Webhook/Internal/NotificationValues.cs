using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Alerting.Notifiers.Webhook.Internal;

/// <summary>
/// The context values a webhook's templates can use besides the event's fields and attributes (<c>title</c>,
/// <c>channel</c>, <c>rule</c>), read from the notification itself: one small object per delivery instead of a
/// dictionary.
/// </summary>
internal sealed class NotificationValues(Notification notification) : IReadOnlyDictionary<string, object?>
{
    private static readonly string[] s_keys = ["title", "channel", "rule"];

    public int Count => s_keys.Length;

    public IEnumerable<string> Keys => s_keys;

    public IEnumerable<object?> Values => s_keys.Select(k => this[k]);

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => Array.IndexOf(s_keys, key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        value = key switch
        {
            "title" => notification.Title,
            "channel" => notification.ChannelName,
            "rule" => notification.RuleName,
            _ => null,
        };
        return ContainsKey(key);
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        s_keys.Select(k => new KeyValuePair<string, object?>(k, this[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
