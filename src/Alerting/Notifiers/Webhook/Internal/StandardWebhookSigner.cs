using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Alerting.Notifiers.Webhook.Internal;

/// <summary>Standard Webhooks 1.0 symmetric signatures: <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")).</summary>
internal static class StandardWebhookSigner
{
    public const string SecretPrefix = "whsec_";

    public const string IdHeader = "webhook-id";

    public const string TimestampHeader = "webhook-timestamp";

    public const string SignatureHeader = "webhook-signature";

    /// <summary>The key of a <c>whsec_</c> secret (the bare base64 string is accepted too); null when it is not base64.</summary>
    public static byte[]? DecodeSecret(string secret)
    {
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        var key = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, key, out var written) && written > 0 ? key[..written] : null;
    }

    /// <summary>The <c>webhook-signature</c> value for one try.</summary>
    public static string Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>A message id that is the same for every try of one delivery: derived from the event, rule, channel and kind.</summary>
    public static string MessageId(Notification notification)
    {
        var identity = $"{notification.Event.Id}|{notification.RuleName}|{notification.ChannelName}|{notification.Kind}";
        return "msg_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 16)).ToLowerInvariant();
    }
}
