using System.Net;
using System.Net.Sockets;
using System.Text;
using Alerting.Notifiers;
using Alerting.Notifiers.PagerDuty;
using Alerting.Notifiers.Slack;
using Alerting.Notifiers.Teams;
using Alerting.Notifiers.Twilio;
using Alerting.Notifiers.Webhook;
using Alerting.Tests.Notifiers.Http;
using Alerting.Tests.Notifiers.Twilio;

namespace Alerting.Tests.Regressions;

/// <summary>
/// Issue 15: a 2xx whose body was cut off by a connection reset. For providers that confirm in the body (Twilio's
/// message SID, <c>chat.postMessage</c>'s <c>ok</c> and <c>ts</c>, PagerDuty's <c>dedup_key</c>) that is no
/// confirmation: a transient failure, retried only where the provider deduplicates a resend (PagerDuty). For providers
/// whose status line is the confirmation (webhooks, Slack incoming webhooks, Teams) it is delivered. An error body cut
/// the same way leaves the status to decide; nothing throws out of the notifier.
/// </summary>
[TestFixture]
public sealed class UnreadableBodyTests_15
{
    /// <summary>A body that yields its first bytes, then fails as a connection reset by the peer does.</summary>
    private sealed class ResettingContent(string start) : HttpContent
    {
        public static IOException Reset() => new("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset));

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => throw Reset();

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new ResettingStream(Encoding.UTF8.GetBytes(start)));

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private sealed class ResettingStream(byte[] start) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= start.Length)
            {
                throw ResettingContent.Reset();
            }

