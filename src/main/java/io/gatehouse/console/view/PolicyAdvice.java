package io.gatehouse.console.view;

import java.util.List;

/** The judge's advice on one policy ({@code /policy/validate}'s {@code results[]}). */
public record PolicyAdvice(long score, String severity, String advice, List<Issue> issues) {

    public record Issue(String type, String description, String suggestion) {
    }
}
