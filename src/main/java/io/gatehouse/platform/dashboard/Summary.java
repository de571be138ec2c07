package io.gatehouse.platform.dashboard;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code SummaryStats} over a series' bucket values, empty buckets included as zeros: the total, the mean, the
 * population standard deviation, the extremes and the 10th, 50th and 90th percentiles by linear interpolation between
 * the two nearest ranks (Hyndman and Fan's definition 7, as numpy's and spreadsheets' PERCENTILE.INC; decision 0019).
 */
final class Summary {
    private Summary() {
    }

    static Map<String, Object> of(double[] values) {
        Map<String, Object> s = new LinkedHashMap<>();
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double total = Arrays.stream(values).sum();
        double avg = values.length == 0 ? 0 : total / values.length;
        double squares = Arrays.stream(values).map(v -> (v - avg) * (v - avg)).sum();
        s.put("total", number(total));
        s.put("avg", number(avg));
        s.put("stdDev", number(values.length == 0 ? 0 : Math.sqrt(squares / values.length)));
        s.put("min", number(sorted.length == 0 ? 0 : sorted[0]));
        s.put("max", number(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
        s.put("p10", number(percentile(sorted, 0.10)));
        s.put("p50", number(percentile(sorted, 0.50)));
        s.put("p90", number(percentile(sorted, 0.90)));
        return s;
    }

    /** The {@code p}-quantile of ascending {@code sorted}: rank {@code p·(n−1)}, interpolated between its neighbours. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        double rank = p * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    /** Whole numbers as integers (counts stay exact in JSON), the rest rounded to six decimals. */
    private static Number number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return (long) v;
        }
        return Math.round(v * 1e6) / 1e6;
    }
}
