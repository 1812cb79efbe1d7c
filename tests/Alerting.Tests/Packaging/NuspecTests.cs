using System.Xml.Linq;

namespace Alerting.Tests.Packaging;

/// <summary>Alerting.nuspec is hand-written; these pin that it says what the project builds.</summary>
[TestFixture]
public sealed class NuspecTests
{
    private static readonly string s_root = FindRoot();

    [TestCase("net8.0")]
    [TestCase("net10.0")]
    public void DependencyGroup_MatchesProjectReferencesAndCentralVersions(string targetFramework)
    {
        var expected = ProjectPackageReferences()
            .ToDictionary(id => id, id => CentralVersion(id, targetFramework), StringComparer.OrdinalIgnoreCase);

        var group = Nuspec().Descendants(Ns + "group").Single(g => (string?)g.Attribute("targetFramework") == targetFramework);
        var actual = group.Elements(Ns + "dependency")
            .ToDictionary(d => (string)d.Attribute("id")!, d => (string)d.Attribute("version")!, StringComparer.OrdinalIgnoreCase);

        Assert.That(actual, Is.EquivalentTo(expected));
    }

    [Test]
    public void Files_ShipEveryTargetFrameworkTheProjectBuilds()
    {
        var frameworks = ((string)Project().Descendants("TargetFrameworks").Single()).Split(';');
        var targets = Nuspec().Descendants(Ns + "file").Select(f => (string)f.Attribute("target")!).ToList();

        Assert.That(frameworks, Is.All.Matches<string>(tfm => targets.Contains("lib/" + tfm)));
    }

    [Test]
    public void Metadata_IdIsAlertingWithLicenseReadmeIconCopyrightAndRepository()
    {
        var metadata = Nuspec().Root!.Element(Ns + "metadata")!;
        var repository = metadata.Element(Ns + "repository")!;
        var files = Nuspec().Descendants(Ns + "file").Select(f => ((string)f.Attribute("src")!, (string)f.Attribute("target")!)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That((string?)metadata.Element(Ns + "id"), Is.EqualTo("Alerting"));
            Assert.That((string?)metadata.Element(Ns + "version"), Is.EqualTo("$version$"), "the version comes from src/Directory.Build.props");
            Assert.That((string?)metadata.Element(Ns + "license"), Is.EqualTo("MIT"));
            Assert.That((string?)metadata.Element(Ns + "readme"), Is.EqualTo("README.md"));
            Assert.That((string?)metadata.Element(Ns + "icon"), Is.EqualTo("icon.png"));
            Assert.That(files, Does.Contain(("src/icon.png", "icon.png")));
            Assert.That(File.Exists(Path.Combine(s_root, "src", "icon.png")), Is.True);
            Assert.That((string?)metadata.Element(Ns + "copyright"), Does.StartWith("Copyright"));
            Assert.That((string?)repository.Attribute("commit"), Is.EqualTo("$repositoryCommit$"));
        });
    }

    [Test]
    public void Files_ShipEveryTargetFrameworksPdbForTheSymbolsPackage()
    {
        var frameworks = ((string)Project().Descendants("TargetFrameworks").Single()).Split(';');
        var sources = Nuspec().Descendants(Ns + "file").Select(f => (string)f.Attribute("src")!).ToList();

        Assert.That(frameworks, Is.All.Matches<string>(tfm => sources.Contains($"src/Alerting/bin/$configuration$/{tfm}/Alerting.pdb")));
    }

    private static XNamespace Ns => "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";

    private static XDocument Nuspec() => XDocument.Load(Path.Combine(s_root, "Alerting.nuspec"));

    private static XDocument Project() => XDocument.Load(Path.Combine(s_root, "src", "Alerting", "Alerting.csproj"));

    private static IEnumerable<string> ProjectPackageReferences() =>
        Project().Descendants("PackageReference")
            .Where(r => (string?)r.Attribute("PrivateAssets") != "all")
            .Select(r => (string)r.Attribute("Include")!);

    private static string CentralVersion(string id, string targetFramework)
    {
        var props = XDocument.Load(Path.Combine(s_root, "Directory.Packages.props"));
        return props.Descendants("ItemGroup")
            .Where(g => AppliesTo((string?)g.Attribute("Condition"), targetFramework))
            .SelectMany(g => g.Elements("PackageVersion"))
            .Where(v => string.Equals((string?)v.Attribute("Include"), id, StringComparison.OrdinalIgnoreCase))
            .Select(v => (string)v.Attribute("Version")!)
            .Single();
    }

    private static bool AppliesTo(string? condition, string targetFramework) => condition switch
    {
        null => true,
        _ when condition.Contains("!=", StringComparison.Ordinal) => !condition.Contains($"'{targetFramework}'", StringComparison.Ordinal),
        _ => condition.Contains($"'{targetFramework}'", StringComparison.Ordinal),
    };

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Alerting.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Alerting.sln not found above the test directory.");
    }
}