            var read = Math.Min(count, start.Length - _position);
            Array.Copy(start, _position, buffer, offset, read);
            _position += read;
            return read;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= start.Length)
            {
                return ValueTask.FromException<int>(ResettingContent.Reset());
            }

            var read = Math.Min(buffer.Length, start.Length - _position);
            start.AsMemory(_position, read).CopyTo(buffer);
            _position += read;
            return ValueTask.FromResult(read);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static Func<HttpResponseMessage> Cut(HttpStatusCode status, string start = "{\"ok\":tr") =>
        () => new HttpResponseMessage(status) { Content = new ResettingContent(start) };

    private static string UnreadableReason(HttpStatusCode status) => $"HTTP {(int)status} but the response body could not be read (connection reset)";

    private static ChannelProbe Slack(bool bot)
    {
        var options = bot
            ? new SlackOptions { BotToken = "xoxb-1111-2222-s3cr3tb0tt0k3n", ChannelId = "C0123456789", Http = HttpRig.Quick() }
            : new SlackOptions { WebhookUrl = new Uri("https://hooks.slack.com/services/T000/B000/s3cr3t"), Http = HttpRig.Quick() };
        return new ChannelProbe(options, bot ? "https://slack.com/api/chat.postMessage" : options.WebhookUrl!.AbsoluteUri, (client, clock, logs) => new SlackNotifier(options, client, clock, logs));
    }

    private static ChannelProbe PagerDuty(int maxAttempts = 4)
    {
        var options = new PagerDutyOptions { RoutingKey = "R0UT1NGKEY0123456789abcdefABCDEF", Http = HttpRig.Quick() };
        var probe = new ChannelProbe(options, "https://events.pagerduty.com/v2/enqueue", (client, clock, logs) => new PagerDutyNotifier(options, client, clock, logs));
        probe.Retry.MaxAttempts = maxAttempts;
        return probe;
    }

    private static ChannelProbe Webhook(int maxAttempts = 4)
    {
        var options = new WebhookOptions { Url = "https://hooks.example.com/alerts", Http = HttpRig.Quick() };
        var probe = new ChannelProbe(options, options.Url, (client, clock, _) => new WebhookNotifier(options, client, clock));
        probe.Retry.MaxAttempts = maxAttempts;
        return probe;
    }

    private static ChannelProbe Teams(TeamsFormat format)
    {
        var options = new TeamsOptions { WebhookUrl = new Uri("https://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=s3cr3t"), Format = format, Http = HttpRig.Quick() };
        return new ChannelProbe(options, options.WebhookUrl.AbsoluteUri, (client, clock, logs) => new TeamsNotifier(options, client, clock, logs));
    }

    [Test]
    public async Task Twilio_201WithBodyCutByReset_TransientUnconfirmedAfterOneTryNotRetried()
    {
        using var sut = new TwilioRig();
        sut.ExpectMessage().Respond(_ => Task.FromResult(Cut(HttpStatusCode.Created, """{"sid":"SM0123""")()));

        var result = await sut.SendAsync();

        var recipient = result.Recipients!.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Attempts, Is.EqualTo(1), "Twilio most likely queued the SMS: a resend would send it twice");
            Assert.That(recipient.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(recipient.Reason, Does.StartWith(UnreadableReason(HttpStatusCode.Created)).And.Contain("not retried"));
            Assert.That(sut.Logs.GetSnapshot().Select(r => r.Id.Id), Does.Contain(1701).And.Not.Contain(1700), "failed for the recipient, never logged as accepted");
            Assert.That(sut.Http.Logger.Collector.GetSnapshot().Select(r => r.Id.Id), Does.Contain(1207));
            Assert.That(sut.Logged, Does.Not.Contain(TwilioRig.AuthToken));
        }
    }

    [Test]
    public async Task Twilio_400WithBodyCutByReset_PermanentByItsStatus()
    {
        using var sut = new TwilioRig();
        sut.ExpectMessage().Respond(_ => Task.FromResult(Cut(HttpStatusCode.BadRequest, """{"code":212""")()));

        var result = await sut.SendAsync();

        Assert.That((result.Status, result.Attempts, result.Recipients!.Single().Reason), Is.EqualTo((DeliveryStatus.PermanentFailure, 1, "HTTP 400")));
    }

    [Test]
    public async Task SlackBot_200WithBodyCutByReset_TransientUnconfirmedAfterOneTryNotRetried()
    {
        var probe = Slack(bot: true);

        var result = await probe.SendAsync(ChannelProbe.Notification("ops-slack"), Cut(HttpStatusCode.OK));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Attempts, Is.EqualTo(1), "Slack most likely posted the message: a resend would post it twice");
            Assert.That(result.Reason, Does.StartWith(UnreadableReason(HttpStatusCode.OK)));
            Assert.That(probe.NotifierLogs.GetSnapshot().Select(r => r.Id.Id), Has.None.EqualTo(1602), "never logged as posted");
        }
    }

    [Test]
    public async Task SlackWebhook_200WithBodyCutByReset_DeliveredByItsStatus()
    {
        var result = await Slack(bot: false).SendAsync(ChannelProbe.Notification("ops-slack"), Cut(HttpStatusCode.OK, "o"));

        Assert.That((result.Status, result.Attempts), Is.EqualTo((DeliveryStatus.Delivered, 1)), result.Reason);
    }

    [Test]
    public async Task PagerDuty_202WithBodyCutByReset_RetriedUnderTheSameDedupKeyThenDelivered()
    {
        var probe = PagerDuty();

        var result = await probe.SendAsync(
            ChannelProbe.Notification("pagerduty-prod"),
            Cut(HttpStatusCode.Accepted, """{"status":"succ"""),
            () => ChannelProbe.Answer(HttpStatusCode.Accepted, """{"status":"success","message":"Event processed","dedup_key":"k"}""", "application/json"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((result.Status, result.Attempts), Is.EqualTo((DeliveryStatus.Delivered, 2)), result.Reason);
            Assert.That(probe.Requests.Select(r => r.Json.GetProperty("dedup_key").GetString()).Distinct().Count(), Is.EqualTo(1));
            Assert.That(probe.Rig!.Logger.Collector.GetSnapshot().Where(r => r.Id.Id == 1202).Select(r => r.Message), Has.One.Contains(UnreadableReason(HttpStatusCode.Accepted)));
        }
    }

    [Test]
    public async Task PagerDuty_202WithBodyCutOnEveryTry_TransientAfterTheRetries()
    {
        var probe = PagerDuty(maxAttempts: 3);

        var result = await probe.SendAsync(ChannelProbe.Notification("pagerduty-prod"), Cut(HttpStatusCode.Accepted), Cut(HttpStatusCode.Accepted), Cut(HttpStatusCode.Accepted));

        Assert.That((result.Status, result.Attempts, result.Reason), Is.EqualTo((DeliveryStatus.TransientFailure, 3, UnreadableReason(HttpStatusCode.Accepted))));
    }

    [TestCase(HttpStatusCode.OK)]
    [TestCase(HttpStatusCode.Accepted)]
    public async Task Webhook_2xxWithBodyCutByReset_DeliveredOnTheFirstTry(HttpStatusCode status)
    {
        var result = await Webhook().SendAsync(ChannelProbe.Notification("hook"), Cut(status, "receiv"));

        Assert.That((result.Status, result.Attempts), Is.EqualTo((DeliveryStatus.Delivered, 1)), result.Reason);
    }

    [Test]
    public async Task Webhook_503WithBodyCutByReset_TransientByItsStatusAndRetried()
    {
        var result = await Webhook(maxAttempts: 2).SendAsync(ChannelProbe.Notification("hook"), Cut(HttpStatusCode.ServiceUnavailable, "overlo"), Cut(HttpStatusCode.ServiceUnavailable, "overlo"));

        Assert.That((result.Status, result.Attempts, result.Reason), Is.EqualTo((DeliveryStatus.TransientFailure, 2, "HTTP 503")));
    }

    [TestCase(TeamsFormat.AdaptiveCard, HttpStatusCode.Accepted)]
    [TestCase(TeamsFormat.MessageCard, HttpStatusCode.OK)]
    public async Task Teams_2xxWithBodyCutByReset_DeliveredByItsStatus(TeamsFormat format, HttpStatusCode status)
    {
        var result = await Teams(format).SendAsync(ChannelProbe.Notification("ops-teams"), Cut(status, ""));

        Assert.That((result.Status, result.Attempts), Is.EqualTo((DeliveryStatus.Delivered, 1)), result.Reason);
    }
}
