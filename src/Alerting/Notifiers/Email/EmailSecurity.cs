namespace Alerting.Notifiers.Email;

/// <summary>How an e-mail channel secures its connection to the SMTP server. No mode falls back to plain text.</summary>
public enum EmailSecurity
{
    /// <summary>Connect in plain text, then upgrade with STARTTLS (port 587 by default); fails if the server does not offer it.</summary>
    StartTls = 0,

    /// <summary>TLS from the first byte (implicit TLS, port 465 by default).</summary>
    SslOnConnect = 1,

    /// <summary>
    /// No TLS at all (port 25 by default): alerts and credentials cross the network readable. Only allowed together
    /// with <see cref="EmailOptions.AllowPlainText"/>, for local relays and test servers.
    /// </summary>
    None = 2,
}
