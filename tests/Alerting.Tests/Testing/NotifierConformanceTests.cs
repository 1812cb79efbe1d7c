using System.Net;
using Alerting.Notifiers;
using Alerting.Notifiers.Http;
using Alerting.Testing;

namespace Alerting.Tests.Testing;

/// <summary>
/// The public conformance suite itself: a notifier that keeps the contract passes every case, and each way of breaking
/// it fails the cases about it, with a message that says what went wrong. The built-in channels and the Gotify sample
/// run the same suite in their own fixtures (<c>*ConformanceTests</c>).
/// </summary>
[TestFixture]
public sealed class NotifierConformanceTests
{
    private const string Token = "s3cr3t-t0ken-0123456789";
    private static readonly Uri s_endpoint = new("https://acme.example.com/api/alerts");

    [Test]
    public async Task RunAllAsync_NotifierKeepingTheContract_PassesEveryCase()
    {
        var suite = Suite(Flaw.None);

        await suite.RunAllAsync();

        Assert.That(suite.Cases.Select(c => c.Name), Has.Member("Status503_TransientRetried").And.Member("DocumentedAnswer 200 ok_Delivered"));
    }

    [Test]
    public void Cases_NotifierQuotingItsTokenInTheReason_FailTheEchoCasesNamingWhereTheSecretShowed()
    {
        var failed = FailedCases(Suite(Flaw.TokenInReason));

        Assert.That(failed.Keys, Is.SupersetOf(new[] { "Status400EchoingTheSecrets_NoneInReasonOrLogs", "Status500EchoingTheSecrets_NoneInReasonOrLogs" }));
        Assert.That(failed["Status400EchoingTheSecrets_NoneInReasonOrLogs"], Does.Contain("the reason holds the secret 's3cr…'"));
    }

    [Test]
    public void Cases_NotifierCallingEveryAnswerDelivered_FailTheFailureCasesSayingWhatCameBack()
    {
        var failed = FailedCases(Suite(Flaw.EverythingDelivered));

        Assert.That(failed.Keys, Is.SupersetOf(new[] { "Status404_PermanentNotRetried", "Status503_TransientRetried", "NetworkErrorNamingTheUrlAndSecrets_TransientRetriedNoneInReasonOrLogs" }));
        Assert.That(failed["Status503_TransientRetried"], Does.Contain("expected TransientFailure after 2 request(s), got Delivered"));
    }

    [Test]
    public void Cases_NotifierReturningAResultWhenCancelled_FailTheCancellationCases()
    {
        var failed = FailedCases(Suite(Flaw.SwallowsCancellation));

        Assert.That(failed.Keys, Is.SupersetOf(new[] { "CancelledWhileTheProviderHangs_ThrowsPromptlyWithoutRetryOrSecret", "TokenAlreadyCancelled_ThrowsWithoutCallingTheProvider" }));
        Assert.That(failed["TokenAlreadyCancelled_ThrowsWithoutCallingTheProvider"], Does.Contain("a send with a cancelled token throws OperationCanceledException, not a result"));
    }

    [Test]
    public void Cases_NotifierDeclaringATitleLimitItDoesNotKeep_FailsTheTitleCase()
    {
        var failed = FailedCases(Suite(Flaw.TitleLimitNotKept));

        Assert.That(failed.Keys, Is.EqualTo(new[] { "TitleOverTheDeclaredLimit_CutToTheLimitEndingInTheMarker" }));
        Assert.That(failed.Values.Single(), Does.Contain("the title is 600 characters long, not cut to the declared 100"));
    }

    [Test]
    public void RunAllAsync_BrokenNotifier_ThrowsOnceListingEveryFailedCase()
    {
        var suite = Suite(Flaw.TitleLimitNotKept);

        var thrown = Assert.ThrowsAsync<AlertingAssertionException>(() => suite.RunAllAsync());

        Assert.That(thrown!.Message, Does.StartWith($"acme: 1 of {suite.Cases.Count} conformance cases failed:").And.Contain("TitleOverTheDeclaredLimit"));
    }

    [Test]
    public void Cases_ToString_IsTheName()
    {
        var first = Suite(Flaw.None).Cases[0];

        Assert.That(first.ToString(), Is.EqualTo("Accepted_DeliveredAfterOneRequest").And.EqualTo(first.Name));
    }

    private static Dictionary<string, string> FailedCases(NotifierConformance suite)
    {
        var failed = new Dictionary<string, string>();
        foreach (var conformanceCase in suite.Cases)
        {
            try
            {
                conformanceCase.RunAsync().GetAwaiter().GetResult();
            }
            catch (AlertingAssertionException ex)
            {
                failed.Add(conformanceCase.Name, ex.Message);
            }
        }

        return failed;
    }

    private static NotifierConformance Suite(Flaw flaw)
    {
        var options = new AcmeOptions();
        return new NotifierConformance(new NotifierConformanceSetup
        {
            Name = "acme",
            NotifierOptions = options,
            Endpoint = s_endpoint,
            CreateNotifier = c => new AcmeNotifier(c.Http, flaw),
            Secrets = [Token],
            Accepted = () => ProviderAnswer.Response(HttpStatusCode.OK, "ok"),
            Failure = (status, detail) => ProviderAnswer.Response((HttpStatusCode)status, detail),
            DocumentedAnswers = [new("200 ok", () => ProviderAnswer.Response(HttpStatusCode.OK, "ok"), DeliveryStatus.Delivered)],
            SentTitle = r => r.Body,
        });
    }

    private enum Flaw
    {
        None,
        TokenInReason,
        EverythingDelivered,
        SwallowsCancellation,
        TitleLimitNotKept,
    }

    private sealed class AcmeOptions : IHttpNotifierOptions
    {
        public HttpDeliveryOptions Http { get; } = new();

        public override string ToString() => "acme (token set)";
    }

    /// <summary>A plugin's HTTP notifier posting the title as text with a bearer token, with one flaw or none.</summary>
    private sealed class AcmeNotifier(HttpClient http, Flaw flaw) : INotifier
    {
        public NotifierCapabilities Capabilities { get; } = new() { MaxTitleLength = 100 };

        public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
        {
            var title = flaw == Flaw.TitleLimitNotKept ? notification.Title : TextTruncation.Truncate(notification.Title, 100, out _);
            using var request = new HttpRequestMessage(HttpMethod.Post, s_endpoint) { Content = new StringContent(title) };
            request.Headers.Authorization = new("Bearer", Token);
            DeliveryResult result;
            try
            {
                result = await HttpNotifierDelivery.SendAsync(http, request, cancellationToken);
            }
            catch (OperationCanceledException) when (flaw == Flaw.SwallowsCancellation)
            {
                return DeliveryResult.Transient("cancelled");
            }

            return flaw switch
            {
                Flaw.TokenInReason when !result.IsDelivered => DeliveryResult.Permanent($"{result.Reason} (sent with {Token})"),
                Flaw.EverythingDelivered => DeliveryResult.Delivered(),
                _ => result,
            };
        }
    }
}
