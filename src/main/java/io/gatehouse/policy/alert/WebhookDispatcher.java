package io.gatehouse.policy.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.config.Settings;
import io.gatehouse.crypto.SecretBox;
import io.gatehouse.policy.AlertNotifier;
import io.gatehouse.policy.PolicyAlert;
import io.gatehouse.policy.alert.WebhookTargets.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends policy alerts to the webhooks of their organization. {@link #notify} only offers the alert to a bounded
 * queue (a full queue drops it, counted), so a request never waits for a webhook. One virtual thread takes alerts,
 * looks up the organization's webhooks ({@link WebhookTargets}, cached with a time to live) and starts one delivery
 * per webhook on a virtual thread, at most {@code concurrency} at a time. A delivery POSTs the alert as JSON, signed
 * when the webhook has a secret, and is retried with exponential backoff after 5xx, 408, 429, timeouts and
 * connection errors, up to {@code attempts} times; any other answer ends it. Redirects are never followed. Outcomes
 * are counted in {@code gatehouse_alert_webhook_deliveries_total{outcome=delivered|failed|dropped}}; logs name the
 * webhook and alert ids, never a secret or the alert's text.
 */
public final class WebhookDispatcher implements AlertNotifier, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final long DROP_WARNING_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The dispatcher's settings (docs/configuration.md, "Alert webhooks"). */
    public record Options(int queueCapacity, int attempts, Duration backoff, Duration timeout, Duration cacheTtl,
                          int concurrency) {
        public static Options from(Settings s) {
            return new Options(s.getInt("policy.webhook.queue.capacity", 10_000),
                    Math.max(1, s.getInt("policy.webhook.attempts", 5)),
                    s.getDuration("policy.webhook.backoff", Duration.ofSeconds(1)),
                    s.getDuration("policy.webhook.timeout", Duration.ofSeconds(10)),
                    s.getDuration("policy.webhook.cache.ttl", Duration.ofSeconds(30)),
                    Math.max(1, s.getInt("policy.webhook.concurrency", 32)));
        }
    }

    private final WebhookTargets targets;
    private final Options options;
    private final Clock clock;
    private final BlockingQueue<PolicyAlert> queue;
    private final HttpClient http;
    private final ExecutorService deliveries = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("gatehouse-webhook-", 0).factory());
    private final Semaphore inFlight;
    private final Thread worker;
    private final Counter delivered;
    private final Counter failed;
    private final Counter dropped;
    private final AtomicLong lastDropWarning = new AtomicLong(System.nanoTime() - DROP_WARNING_EVERY_NANOS);
    private volatile boolean closed;

    public WebhookDispatcher(Jdbi jdbi, SecretBox box, Options options, Clock clock, MeterRegistry registry) {
        this.targets = new WebhookTargets(jdbi, box, options.cacheTtl());
        this.options = options;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, options.queueCapacity()));
        this.inFlight = new Semaphore(options.concurrency());
        this.http = HttpClient.newBuilder()
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        String name = "gatehouse_alert_webhook_deliveries";
        String description = "Alert webhook deliveries by outcome (failed: refused or retries exhausted;"
                + " dropped: the queue was full)";
        this.delivered = Counter.builder(name).tag("outcome", "delivered").description(description).register(registry);
        this.failed = Counter.builder(name).tag("outcome", "failed").description(description).register(registry);
        this.dropped = Counter.builder(name).tag("outcome", "dropped").description(description).register(registry);
        Gauge.builder("gatehouse_alert_webhook_queue_depth", queue, BlockingQueue::size)
                .description("Alerts waiting to be sent to webhooks").register(registry);
        this.worker = Thread.ofVirtual().name("gatehouse-webhook-dispatcher").start(this::run);
    }

    @Override
    public void notify(PolicyAlert alert) {
        if (closed || !queue.offer(alert)) {
            dropped.increment();
            long now = System.nanoTime();
            long last = lastDropWarning.get();
            if (now - last >= DROP_WARNING_EVERY_NANOS && lastDropWarning.compareAndSet(last, now)) {
                log.warn("Alert {} of policy {} was not sent to webhooks: the webhook queue is full ({} alerts dropped"
                        + " so far; warned at most every 10 s)", alert.id(), alert.policyId(), (long) dropped.count());
            }
        }
    }

    private void run() {
        while (!closed) {
            PolicyAlert alert;
            try {
                alert = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                dispatch(alert);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failed.increment();
                log.warn("Alert {} could not be sent to the webhooks of organization {}: {}", alert.id(), alert.orgId(),
                        e.toString());
            }
        }
    }

    private void dispatch(PolicyAlert alert) throws InterruptedException {
        var webhooks = targets.of(alert.orgId());
        if (webhooks.isEmpty()) {
            return;
        }
        byte[] body = body(alert);
        for (Target target : webhooks) {
            inFlight.acquire();
            try {
                deliveries.execute(() -> {
                    try {
                        deliver(target, alert.id(), body);
                    } finally {
                        inFlight.release();
                    }
                });
            } catch (RuntimeException rejected) {
                inFlight.release();
                throw rejected;
            }
        }
    }

    /** Tries one webhook until it accepts, refuses, or the attempts run out. */
    private void deliver(Target target, String alertId, byte[] body) {
        String deliveryId = UUID.randomUUID().toString();
        Duration wait = options.backoff();
        for (int attempt = 1; ; attempt++) {
            String problem;
            boolean retryable;
            try {
                int status = http.send(request(target, deliveryId, body), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    delivered.increment();
                    return;
                }
                problem = "HTTP " + status;
                retryable = status >= 500 || status == 408 || status == 429;
            } catch (IOException e) {
                problem = e.getClass().getSimpleName();
                retryable = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.increment();
                return;
            }
            if (!retryable || attempt >= options.attempts() || closed) {
                failed.increment();
                log.warn("Alert {} was not delivered to {} ({} after {} attempt{})", alertId, target, problem, attempt,
                        attempt == 1 ? "" : "s");
                return;
            }
            log.debug("Alert {} to {}: {}, retrying in {} ms", alertId, target, problem, wait.toMillis());
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                failed.increment();
                return;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
        }
    }

    private HttpRequest request(Target target, String deliveryId, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url())
                .timeout(options.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Gatehouse-Webhook/1")
                .header("X-Gatehouse-Event", "policy.alert")
                .header("X-Gatehouse-Delivery", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (target.secret() != null) {
            request.header(WebhookSignature.HEADER, WebhookSignature.sign(target.secret().reveal(), body))
                    .header("X-Gatehouse-Timestamp", Long.toString(clock.instant().getEpochSecond()));
        }
        return request.build();
    }

    /**
     * The alert as JSON: the fields of a {@code /policy/alerts} item in its order, then the organization, workspace and
     * request id. {@code userId} is the end user the request named (null when none); {@code userName} is null here:
     * a member's name is looked up when {@code /policy/alerts} is read, not when the alert is sent.
     */
    static byte[] body(PolicyAlert alert) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", alert.id());
        json.put("policyId", alert.policyId());
        json.put("policyName", alert.policyName());
        json.put("timestamp", alert.timestamp() == null ? null : alert.timestamp().toString());
        json.put("message", alert.message());
        json.put("conversationId", alert.conversationId());
        json.put("repoId", alert.repoId());
        json.put("repoName", alert.repoName());
        json.put("userId", alert.userId());
        json.put("userName", null);
        json.put("repoAiApiKeyId", alert.apiKeyId());
        json.put("repoAiApiKeyName", alert.apiKeyName());
        json.put("llmType", alert.llmType());
        json.put("llmModel", alert.llmModel());
        json.put("host", alert.host());
        json.put("direction", alert.direction());
        json.put("orgId", alert.orgId());
        json.put("workspaceId", alert.workspaceId());
        json.put("requestId", alert.requestId());
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops taking alerts; deliveries under way get a moment to finish, what is still queued is dropped. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        deliveries.shutdown();
        try {
            if (!deliveries.awaitTermination(2, TimeUnit.SECONDS)) {
                deliveries.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = queue.size();
        if (left > 0) {
            dropped.increment(left);
            log.warn("{} alert(s) were not sent to webhooks before shutdown", left);
        }
        http.close();
    }
}
