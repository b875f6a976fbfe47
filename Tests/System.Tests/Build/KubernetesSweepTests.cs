using System.CommandLine;
using System.Text.RegularExpressions;
using Crossfold.Cli;
using Crossfold.Core.Sweeps;
using Crossfold.Tests.Support;
using Crossfold.Worker.Hosting;
using YamlDotNet.RepresentationModel;

namespace Crossfold.Tests.Build;

/// <summary>What k8s/ hands the programs must be what they read: the sweep `kubectl apply -k k8s/submit` sends, and every CROSSFOLD_* variable and flag.</summary>
public class KubernetesSweepTests
{
    [Fact]
    public void The_sweep_k8s_submit_sends_parses_and_matches_the_quick_sweep()
    {
        string root = SweepYaml.RepositoryRoot();
        var sent = SweepFileParser.Parse(File.ReadAllText(Path.Combine(root, "k8s", "submit", "sweep.yaml")), "k8s/submit/sweep.yaml").Definition;
        var quick = SweepFileParser.Parse(File.ReadAllText(Path.Combine(root, "sweeps", "quick.yaml")), "sweeps/quick.yaml").Definition;

        Assert.Equal(quick.Name, sent.Name);
        Assert.Equal(quick.Dataset, sent.Dataset);
        Assert.Equal(quick.Architectures.Select(a => a.Name), sent.Architectures.Select(a => a.Name));
        Assert.Equal(SweepPlan.Create(quick, "q", "f", 28, 28).Jobs.Count, SweepPlan.Create(sent, "q", "f", 28, 28).Jobs.Count);
    }

    /// <summary>
    /// A variable or flag the program does not know is silently ignored, so a rename on either side would
    /// leave a pod without the setting: for the cluster TLS variables that means a node that refuses to start.
    /// </summary>
    [Fact]
    public void Every_CROSSFOLD_variable_and_flag_in_the_manifests_is_one_its_program_reads()
    {
        var programs = new Dictionary<string, Command>
        {
            ["coordinator"] = ServeCommand.Build(),
            ["worker"] = WorkerCommandLine.Build(),
            ["submit"] = CrossfoldCommandLine.Build().Subcommands.Single(c => c.Name == "submit"),
        };
        // Which program reads a container's environment, and which a generated ConfigMap's.
        var configMaps = new Dictionary<string, string> { ["crossfold-coordinator-config"] = "coordinator", ["crossfold-worker-config"] = "worker" };

        var used = new List<(string Program, string Setting, string File)>();
        string k8s = Path.Combine(SweepYaml.RepositoryRoot(), "k8s");
        foreach (string file in Directory.EnumerateFiles(k8s, "*.yaml", SearchOption.AllDirectories).Where(f => !f.Contains("node_modules")))
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(file)) yaml.Load(reader);
            string relative = Path.GetRelativePath(k8s, file);
            foreach (var mapping in yaml.Documents.SelectMany(d => Mappings(d.RootNode)))
            {
                if (Scalar(mapping, "name") is string container && programs.ContainsKey(container) && (Has(mapping, "image") || Has(mapping, "env")))
                {
                    foreach (var env in Sequence(mapping, "env").OfType<YamlMappingNode>())
                        if (Scalar(env, "name") is string name && name.StartsWith("CROSSFOLD_", StringComparison.Ordinal)) used.Add((container, name, relative));
                    foreach (string arg in Sequence(mapping, "args").OfType<YamlScalarNode>().Select(a => a.Value!))
                        if (arg.StartsWith("--", StringComparison.Ordinal)) used.Add((container, arg, relative));
                }
                foreach (var generator in Sequence(mapping, "configMapGenerator").OfType<YamlMappingNode>())
                    if (Scalar(generator, "name") is string map && configMaps.TryGetValue(map, out string? program))
                        foreach (string literal in Sequence(generator, "literals").OfType<YamlScalarNode>().Select(l => l.Value!))
                            used.Add((program, literal.Split('=')[0], relative));
            }
        }

        Assert.Contains(used, u => u is { Program: "coordinator", Setting: "CROSSFOLD_TLS_CA" });
        Assert.Contains(used, u => u is { Program: "worker", Setting: "CROSSFOLD_TLS_CERTIFICATE" });
        Assert.Contains(used, u => u is { Program: "worker", Setting: "CROSSFOLD_PORT" });
        Assert.Contains(used, u => u is { Program: "submit", Setting: "--token-file" });
        string[] unknown = used.Where(u => !Reads(programs[u.Program], u.Setting)).Select(u => $"{u.File}: {u.Program} does not read {u.Setting}").Distinct().ToArray();
        Assert.True(unknown.Length == 0, string.Join("\n", unknown));
    }

    static bool Reads(Command command, string setting) => setting.StartsWith("--", StringComparison.Ordinal)
        ? command.Options.Any(o => o.Name == setting || o.Aliases.Contains(setting))
        : command.Options.Any(o => Regex.IsMatch(o.Description ?? "", $@"\[env {Regex.Escape(setting)}\]"));

    static IEnumerable<YamlMappingNode> Mappings(YamlNode node) => node switch
    {
        YamlMappingNode m => m.Children.Values.SelectMany(Mappings).Prepend(m),
        YamlSequenceNode s => s.Children.SelectMany(Mappings),
        _ => [],
    };

    static bool Has(YamlMappingNode mapping, string key) => mapping.Children.ContainsKey(new YamlScalarNode(key));

    static string? Scalar(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode s ? s.Value : null;

    static IEnumerable<YamlNode> Sequence(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode s ? s.Children : [];
}
