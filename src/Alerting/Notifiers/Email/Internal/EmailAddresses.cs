using MimeKit;

namespace Alerting.Notifiers.Email.Internal;

/// <summary>A channel's sender and recipients, parsed once; every message gets its own copies (MimeKit addresses are mutable).</summary>
internal sealed class EmailAddresses
{
    private static readonly ParserOptions s_parser = new() { AllowAddressesWithoutDomain = false };

    private readonly MailboxAddress _from;
    private readonly MailboxAddress[] _to;
    private readonly MailboxAddress[] _cc;
    private readonly MailboxAddress[] _bcc;

    private EmailAddresses(MailboxAddress from, MailboxAddress[] to, MailboxAddress[] cc, MailboxAddress[] bcc)
    {
        _from = from;
        _to = to;
        _cc = cc;
        _bcc = bcc;
    }

    /// <summary>Gets the sender's domain, which Message-Ids default to.</summary>
    public string FromDomain => _from.Domain;

    /// <summary>Parses the options' addresses; call only with options that passed <see cref="EmailOptionsValidator"/>.</summary>
    public static EmailAddresses From(EmailOptions options) =>
        new(Parse(options.From!), [.. options.To.Select(Parse)], [.. options.Cc.Select(Parse)], [.. options.Bcc.Select(Parse)]);

    /// <summary>Parses one address: a single mailbox with a domain, optionally with a display name.</summary>
    public static bool TryParse(string? text, out MailboxAddress? mailbox)
    {
        mailbox = null;
        return !string.IsNullOrWhiteSpace(text) &&
               text.AsSpan().IndexOfAny('\r', '\n') < 0 &&
               MailboxAddress.TryParse(s_parser, text, out mailbox) &&
               mailbox.Route.Count == 0 &&
               mailbox.Domain.Length > 0;
    }

    /// <summary>Adds fresh copies of the addresses to <paramref name="message"/>.</summary>
    public void AddTo(MimeMessage message)
    {
        message.From.Add(Copy(_from));
        message.To.AddRange(_to.Select(Copy));
        message.Cc.AddRange(_cc.Select(Copy));
        message.Bcc.AddRange(_bcc.Select(Copy));
    }

    private static MailboxAddress Parse(string text) =>
        TryParse(text, out var mailbox) ? mailbox! : throw new ArgumentException("The address was not validated.", nameof(text));

    private static MailboxAddress Copy(MailboxAddress address) => new(address.Name, address.Address);
}
