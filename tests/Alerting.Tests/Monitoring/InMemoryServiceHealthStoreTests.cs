using Alerting.Monitoring;

namespace Alerting.Tests.Monitoring;

/// <summary>The in-process store passes the service health contract; its replicas are one store shared.</summary>
[TestFixture]
public sealed class InMemoryServiceHealthStoreTests : ServiceHealthStoreContractTests
{
    private protected override IReadOnlyList<IServiceHealthStore> CreateReplicas(int count) => [.. Enumerable.Repeat(new InMemoryServiceHealthStore(), count)];
}
