package io.gatehouse.config;

/** A setting is missing, malformed or contradicts another; the message says which and how to fix it. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
