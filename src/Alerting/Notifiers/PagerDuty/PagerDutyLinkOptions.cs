namespace Alerting.Notifiers.PagerDuty;

/// <summary>A link shown on the PagerDuty alert (<c>links[]</c>); both fields are templates rendered against the event.</summary>
public sealed class PagerDutyLinkOptions
{
    /// <summary>Gets or sets the link target, a template such as <c>https://grafana.example.com/d/jobs?var-job={source}</c> (values are URL-encoded).</summary>
    /// <value>Required.</value>
    public string? Href { get; set; }

    /// <summary>Gets or sets the link text, a template.</summary>
    /// <value>Defaults to <see langword="null"/>: PagerDuty shows the URL.</value>
    public string? Text { get; set; }
}
