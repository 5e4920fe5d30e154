package org.agilab.runtime.protocol;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SSH secrets handed to this manager through the control channel (the IDE takes them from Secure Storage). They
 * live only in memory and are registered with the redactor as they arrive.
 */
public final class Credentials {

    /** A user and a password or key passphrase for one host; either secret may be null. */
    public record Secret(String user, String password, String passphrase) {
        @Override
        public String toString() {
            return "Secret[user=" + user + ", password=" + (password == null ? "none" : "***")
                    + ", passphrase=" + (passphrase == null ? "none" : "***") + "]";
        }
    }

    private final Map<String, Secret> byHost = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.BiConsumer<String, Secret>> forwards = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void put(String host, Secret secret) {
        byHost.put(host == null ? "*" : host, secret);
        forwards.forEach(forward -> forward.accept(host, secret));
    }

    /**
     * Hands {@code forward} every secret held now and each one put later, by host (null: every host): a manager
     * passes them on to the coordinator that runs its command.
     */
    public void forward(java.util.function.BiConsumer<String, Secret> forward) {
        forwards.add(forward);
        byHost.forEach((host, secret) -> forward.accept("*".equals(host) ? null : host, secret));
    }

    /** The secret for a host, or the one given for every host ("*"). */
    public Optional<Secret> forHost(String host) {
        Secret secret = byHost.get(host);
        return Optional.ofNullable(secret != null ? secret : byHost.get("*"));
    }
}
