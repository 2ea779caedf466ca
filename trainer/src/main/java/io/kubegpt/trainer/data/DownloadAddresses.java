package io.kubegpt.trainer.data;

import io.kubegpt.trainer.InvalidInputException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a corpus download may reach and say about its URL: never a link-local address (169.254.0.0/16, fe80::/10)
 * or a cloud metadata service, where a pod's cloud credentials are served, and never the {@code user:pass@} of a
 * URL in a message (messages reach the job's status, events and logs).
 */
final class DownloadAddresses {

    private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog",
            "metadata.azure.com");
    /** AWS's IPv6 instance metadata address; the IPv4 one, 169.254.169.254, is link-local. */
    private static final String AWS_METADATA_V6 = "fd00:ec2:0:0:0:0:0:254";
    private static final Pattern CREDENTIALS = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://)[^/?#@\\s]*@");

    private DownloadAddresses() {
    }

    /** {@code text} with the credentials of every URL in it removed. */
    static String withoutCredentials(String text) {
        return text == null ? null : CREDENTIALS.matcher(text).replaceAll("$1");
    }

    /** {@code uri} as messages show it: without credentials. */
    static String shown(URI uri) {
        return withoutCredentials(uri.toString());
    }

    /**
     * Refuses {@code uri} when its host is a metadata service or resolves to a link-local or metadata address.
     * A host that does not resolve is left to the request, which fails as a network error.
     */
    static void requireAllowed(URI uri, String field) {
        String host = uri.getHost();
        if (host == null) {
            throw new InvalidInputException(field, "'" + shown(uri) + "' names no host");
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (METADATA_HOSTS.contains(bare.toLowerCase(Locale.ROOT).replaceAll("\\.$", ""))) {
            throw refused(uri, field, "a cloud metadata service");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException unresolved) {
            return;
        }
        for (InetAddress address : addresses) {
            if (address.isLinkLocalAddress() || address.getHostAddress().toLowerCase(Locale.ROOT)
                    .replaceAll("%.*", "").equals(AWS_METADATA_V6)) {
                throw refused(uri, field, "the link-local or metadata address " + address.getHostAddress());
            }
        }
    }

    private static InvalidInputException refused(URI uri, String field, String what) {
        return new InvalidInputException(field, "GET " + shown(uri) + " refused: " + uri.getHost() + " is " + what
                + ", which a corpus download never reaches");
    }
}
