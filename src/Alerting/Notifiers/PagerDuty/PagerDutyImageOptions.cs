namespace Alerting.Notifiers.PagerDuty;

/// <summary>An image shown on the PagerDuty alert (<c>images[]</c>); every field is a template rendered against the event.</summary>
public sealed class PagerDutyImageOptions
{
    /// <summary>Gets or sets the image URL, a template; PagerDuty requires HTTPS (values are URL-encoded).</summary>
    /// <value>Required.</value>
    public string? Src { get; set; }

    /// <summary>Gets or sets where clicking the image leads, a template (values are URL-encoded).</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? Href { get; set; }

    /// <summary>Gets or sets the alternative text, a template.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public string? Alt { get; set; }
}
