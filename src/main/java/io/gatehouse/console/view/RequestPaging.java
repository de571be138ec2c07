package io.gatehouse.console.view;

/**
 * Paging of the request log, which has no total (counting a busy window would read all of it): links to the newer
 * and older pages when there are some, and the positions of this page's first and last rows.
 */
public record RequestPaging(String newer, String older, int from, int to) {
}
