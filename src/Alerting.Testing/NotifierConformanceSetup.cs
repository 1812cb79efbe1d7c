using Alerting.Notifiers;
using Alerting.Notifiers.Http;

namespace Alerting.Testing;

/// <summary>
/// What the notifier conformance suite needs to know of an HTTP notifier and its provider: how to create the notifier
/// (with secrets in its options), where it sends, how the provider answers, the answers the provider documents, and
/// where the sent request carries the title and the message. Only data: the suite brings the stand-in provider and the
/// checks.
/// </summary>
public sealed class NotifierConformanceSetup
{
    /// <summary>Gets the notifier's name, as the failures of <see cref="NotifierConformance.RunAllAsync"/> show it.</summary>
    /// <value>Defaults to <c>notifier</c>.</value>
    public string Name { get; init; } = "notifier";

    /// <summary>
    /// Gets the options the notifier is created with, secrets included. When they implement
    /// <see cref="IHttpNotifierOptions"/>, the channel's pipeline follows them (which statuses are transient, failures in
    /// the body) as it would in an app; their <c>ToString()</c> must show no secret.
    /// </summary>
    public required object NotifierOptions { get; init; }

    /// <summary>Gets the URL the notifier sends to with these options; a request anywhere else fails the case.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Gets the method of its requests.</summary>
    /// <value>Defaults to POST.</value>
    public HttpMethod Method { get; init; } = HttpMethod.Post;

    /// <summary>Creates a notifier over the channel's client (a fresh one for every case), as the notifier's constructor would be called by Alerting.</summary>
    public required Func<NotifierConformanceContext, INotifier> CreateNotifier { get; init; }

    /// <summary>Gets every secret of the options (tokens, signing secrets, the secret parts of a URL): none may appear in a reason, a log line or an exception.</summary>
    public required IReadOnlyList<string> Secrets { get; init; }

    /// <summary>Gets what creates the provider's usual success answer.</summary>
    public required Func<HttpResponseMessage> Accepted { get; init; }

    /// <summary>Gets what creates the provider's error answer with a status (the first argument), in its own body shape, carrying the second argument as its error text.</summary>
    public required Func<int, string, HttpResponseMessage> Failure { get; init; }

    /// <summary>Gets the answers the provider documents beyond the common statuses (its 2xx, errors in a 200 body, its own codes), each a case of its own.</summary>
    /// <value>Defaults to none.</value>
    public IReadOnlyList<ProviderAnswer> DocumentedAnswers { get; init; } = [];

    /// <summary>Gets where the sent request carries the notification's title, after the notifier's own decoration.</summary>
    public required Func<SentRequest, string> SentTitle { get; init; }

    /// <summary>Gets where the sent request carries the notification's message, or <see langword="null"/> when the provider is not sent it.</summary>
    public Func<SentRequest, string>? SentMessage { get; init; }
}
