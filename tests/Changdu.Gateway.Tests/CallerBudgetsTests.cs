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
        Spend("clerk@1", 3);

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

        Spend("clerk@1", 3);
        Assert.False(_budgets.TryTake("clerk@1", out _));
    }

    [Fact]
    public void Callers_spend_their_own_budgets()
    {
        Spend("busy@1", 3);
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
        Spend("busy@1", 3);
        Assert.Equal(101, _budgets.Tracked);

        _clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(_budgets.TryTake("arriving@1", out _));

        Assert.Equal(2, _budgets.Tracked);
        Assert.False(_budgets.TryTake("busy@1", out _));
    }

    [Fact]
    public async Task Requests_at_once_share_one_budget_and_get_no_more_than_the_burst()
    {
        var granted = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var request = 0; request < 1_000; request++)
            {
                if (_budgets.TryTake("clerk@1", out _))
                {
                    Interlocked.Increment(ref granted);
                }
            }
        })));

        Assert.Equal(3, granted);
    }

    void Spend(string caller, int permits)
    {
        for (var permit = 0; permit < permits; permit++)
        {
            Assert.True(_budgets.TryTake(caller, out _), $"permit {permit + 1} of {caller}");
        }
    }

    sealed class ManualClock : TimeProvider
    {
        long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
