package io.gatehouse.provider.bedrock;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where Bedrock lives: a configuration's endpoint is a region ({@code us-east-1}), which names the standard runtime
 * host {@code bedrock-runtime.<region>.amazonaws.com} (requests) and control-plane host
 * {@code bedrock.<region>.amazonaws.com} (the model list), or a full URL (a proxy, a VPC endpoint, a test double) that
 * receives both. The signing region is read from the host; a host that names none (a proxy) is signed for
 * {@link #DEFAULT_REGION}.
 */
final class BedrockEndpoints {
    static final String DEFAULT_REGION = "us-east-1";
    /** AWS region names: {@code us-east-1}, {@code eu-central-2}, {@code us-gov-west-1}, {@code ap-southeast-4}. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern REGION_IN_HOST = Pattern.compile("(?:^|\\.)(" + REGION.pattern() + ")\\.");
    private static final Pattern RUNTIME_HOST = Pattern.compile("^(https://)bedrock-runtime(-fips)?\\.(.+)$");

    private BedrockEndpoints() {
    }

    /** The runtime URL of a region name; anything else as written. */
    static String expand(String written) {
        String trimmed = written.strip();
        return REGION.matcher(trimmed.toLowerCase(Locale.ROOT)).matches()
                ? "https://bedrock-runtime." + trimmed.toLowerCase(Locale.ROOT) + ".amazonaws.com" : written;
    }

    /** The control-plane URL next to a standard runtime URL; any other URL receives both. */
    static String controlPlane(String endpoint) {
        Matcher m = RUNTIME_HOST.matcher(endpoint);
        return m.matches() && endpoint.contains(".amazonaws.com") ? m.group(1) + "bedrock" + (m.group(2) == null ? "" : m.group(2))
                + "." + m.group(3) : endpoint;
    }

    /**
     * The STS base URL that assumes a configuration's role: {@code sts.<region>.amazonaws.com} (STS's regional
     * endpoint, {@code sts-fips} next to a FIPS runtime host) for a standard runtime URL; any other URL (a proxy, a
     * VPC endpoint, a test double) receives the AssumeRole call too, at its base (scheme, host and port).
     */
    static String sts(String endpoint) {
        Matcher m = RUNTIME_HOST.matcher(endpoint);
        if (m.matches() && endpoint.contains(".amazonaws.com")) {
            URI uri = URI.create(endpoint);
            return "https://sts" + (m.group(2) == null ? "" : m.group(2)) + "." + region(uri.getHost()) + ".amazonaws.com";
        }
        URI uri = URI.create(endpoint);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** The region a host names ({@code bedrock-runtime.eu-west-1.amazonaws.com}, a VPC endpoint's name), else the default. */
    static String region(String host) {
        Matcher m = REGION_IN_HOST.matcher(host.toLowerCase(Locale.ROOT));
        return m.find() ? m.group(1) : DEFAULT_REGION;
    }
}
