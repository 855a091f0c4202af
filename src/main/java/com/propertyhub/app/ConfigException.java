package com.propertyhub.app;

/** A setting is missing or malformed; the application refuses to start and says which. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
