using System.Net;
using System.Text;
using Alerting.Notifiers;

namespace Alerting.Testing;

/// <summary>
/// One answer a provider documents, and the outcome a notifier must make of it: a case of the notifier conformance
/// suite (<see cref="NotifierConformanceSetup.DocumentedAnswers"/>). A transient outcome must be retried once (the suite
/// allows two attempts), a final one tried once.
/// </summary>
public sealed class ProviderAnswer
{
    /// <summary>Creates an answer.</summary>
    /// <param name="name">What the answer is, as the provider's documentation calls it (<c>"429 rate limited"</c>).</param>
    /// <param name="answer">Creates the response, fresh for each request.</param>
    /// <param name="expected">The outcome the notifier must report.</param>
    /// <param name="reasonContains">Text the failure's reason must contain, if any.</param>
    public ProviderAnswer(string name, Func<HttpResponseMessage> answer, DeliveryStatus expected, string? reasonContains = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Answer = answer ?? throw new ArgumentNullException(nameof(answer));
        Expected = expected;
        ReasonContains = reasonContains;
    }

    /// <summary>Gets what the answer is.</summary>
    public string Name { get; }

    /// <summary>Gets what creates the response.</summary>
    public Func<HttpResponseMessage> Answer { get; }

    /// <summary>Gets the outcome the notifier must report.</summary>
    public DeliveryStatus Expected { get; }

    /// <summary>Gets text the failure's reason must contain, if any.</summary>
    public string? ReasonContains { get; }

    /// <summary>A response with a status, a body and, when given, a <c>Retry-After</c> header.</summary>
    /// <param name="status">The status.</param>
    /// <param name="body">The body.</param>
    /// <param name="contentType">The body's media type.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> header's value (seconds, or an HTTP date), if any.</param>
    /// <returns>The response; the caller (the suite's stand-in provider) hands it to the notifier.</returns>
    public static HttpResponseMessage Response(HttpStatusCode status, string body = "", string contentType = "text/plain", string? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return response;
    }

    /// <summary>The name.</summary>
    /// <returns>The answer's name.</returns>
    public override string ToString() => Name;
}
