using System.Globalization;
using System.Text;

namespace Alerting.Notifiers.Email;

/// <summary>
/// Options of an e-mail channel: an SMTP server (<see cref="Host"/>) or a pickup folder (<see cref="PickupDirectory"/>),
/// the sender and the recipients. Bound from <c>Alerting:Channels:{name}</c>; validated when Alerting starts, naming
/// any bad address.
/// </summary>
public sealed class EmailOptions
{
    /// <summary>Gets or sets the SMTP server's host name or address.</summary>
    /// <value>Defaults to <see langword="null"/>. Set either this or <see cref="PickupDirectory"/>.</value>
    public string? Host { get; set; }

    /// <summary>Gets or sets the SMTP server's port.</summary>
    /// <value>Defaults to 0: 587 for <see cref="EmailSecurity.StartTls"/>, 465 for <see cref="EmailSecurity.SslOnConnect"/>, 25 for <see cref="EmailSecurity.None"/>.</value>
    public int Port { get; set; }

    /// <summary>Gets or sets how the connection is secured.</summary>
    /// <value>Defaults to <see cref="EmailSecurity.StartTls"/>.</value>
    public EmailSecurity Security { get; set; } = EmailSecurity.StartTls;

    /// <summary>Gets or sets whether <see cref="EmailSecurity.None"/> may be used: a deliberate second switch, so plain text is never a default or a typo.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool AllowPlainText { get; set; }

    /// <summary>Gets or sets the user name to authenticate with; no authentication when not set.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? UserName { get; set; }

    /// <summary>Gets or sets the password that goes with <see cref="UserName"/>. Never logged or shown by <see cref="ToString"/>.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? Password { get; set; }

    /// <summary>
    /// Gets or sets the SHA-1 or SHA-256 thumbprint (hex; colons and spaces ignored) of a server certificate to trust even
    /// though it does not validate, for example a self-signed certificate on a test server.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: only certificates that validate against the system's trust store.</value>
    public string? ServerCertificateThumbprint { get; set; }

    /// <summary>
    /// Gets or sets the path of a certificate file (PEM or DER) holding a server certificate to trust even though it does
    /// not validate; read when the channel is created.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? ServerCertificateFile { get; set; }

    /// <summary>Gets or sets whether the server certificate's revocation status is checked.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool CheckCertificateRevocation { get; set; } = true;

    /// <summary>Gets or sets how long connecting or one SMTP command may take before the attempt fails transiently.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an unused pooled connection stays open before it is closed.</summary>
    /// <value>Defaults to 1 minute.</value>
    public TimeSpan ConnectionIdleTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets a folder to write each notification to as a complete <c>.eml</c> file instead of sending it; used
    /// when <see cref="Host"/> is not set. Created when missing.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? PickupDirectory { get; set; }

    /// <summary>Gets or sets the sender, as <c>ops@example.com</c> or <c>Alerts &lt;ops@example.com&gt;</c>.</summary>
    /// <value>Defaults to <see langword="null"/>; required.</value>
    public string? From { get; set; }

    /// <summary>Gets or sets the recipients, one address per entry.</summary>
    /// <value>Defaults to empty. To, Cc and Bcc together need at least one address.</value>
    public List<string> To { get; set; } = [];

    /// <summary>Gets or sets the carbon-copy recipients, one address per entry.</summary>
    /// <value>Defaults to empty.</value>
    public List<string> Cc { get; set; } = [];

    /// <summary>Gets or sets the blind-carbon-copy recipients, one address per entry; never written into sent messages.</summary>
    /// <value>Defaults to empty.</value>
    public List<string> Bcc { get; set; } = [];

    /// <summary>Gets or sets the domain of the <c>Message-Id</c> and thread identifiers.</summary>
    /// <value>Defaults to <see langword="null"/>: the domain of <see cref="From"/>.</value>
    public string? MessageIdDomain { get; set; }

    /// <summary>Describes the channel without its password.</summary>
    /// <returns>The server or folder, the security mode, the user and the addresses.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Host is null
            ? string.Create(CultureInfo.InvariantCulture, $"pickup {PickupDirectory}")
            : string.Create(CultureInfo.InvariantCulture, $"smtp {Host}:{Port} {Security}"));
        if (UserName is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" user {UserName} password {(Password is null ? "(none)" : "***")}");
        }

        return text.Append(CultureInfo.InvariantCulture, $" from {From} to {string.Join(", ", To.Concat(Cc).Concat(Bcc))}").ToString();
    }
}
