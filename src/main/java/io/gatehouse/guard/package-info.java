/**
 * In-process protections against abuse shared by both listeners: throttling repeated authentication failures per
 * source ({@link io.gatehouse.guard.FailureThrottle}), and keeping each listener answering when clients hold its
 * connections — connection caps and header, body and idle timeouts ({@link io.gatehouse.guard.ListenerGuard}).
 */
package io.gatehouse.guard;
