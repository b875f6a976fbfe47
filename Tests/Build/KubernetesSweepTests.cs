using Crossfold.Shared.Sweeps;
using Crossfold.Tests.Sweeps;

namespace Crossfold.Tests.Build;

/// <summary>The sweep file that `kubectl apply -k k8s/submit` sends must stay a valid sweep.</summary>
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
}
