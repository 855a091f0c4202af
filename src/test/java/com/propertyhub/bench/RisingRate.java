package com.propertyhub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rounds of a rising-rate run (saturation, writes): from {@code --rate}, each round at {@code --step} times the
 * last, until a round fails or {@code --max-rounds} is reached. One stall of a shared machine can push a few seconds'
 * p99 over the limit: such a round is run once more at the same rate before it ends the run; anything else (missing
 * deliveries, failed requests) ends it at once.
 */
final class RisingRate {
    private static final Duration SETTLE = Duration.ofSeconds(1);

    /** Runs and measures one round at {@code rate} per second. */
    interface Round {
        Map<String, Object> run(int round, double rate) throws Exception;
    }

    /** Every round measured, the last one that passed (null: none), and why the run ended. */
    record Result(List<Map<String, Object>> rounds, Map<String, Object> lastGood, String stoppedBecause) {
        /** Puts the run's settings, its rounds and why it ended into a mode's report section. */
        void putInto(Map<String, Object> section, BenchOptions o) {
            section.put("startRate", o.rate);
            section.put("step", o.step);
            section.put("roundSeconds", o.roundSeconds);
            section.put("p99LimitMs", o.p99LimitMs);
            section.put("rounds", rounds);
            section.put("stoppedBecause", stoppedBecause);
        }
    }

    private RisingRate() {
    }

    /**
     * @param unit     what the rate counts, for the log ("emits/s")
     * @param failure  why a round failed, null when it passed; a p99 failure starts with "p99"
     * @param describe a round's figures for the log
     */
    static Result climb(BenchOptions o, String unit, Round round, Function<Map<String, Object>, String> failure,
                        Function<Map<String, Object>, String> describe) throws Exception {
        List<Map<String, Object>> rounds = new ArrayList<>();
        Map<String, Object> lastGood = null;
        String stoppedBecause = "--max-rounds " + o.maxRounds + " reached";
        double rate = o.rate;
        boolean retried = false;
        for (int n = 1; n <= o.maxRounds; n++) {
            Map<String, Object> r = round.run(n, rate);
            rounds.add(r);
            String failed = failure.apply(r);
            boolean retry = failed != null && !retried && failed.startsWith("p99");
            Bench.log(String.format("round %d: %.1f %s -> %s%s", n, rate, unit, describe.apply(r),
                    failed == null ? "" : (retry ? "  -> once more: " : "  -> stop: ") + failed));
            if (retry) {
                retried = true;
                Poll.window(SETTLE);
                continue;
            }
            if (failed != null) {
                stoppedBecause = "round " + n + ": " + failed;
                break;
            }
            lastGood = r;
            retried = false;
            rate *= o.step;
            Poll.window(SETTLE);
        }
        return new Result(rounds, lastGood, stoppedBecause);
    }
}
