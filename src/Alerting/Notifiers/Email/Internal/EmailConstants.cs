namespace Alerting.Notifiers.Email.Internal;

/// <summary>The e-mail channel's fixed values and defaults in one place.</summary>
internal static class EmailConstants
{
    /// <summary>Submission port, for <see cref="EmailSecurity.StartTls"/>.</summary>
    public const int StartTlsPort = 587;

    /// <summary>Implicit-TLS submission port, for <see cref="EmailSecurity.SslOnConnect"/>.</summary>
    public const int SslOnConnectPort = 465;

    /// <summary>Plain SMTP port, for <see cref="EmailSecurity.None"/>.</summary>
    public const int PlainPort = 25;

    /// <summary>RFC 5322's line limit: longer titles and subjects are cut visibly before they reach the notifier.</summary>
    public const int MaxSubjectLength = 998;

    /// <summary>The longest message of one alert in a grouped notification's table.</summary>
    public const int MaxAlertMessageLength = 500;

    /// <summary>
    /// The budget of a grouped notification's alert table, in bytes of HTML: Gmail clips HTML parts past about 102 KB
    /// ("[Message clipped]"), so the table stays well below and the card around it fits too.
    /// </summary>
    public const int MaxAlertTableBytes = 80_000;

    /// <summary>The bytes held back for the row that says how many alerts the table leaves out.</summary>
    public const int MoreRowBytes = 256;

    /// <summary>A pooled connection unused for longer than this is probed with NOOP before it carries a message.</summary>
    public static readonly TimeSpan ProbeAfterIdle = TimeSpan.FromSeconds(10);

    /// <summary>How long closing a connection politely (QUIT) may take.</summary>
    public static readonly TimeSpan QuitTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The Message-Id domain when neither the options nor the sender give one.</summary>
    public const string FallbackDomain = "alerting.invalid";

    /// <summary>The port used for <paramref name="security"/> when none is configured.</summary>
    public static int DefaultPort(EmailSecurity security) => security switch
    {
        EmailSecurity.SslOnConnect => SslOnConnectPort,
        EmailSecurity.None => PlainPort,
        _ => StartTlsPort,
    };
}
