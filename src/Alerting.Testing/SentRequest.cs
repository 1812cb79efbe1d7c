using System.Text.Json;

namespace Alerting.Testing;

/// <summary>One request a notifier sent to the stand-in provider of the notifier conformance suite.</summary>
public sealed class SentRequest
{
    internal SentRequest(HttpMethod method, Uri url, IReadOnlyDictionary<string, string> headers, string? contentType, string body)
    {
        Method = method;
        Url = url;
        Headers = headers;
        ContentType = contentType;
        Body = body;
    }

    /// <summary>Reads what a notifier sent: method, URL, headers (the content's included) and body.</summary>
    internal static async Task<SentRequest> ReadAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(",", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
        return new SentRequest(request.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.ToString(), body);
    }

    /// <summary>Gets the request's method.</summary>
    public HttpMethod Method { get; }

    /// <summary>Gets the URL it was sent to.</summary>
    public Uri Url { get; }

    /// <summary>Gets its headers (the content's included), each name with its values joined by commas.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets its <c>Authorization</c> header, if it has one.</summary>
    public string? Authorization => Headers.GetValueOrDefault("Authorization");

    /// <summary>Gets its content type, if it has content.</summary>
    public string? ContentType { get; }

    /// <summary>Gets its body as text (empty when it has none).</summary>
    public string Body { get; }

    /// <summary>Gets the body parsed as JSON.</summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    /// <summary>Gets the body parsed as a form (<c>application/x-www-form-urlencoded</c>), by field name; a field given twice keeps its last value.</summary>
    public IReadOnlyDictionary<string, string> Form
    {
        get
        {
            var form = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in Body.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split('=', 2);
                form[Decode(parts[0])] = parts.Length == 2 ? Decode(parts[1]) : string.Empty;
            }

            return form;
        }
    }

    /// <summary>The method and URL.</summary>
    /// <returns>The request line.</returns>
    public override string ToString() => $"{Method} {Url}";

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
