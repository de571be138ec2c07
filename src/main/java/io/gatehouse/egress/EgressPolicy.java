package io.gatehouse.egress;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gatehouse.config.ConfigException;
import io.gatehouse.config.Settings;
import io.netty.util.NetUtil;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Which provider targets Gatehouse connects to (validation, {@code /v1} upstream calls, the policy judge). A target
 * is an endpoint's {@code host:port}; the host is resolved once (on a virtual thread, cached for
 * {@link #RESOLUTION_TTL}), every address it resolves to is checked, and the connection goes to a checked address
 * that passed ({@link Target#pin}), so a name cannot resolve to an internal address between the check and the
 * connection (DNS rebinding). Refused:
 * <ul>
 *   <li>internal addresses ({@link AddressClass}) unless {@code providers.allow.private} is true;</li>
 *   <li>this node's own listeners (gateway and admin port on any local address) and cloud metadata services
 *       ({@code 169.254.169.254}, {@code fd00:ec2::254}), even when private targets are allowed;</li>
 * </ul>
 * unless the target's {@code host:port} (as the endpoint names it, or the address it resolves to) is listed in
 * {@code providers.private.allowlist}.
 */
public final class EgressPolicy implements AutoCloseable {
    /** How long a resolution is used before the name is resolved again (the JDK caches names as long). */
    public static final Duration RESOLUTION_TTL = Duration.ofSeconds(30);
    private static final Set<InetAddress> METADATA = Set.of(literalOrNull("169.254.169.254"),
            literalOrNull("fd00:ec2::254"));

    /** Resolves a host name to all its addresses (the JDK's resolver; tests give their own). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A checked target: connect to {@code address}, speak to {@code host}. */
    public record Target(String host, int port, InetAddress address) {
        /**
         * {@code options} (addressed to the host by name) connecting to the checked address: the {@code Host} header,
         * TLS SNI and certificate check keep the host's name.
         */
        public RequestOptions pin(RequestOptions options) {
            return options.setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()));
        }
    }

    private final boolean allowPrivate;
    private final Set<String> allowedNames;
    private final Set<InetSocketAddress> allowedAddresses;
    private final Set<Integer> ownPorts = ConcurrentHashMap.newKeySet();
    private final Set<InetAddress> localAddresses;
    private final ExecutorService resolving = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("gatehouse-resolve-", 0).factory());
    private final AsyncLoadingCache<String, List<InetAddress>> resolutions;

    /**
     * @param allowPrivate reach internal addresses (not the node's own listeners, not metadata services)
     * @param allowlist    {@code host:port} targets allowed whatever they resolve to ({@code [::1]:11434} for IPv6)
     */
    public EgressPolicy(boolean allowPrivate, List<String> allowlist, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.allowedNames = new HashSet<>();
        this.allowedAddresses = new HashSet<>();
        for (String entry : allowlist) {
            int colon = entry.lastIndexOf(':');
            String host = colon > 0 ? unbracket(entry.substring(0, colon)).toLowerCase(Locale.ROOT) : "";
            int port = colon > 0 ? port(entry.substring(colon + 1)) : -1;
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new ConfigException("providers.private.allowlist holds host:port entries (e.g. 127.0.0.1:11434),"
                        + " not '" + entry + "'");
            }
            InetAddress address = literalOrNull(host);
            if (address != null) {
                allowedAddresses.add(new InetSocketAddress(address, port));
            } else {
                allowedNames.add(host + ":" + port);
            }
        }
        this.localAddresses = localAddresses();
        this.resolutions = Caffeine.newBuilder()
                .expireAfterWrite(RESOLUTION_TTL)
                .maximumSize(10_000)
                .executor(resolving)
                .buildAsync(host -> List.of(resolver.resolve(host)));
    }

    /** {@code providers.allow.private} (default false) and {@code providers.private.allowlist} (comma-separated). */
    public static EgressPolicy from(Settings settings) {
        List<String> allowlist = Arrays.stream(settings.get("providers.private.allowlist", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new EgressPolicy(settings.getBoolean("providers.allow.private", false), allowlist, InetAddress::getAllByName);
    }

    /** A port this node listens on: calls to it on a local address are refused (a loop through Gatehouse itself). */
    public void ownListener(int port) {
        ownPorts.add(port);
    }

    /**
     * Checks {@code host:port} without blocking: at once when the host is an IP address or its resolution is cached,
     * else once it has been resolved off the event loop (the future then completes on the caller's Vert.x context).
     * Fails with {@link EgressRefused}, or {@link UnknownHostException} for a name that does not resolve.
     */
    public Future<Target> check(String host, int port) {
        String name = unbracket(host);
        InetAddress literal = literalOrNull(name);
        if (literal != null) {
            return decided(name, port, List.of(literal));
        }
        CompletableFuture<List<InetAddress>> addresses = resolutions.get(name.toLowerCase(Locale.ROOT));
        if (addresses.isDone() && !addresses.isCompletedExceptionally()) {
            return decided(name, port, addresses.join());
        }
        Context context = Vertx.currentContext();
        Future<List<InetAddress>> resolved = context == null ? Future.fromCompletionStage(addresses)
                : Future.fromCompletionStage(addresses, context);
        return resolved.transform(done -> done.succeeded() ? decided(name, port, done.result())
                : Future.failedFuture(unwrap(done.cause())));
    }

    /** {@link #check} for blocking callers (virtual threads). */
    public Target checkNow(String host, int port) throws UnknownHostException {
        String name = unbracket(host);
        InetAddress literal = literalOrNull(name);
        if (literal != null) {
            return decide(name, port, List.of(literal));
        }
        try {
            return decide(name, port, resolutions.get(name.toLowerCase(Locale.ROOT)).get());
        } catch (ExecutionException e) {
            if (unwrap(e) instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw new IllegalStateException("Resolving " + name + " failed", unwrap(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException(name + " (interrupted)");
        }
    }

    private Future<Target> decided(String host, int port, List<InetAddress> addresses) {
        try {
            return Future.succeededFuture(decide(host, port, addresses));
        } catch (EgressRefused refused) {
            return Future.failedFuture(refused);
        }
    }

    /**
     * Checks every address the host resolved to; the connection goes to the first that passes (never to one that
     * did not), and the target is refused when none does.
     */
    private Target decide(String host, int port, List<InetAddress> addresses) {
        boolean allowedByName = !allowedNames.isEmpty()
                && allowedNames.contains(host.toLowerCase(Locale.ROOT) + ":" + port);
        EgressRefused.Reason refused = null;
        for (InetAddress address : addresses) {
            EgressRefused.Reason reason = allowedByName ? null : refusal(address, port);
            if (reason == null) {
                return new Target(host, port, address);
            }
            refused = refused == null ? reason : refused;
        }
        throw new EgressRefused((host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port, refused);
    }

    /** Why one resolved address may not be called on {@code port}, or null when it may. */
    private EgressRefused.Reason refusal(InetAddress address, int port) {
        InetAddress plain = AddressClass.ipv4Of(address);
        if (!allowedAddresses.isEmpty() && (allowedAddresses.contains(new InetSocketAddress(address, port))
                || allowedAddresses.contains(new InetSocketAddress(plain, port)))) {
            return null;
        }
        if (METADATA.contains(plain)) {
            return EgressRefused.Reason.METADATA;
        }
        if (ownPorts.contains(port) && (plain.isLoopbackAddress() || plain.isAnyLocalAddress()
                || localAddresses.contains(plain))) {
            return EgressRefused.Reason.OWN_LISTENER;
        }
        return !allowPrivate && AddressClass.of(address).internal() ? EgressRefused.Reason.PRIVATE : null;
    }

    @Override
    public void close() {
        resolving.shutdownNow();
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The address an IP literal names (no lookup), or null for a host name. */
    private static InetAddress literalOrNull(String host) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            return null;
        }
    }

    /** The addresses of this machine's interfaces (a listener on 0.0.0.0 answers on each). */
    private static Set<InetAddress> localAddresses() {
        try {
            return NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                    .map(AddressClass::ipv4Of).collect(Collectors.toUnmodifiableSet());
        } catch (SocketException e) {
            return Set.of();
        }
    }
}
