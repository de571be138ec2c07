import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Control-plane write rate of a running node: signs in as the owner, then THREADS clients create COUNT repositories
 * in the default workspace through the Platform API (each one a transaction with its audit event) and it prints
 * "writes/s". Used by bench/store.sh; plain JDK, run as a single-file program:
 * {@code java bench/StoreWrites.java http://127.0.0.1:18091 password [count=300] [threads=4] [prefix=r]}.
 */
public final class StoreWrites {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        String admin = args[0];
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        String prefix = args.length > 4 ? args[4] : "r";
        String token = field(send(admin + "/user/login", null,
                "{\"email\":\"admin@localhost\",\"password\":\"" + args[1] + "\"}"), "accessToken");
        String workspace = field(send(admin + "/workspace", token, null), "id");
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    String answer = send(admin + "/repo", token,
                            "{\"name\":\"" + prefix + i + "\",\"workspaceId\":\"" + workspace + "\"}");
                    if (!answer.contains("\"success\":true")) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%.0f writes/s (%d in %.2f s, %d failed)%n", count / seconds, count, seconds, failed.get());
    }

    private static String send(String url, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(body == null ? "GET" : "POST", body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(url + ": " + e, e);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
