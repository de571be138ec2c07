package io.gatehouse.console.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chart's data as a table, its text alternative: one row per label (bucket, repository, model, …) with a value per
 * series. Rows where every series is zero are left out: a day in minutes is 1,440 mostly empty rows.
 */
public record ChartTable(String id, String title, List<String> columns, List<List<String>> rows) {

    /** From a chart's JSON spec: {@code labels} and {@code datasets[{label, data}]}. */
    @SuppressWarnings("unchecked")
    public static ChartTable of(String id, String title, Map<String, Object> spec) {
        List<String> labels = (List<String>) spec.get("labels");
        List<Map<String, Object>> datasets = (List<Map<String, Object>>) spec.get("datasets");
        List<String> columns = new ArrayList<>(List.of(spec.get("type").equals("line") ? "Time (UTC)" : title.replace("By ", "")));
        datasets.forEach(d -> columns.add((String) d.get("label")));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            List<String> row = new ArrayList<>(List.of(labels.get(i)));
            boolean any = false;
            for (Map<String, Object> d : datasets) {
                Number value = ((List<Number>) d.get("data")).get(i);
                any |= value.doubleValue() != 0;
                row.add(value.toString());
            }
            if (any) {
                rows.add(row);
            }
        }
        return new ChartTable(id, title, columns, rows);
    }
}
