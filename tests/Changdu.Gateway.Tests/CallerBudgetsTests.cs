using Changdu.Gateway.Security;

namespace Changdu.Gateway.Tests;

public class CallerBudgetsTests
{
    readonly ManualClock _clock = new();
    readonly CallerBudgets _budgets;

    public CallerBudgetsTests() => _budgets = new CallerBudgets(new RateLimitOptions { PermitsPerSecond = 2, Burst = 3 }, _clock);

    [Fact]
    public void A_caller_spends_its_burst_then_waits_for_the_refill()
    {
        Assert.All(Enumerable.Range(0, 3), attempt => Assert.True(_budgets.TryTake("clerk@1", out _)));

        Assert.False(_budgets.TryTake("clerk@1", out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(0.5), retryAfter);

        _clock.Advance(TimeSpan.FromSeconds(0.25));
        Assert.False(_budgets.TryTake("clerk@1", out retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(0.25), retryAfter);

        _clock.Advance(TimeSpan.FromSeconds(0.25));
        Assert.True(_budgets.TryTake("clerk@1", out _));
        Assert.False(_budgets.TryTake("clerk@1", out _));
    }

    [Fact]
    public void A_refill_never_goes_past_the_burst()
    {
        _budgets.TryTake("clerk@1", out _);
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.All(Enumerable.Range(0, 3), attempt => Assert.True(_budgets.TryTake("clerk@1", out _)));
        Assert.False(_budgets.TryTake("clerk@1", out _));
    }

    [Fact]
    public void Callers_spend_their_own_budgets()
    {
        Assert.All(Enumerable.Range(0, 3), attempt => Assert.True(_budgets.TryTake("busy@1", out _)));
        Assert.False(_budgets.TryTake("busy@1", out _));

        Assert.True(_budgets.TryTake("other@2", out _));
    }

    [Fact]
    public void Buckets_filled_up_again_are_dropped_at_the_next_sweep_and_spent_ones_kept()
    {
        for (var caller = 0; caller < 100; caller++)
        {
            _budgets.TryTake($"passing{caller}@1", out _);
        }
        _clock.Advance(CallerBudgets.SweepInterval - TimeSpan.FromMilliseconds(100));
        Assert.All(Enumerable.Range(0, 3), attempt => _budgets.TryTake("busy@1", out _));
        Assert.Equal(101, _budgets.Tracked);

        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(_budgets.TryTake("arriving@1", out _));

        Assert.Equal(2, _budgets.Tracked);
        Assert.False(_budgets.TryTake("busy@1", out _));
    }

    [Fact]
    public void Nothing_runs_between_requests()
    {
        _budgets.TryTake("clerk@1", out _);
        _clock.Advance(TimeSpan.FromMinutes(5));
        _budgets.TryTake("clerk@1", out _);

        Assert.Equal(0, _clock.TimersCreated);
    }

    sealed class ManualClock : TimeProvider
    {
        long _ticks = 1_000_000;

        public int TimersCreated { get; private set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            TimersCreated++;
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
