using Crossfold.Coordinator.Server;

namespace Crossfold.Tests.Api;

/// <summary>Event tickets work once, within their minute, and their number is bounded.</summary>
public sealed class EventTicketsTests
{
    /// <summary>A clock the test moves by hand.</summary>
    sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void A_ticket_works_once()
    {
        var tickets = new EventTickets(new ManualClock());
        string ticket = tickets.Issue()!;
        Assert.True(tickets.Redeem(ticket));
        Assert.False(tickets.Redeem(ticket));
    }

    [Fact]
    public void A_ticket_expires_after_a_minute_and_is_spent_by_the_late_try()
    {
        var clock = new ManualClock();
        var tickets = new EventTickets(clock);
        string early = tickets.Issue()!, late = tickets.Issue()!;
        clock.Now += EventTickets.Lifetime - TimeSpan.FromSeconds(1);
        Assert.True(tickets.Redeem(early));
        clock.Now += TimeSpan.FromSeconds(1);
        Assert.False(tickets.Redeem(late));
        clock.Now -= TimeSpan.FromSeconds(30); // even a clock stepping back does not revive it
        Assert.False(tickets.Redeem(late));
    }

    [Fact]
    public void Tickets_are_random_and_unknown_ones_fail()
    {
        var tickets = new EventTickets(new ManualClock());
        var issued = Enumerable.Range(0, 50).Select(_ => tickets.Issue()!).ToList();
        Assert.Equal(50, issued.Distinct().Count());
        Assert.All(issued, t => Assert.True(t.Length >= 43, t)); // 256 bits in base64url
        Assert.False(tickets.Redeem(issued[0][..^1] + (issued[0][^1] == 'A' ? 'B' : 'A')));
        Assert.False(tickets.Redeem(""));
    }

    [Fact]
    public void At_most_a_thousand_wait_and_expired_ones_make_room()
    {
        var clock = new ManualClock();
        var tickets = new EventTickets(clock);
        for (int i = 0; i < EventTickets.MaxOutstanding; i++) Assert.NotNull(tickets.Issue());
        Assert.Null(tickets.Issue());
        clock.Now += EventTickets.Lifetime;
        Assert.NotNull(tickets.Issue());
    }
}
