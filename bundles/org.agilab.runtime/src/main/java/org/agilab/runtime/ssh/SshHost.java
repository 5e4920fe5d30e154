package org.agilab.runtime.ssh;

import java.nio.file.Path;

/**
 * One SSH host's facts.
 *
 * @param root the remote root folder (relative to the login's home, or absolute): the worker environment, the TLS
 *            material, the node logs and the shipped inputs live under it, so each host may lay out its disk its own way
 * @param java the Java 17+ launcher on the host ({@code java} on the login's PATH by default)
 * @param key the private key to offer, or null for the defaults
 * @param share a share pre-mounted on the host at this path (the manager's share root seen from there), or null:
 *            inputs are then shipped and outputs fetched over SFTP
 */
public record SshHost(String address, int port, String user, String root, String java, Path key, String share) {

    /** {@code address} or {@code address:port} when the port is not 22: how errors and events name the host. */
    public String label() {
        return port == 22 ? address : address + ":" + port;
    }
}
