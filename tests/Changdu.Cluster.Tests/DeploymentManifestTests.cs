using System.Text.RegularExpressions;
using Changdu.Gateway.Hosting;
using Changdu.Gateway.Live;
using Changdu.Grains;
using Changdu.Hosting;
using Changdu.Hosting.Hierarchy;
using Changdu.Hosting.Storage;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Changdu.Cluster.Tests;

/// <summary>No container engine runs here, so the manifests are checked against the code instead.</summary>
public partial class DeploymentManifestTests
{
    /// <summary>Every configuration section the services bind, and the options type that defines its keys.</summary>
    static readonly Dictionary<string, Type> Sections = new()
    {
        [StorageOptions.Section] = typeof(StorageOptions),
        [SiloHostingOptions.Section] = typeof(SiloHostingOptions),
        [MembershipOptions.Section] = typeof(MembershipOptions),
        [RollupOptions.Section] = typeof(RollupOptions),
        [LiveOptions.Section] = typeof(LiveOptions),
        [RequestLimitOptions.Section] = typeof(RequestLimitOptions),
        [HierarchyOptions.Section] = typeof(HierarchyOptions),
        [PersonalDataOptions.Section] = typeof(PersonalDataOptions),
        [DutyOptions.Section] = typeof(DutyOptions),
        [LeaveOptions.Section] = typeof(LeaveOptions),
        [Changdu.Gateway.Api.SummonsOptions.Section] = typeof(Changdu.Gateway.Api.SummonsOptions),
        [Changdu.Gateway.Photos.PhotoOptions.Section] = typeof(Changdu.Gateway.Photos.PhotoOptions),
    };

    static readonly string[] Images = ["changdu/silo:latest", "changdu/gateway:latest"];

    /// <summary>What Microsoft.Orleans.Hosting.Kubernetes reads from the pod.</summary>
    static readonly string[] KubernetesHostingVariables = ["ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID", "POD_NAME", "POD_NAMESPACE", "POD_IP"];

    static List<Dictionary<object, object>> Documents(params string[] path)
    {
        using var reader = new StringReader(File.ReadAllText(RepositoryRoot.Combine(path)));
        var parser = new MergingParser(new Parser(reader));
        var deserializer = new DeserializerBuilder().Build();
        var documents = new List<Dictionary<object, object>>();
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        while (!parser.Accept<YamlDotNet.Core.Events.StreamEnd>(out _))
        {
            documents.Add(deserializer.Deserialize<Dictionary<object, object>>(parser));
        }
        return documents;
    }

    static IEnumerable<Dictionary<object, object>> KubernetesContainers() =>
        Directory.GetFiles(RepositoryRoot.Combine("deploy", "kubernetes"), "*.yaml")
            .SelectMany(file => Documents("deploy", "kubernetes", Path.GetFileName(file)))
            .Where(document => (string)document["kind"] == "Deployment")
            .SelectMany(deployment => Items(Map(Map(Map(deployment["spec"])["template"])["spec"])["containers"]).Select(Map));

    static Dictionary<object, object> Map(object node) => (Dictionary<object, object>)node;

    static List<object> Items(object node) => (List<object>)node;

    static void AssertKnownSetting(string name, string value, string where)
    {
        if (!name.Contains("__", StringComparison.Ordinal))
        {
            return;
        }
        var (section, key) = (name.Split("__")[0], name.Split("__")[1]);
        if (section == "Cluster")
        {
            Assert.Equal("Mode", key);
            Assert.True(Enum.TryParse<ClusterMode>(value, out _), $"{where}: Cluster__Mode={value}");
            return;
        }
        Assert.True(Sections.TryGetValue(section, out var options), $"{where}: {name} names no configuration section the services read");
        var property = options.GetProperty(key);
        Assert.True(property is { CanWrite: true }, $"{where}: {name} is not a setting of {options.Name}");
        if (property!.PropertyType.IsEnum)
        {
            Assert.True(Enum.TryParse(property.PropertyType, value, out _), $"{where}: {name}={value} is not a {property.PropertyType.Name}");
        }
    }

