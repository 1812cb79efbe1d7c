using Alerting.Monitoring;

namespace Alerting.Tests.Monitoring;

/// <summary>The in-process store passes the job run contract; its replicas are one store shared.</summary>
[TestFixture]
public sealed class InMemoryJobRunStoreTests : JobRunStoreContractTests
{
    private protected override IReadOnlyList<IJobRunStore> CreateReplicas(int count) => [.. Enumerable.Repeat(new InMemoryJobRunStore(), count)];
}
