using Alerting.Notifiers.Http;
using Alerting.Templates;

namespace Alerting.Notifiers.PagerDuty.Internal;

/// <summary>The channel's text options, parsed once.</summary>
internal sealed class PagerDutyTemplates
{
    private PagerDutyTemplates()
    {
    }

    public MessageTemplate? Source { get; private init; }

    public MessageTemplate? Component { get; private init; }

    public MessageTemplate? Group { get; private init; }

    public MessageTemplate? Class { get; private init; }

    public MessageTemplate? ClientUrl { get; private init; }

    public IReadOnlyList<(MessageTemplate Href, MessageTemplate? Text)> Links { get; private init; } = [];

    public IReadOnlyList<(MessageTemplate Src, MessageTemplate? Href, MessageTemplate? Alt)> Images { get; private init; } = [];

    /// <summary>Parses every template, adding a message per problem; null when there was one.</summary>
    public static PagerDutyTemplates? TryCompile(PagerDutyOptions options, List<string> errors)
    {
        var before = errors.Count;
        var links = new List<(MessageTemplate, MessageTemplate?)>();
        for (var i = 0; i < (options.Links?.Count ?? 0); i++)
        {
            var link = options.Links![i];
            var href = Required($"Links[{i}].Href", link.Href, errors);
            var text = HttpOptionsValidation.Template($"Links[{i}].Text", link.Text, errors);
            if (href is not null)
            {
                links.Add((href, text));
            }
        }

        var images = new List<(MessageTemplate, MessageTemplate?, MessageTemplate?)>();
        for (var i = 0; i < (options.Images?.Count ?? 0); i++)
        {
            var image = options.Images![i];
            var src = Required($"Images[{i}].Src", image.Src, errors);
            var href = HttpOptionsValidation.Template($"Images[{i}].Href", image.Href, errors);
            var alt = HttpOptionsValidation.Template($"Images[{i}].Alt", image.Alt, errors);
            if (src is not null)
            {
                images.Add((src, href, alt));
            }
        }

        var compiled = new PagerDutyTemplates
        {
            Source = Required(nameof(options.Source), options.Source, errors),
            Component = HttpOptionsValidation.Template(nameof(options.Component), options.Component, errors),
            Group = HttpOptionsValidation.Template(nameof(options.Group), options.Group, errors),
            Class = HttpOptionsValidation.Template(nameof(options.Class), options.Class, errors),
            ClientUrl = HttpOptionsValidation.Template(nameof(options.ClientUrl), options.ClientUrl, errors),
            Links = links,
            Images = images,
        };
        return errors.Count == before ? compiled : null;
    }

    private static MessageTemplate? Required(string field, string? text, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add($"{field} is required.");
            return null;
        }

        return HttpOptionsValidation.Template(field, text, errors);
    }
}
