/**
 * Text safety shared by the logs and the Platform API's field checks: which characters change how text is shown
 * (line breaks, terminal escapes, bidirectional overrides) rather than what it says, and how to make them visible.
 */
package io.gatehouse.text;