    [Fact]
    public void Kubernetes_containers_use_known_settings_declared_ports_and_the_health_endpoints()
    {
        var containers = KubernetesContainers().ToList();
        Assert.Equal(2, containers.Count);
        foreach (var container in containers)
        {
            var name = (string)container["name"];
            Assert.Contains((string)container["image"], Images);
            var ports = Items(container["ports"]).Select(Map).ToDictionary(port => (string)port["name"], port => int.Parse((string)port["containerPort"]));
            var env = Items(container["env"]).Select(Map).ToDictionary(variable => (string)variable["name"], variable => variable.TryGetValue("value", out var v) ? (string)v : "");
            foreach (var (variable, value) in env)
            {
                AssertKnownSetting(variable, value, $"kubernetes {name}");
            }
            Assert.EndsWith($":{ports["http"]}", env["ASPNETCORE_URLS"]);
            Assert.Equal("/health/ready", (string)Map(Map(container["readinessProbe"])["httpGet"])["path"]);
            Assert.Equal("/health/live", (string)Map(Map(container["livenessProbe"])["httpGet"])["path"]);
            Assert.Contains((string)Map(Map(container["readinessProbe"])["httpGet"])["port"], ports.Keys);
            if (name == "silo")
            {
                Assert.Equal(int.Parse(env["Orleans__SiloPort"]), ports["silo"]);
                Assert.Equal(int.Parse(env["Orleans__GatewayPort"]), ports["gateway"]);
                Assert.Equal(new SiloHostingOptions().SiloPort, ports["silo"]);
                Assert.Equal(new SiloHostingOptions().GatewayPort, ports["gateway"]);
                Assert.Equal("true", env["Orleans__Kubernetes"]);
                Assert.All(KubernetesHostingVariables, required => Assert.Contains(required, env.Keys));
            }
        }
        var secret = Documents("deploy", "kubernetes", "postgres-secret.yaml").Single();
        Assert.Contains("connection-string", Map(secret["stringData"]).Keys);
    }

    [Fact]
    public void Compose_services_use_known_settings_and_the_built_images()
    {
        var compose = Documents("deploy", "compose", "compose.yaml").Single();
        var services = Map(compose["services"]);
        foreach (var (service, definition) in services.Select(pair => ((string)pair.Key, Map(pair.Value))))
        {
            if (service == "postgres")
            {
                continue;
            }
            Assert.Contains((string)definition["image"], Images);
            foreach (var (variable, value) in Map(definition["environment"]).Select(pair => ((string)pair.Key, (string)pair.Value)))
            {
                AssertKnownSetting(variable, value, $"compose {service}");
            }
        }
        Assert.Equal(["gateway", "postgres", "silo1", "silo2"], services.Keys.Cast<string>().Order());
    }

    [Fact]
    public void Systemd_units_use_known_settings_and_the_built_assemblies()
    {
        foreach (var unit in Directory.GetFiles(RepositoryRoot.Combine("deploy", "systemd")))
        {
            var text = File.ReadAllText(unit);
            foreach (Match setting in EnvironmentLine().Matches(text))
            {
                AssertKnownSetting(setting.Groups["name"].Value, setting.Groups["value"].Value, Path.GetFileName(unit));
            }
            foreach (Match dll in Assembly().Matches(text))
            {
                Assert.True(File.Exists(RepositoryRoot.ServiceDll(dll.Groups["project"].Value)), $"{unit} runs {dll.Value}");
            }
        }
    }

    [Fact]
    public void Dockerfile_builds_one_image_per_service_running_its_assembly()
    {
        var dockerfile = File.ReadAllText(RepositoryRoot.Combine("deploy", "docker", "Dockerfile"));

        foreach (var project in new[] { "Silo", "Gateway" })
        {
            Assert.Contains($"AS {project.ToLowerInvariant()}", dockerfile);
            Assert.Contains($"dotnet publish src/{project}", dockerfile);
            Assert.Contains($"\"Changdu.{project}.dll\"", dockerfile);
        }
    }

    [GeneratedRegex("^Environment=(?<name>[A-Za-z_]+)=(?<value>.*)$", RegexOptions.Multiline)]
    private static partial Regex EnvironmentLine();

    [GeneratedRegex(@"Changdu\.(?<project>Silo|Gateway)\.dll")]
    private static partial Regex Assembly();
}
