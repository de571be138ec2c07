package io.gatehouse.platform;

/**
 * Turns the {@code Authorization} header of a Platform API call into a {@link Principal}, or refuses with 401
 * (429 when the source has sent too many invalid tokens).
 */
@FunctionalInterface
public interface Authenticator {
    Principal authenticate(String authorizationHeader, String source);
}
