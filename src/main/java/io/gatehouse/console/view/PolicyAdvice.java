package io.gatehouse.console.view;

import java.util.List;

/** The advice on one policy ({@code /policy/validate}'s {@code results[]}) and how it will be enforced. */
public record PolicyAdvice(long score, String severity, String advice, List<Issue> issues, Enforcement enforcement) {

    public record Issue(String type, String description, String suggestion) {
    }
}
