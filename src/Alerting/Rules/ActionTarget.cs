using Alerting.Templates;

namespace Alerting.Rules;

/// <summary>Where a rule's action goes: a channel by name, with its compiled templates. <c>Dispatch</c> derives the run-time channel from it.</summary>
/// <param name="name">The channel name.</param>
/// <param name="templates">The channel's compiled templates.</param>
internal abstract class ActionTarget(string name, TemplateSet templates)
{
    public string Name { get; } = name;

    public TemplateSet Templates { get; } = templates;
}
