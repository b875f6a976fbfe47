using Crossfold.Core.Training;
using Crossfold.Core;
using Crossfold.Torch.Training;
using Crossfold.Worker.Slots;

namespace Crossfold.Tests.Slots;

/// <summary>How a worker turns --devices, --slots and --threads into slots (on this CPU-only build and machine).</summary>
public sealed class SlotPlanTests
{
    [Fact]
    public void Cpu_slots_default_to_one_per_core_with_one_thread_each()
    {
        var slots = SlotPlan.Create("cpu", null, null);
        Assert.Equal(Environment.ProcessorCount, slots.Count);
        Assert.All(slots, s => Assert.Equal((1, "cpu"), (s.Threads, Devices.Name(s.Device))));
        Assert.Equal(Enumerable.Range(0, slots.Count), slots.Select(s => s.Index));
    }

    [Fact]
    public void Slots_and_threads_can_be_chosen()
    {
        var slots = SlotPlan.Create("cpu", 3, 2);
        Assert.Equal(3, slots.Count);
        Assert.All(slots, s => Assert.Equal(2, s.Threads));
    }

    [Fact]
    public void Auto_falls_back_to_the_cpu_and_says_so()
    {
        var notes = new List<string>();
        var slots = SlotPlan.Create("auto", 2, null, notes.Add);
        Assert.Equal(2, slots.Count);
        Assert.Contains(notes, n => n.Contains("falls back to the CPU"));
    }

    [Theory]
    [InlineData("all", "no CUDA device is visible")]
    [InlineData("cuda:0", "--devices cuda:0: no CUDA device is available")]
    [InlineData("cuda:0,cuda:0", "listed twice")]
    [InlineData("cpu,cuda:0", "cannot be mixed")]
    [InlineData("tpu", "--devices tpu: expected cpu, cuda, cuda:N or auto")]
    public void Asking_for_what_is_not_there_is_one_clear_error(string devices, string message)
    {
        var e = Assert.Throws<InputException>(() => SlotPlan.Create(devices, null, null));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Zero_slots_or_threads_are_refused()
    {
        Assert.Contains("--slots", Assert.Throws<InputException>(() => SlotPlan.Create("cpu", 0, null)).Message);
        Assert.Contains("--threads", Assert.Throws<InputException>(() => SlotPlan.Create("cpu", 1, 0)).Message);
    }
}
